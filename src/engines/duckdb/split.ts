/**
 * How a wide request is cut into one query per thread (DuckDB parallelises a scan by row groups only, so a
 * file of one row group keeps one core busy). Each query decodes every column it names, so a condition goes
 * with the columns it reads (a flux, its flag, its error): columns linked by conditions stay in one part, and
 * the parts are balanced by weight (a column's aggregates, a condition's columns).
 */

/** A column to profile with the number of aggregates it costs, or a condition with the columns it reads. */
export interface WeightedColumn {
  name: string;
  weight: number;
}

/** A condition and the columns its predicate reads. */
export interface ReadingCondition {
  columns: readonly string[];
}

/**
 * Cuts columns and conditions into `parts` groups: linked columns (read by one condition) and their conditions
 * together, the heaviest groups first, each to the lightest part. Falls back to dealing items in turn when one
 * group alone would outweigh a fair share (a column that every condition reads).
 * @example
 * const cut = splitWork([{ name: "f", weight: 4 }, { name: "f_flag", weight: 1 }, { name: "g", weight: 4 }, { name: "g_flag", weight: 1 }],
 *   [{ columns: ["f", "f_flag"] }, { columns: ["g", "g_flag"] }], 2);
 * cut.columns.map((part) => part.map((c) => c.name)) // [["f", "f_flag"], ["g", "g_flag"]]
 */
export function splitWork<C extends WeightedColumn, K extends ReadingCondition>(
  columns: readonly C[],
  conditions: readonly K[],
  parts: number,
): { columns: C[][]; conditions: K[][] } {
  if (parts <= 1) return { columns: [[...columns]], conditions: [[...conditions]] };
  // union-find over column names: a condition links the columns it reads
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(x, root);
    return root;
  };
  for (const c of columns) parent.set(c.name, c.name);
  for (const k of conditions) {
    const [first, ...rest] = k.columns;
    if (first === undefined) continue;
    if (!parent.has(first)) parent.set(first, first);
    for (const other of rest) {
      if (!parent.has(other)) parent.set(other, other);
      parent.set(find(other), find(first));
    }
  }
  const groups = new Map<string, { weight: number; columns: C[]; conditions: K[] }>();
  const groupOf = (name: string) => {
    const root = find(name);
    let g = groups.get(root);
    if (g === undefined) {
      g = { weight: 0, columns: [], conditions: [] };
      groups.set(root, g);
    }
    return g;
  };
  for (const c of columns) {
    const g = groupOf(c.name);
    g.columns.push(c);
    g.weight += c.weight;
  }
  const unread: K[] = [];
  for (const k of conditions) {
    if (k.columns[0] === undefined) {
      unread.push(k);
      continue;
    }
    const g = groupOf(k.columns[0]);
    g.conditions.push(k);
    g.weight += k.columns.length;
  }
  const sorted = [...groups.values()].sort((a, b) => b.weight - a.weight);
  const total = sorted.reduce((sum, g) => sum + g.weight, 0);
  if ((sorted[0]?.weight ?? 0) > total / parts) return dealtWork(columns, conditions, parts);
  const out = Array.from({ length: parts }, () => ({ weight: 0, columns: [] as C[], conditions: [] as K[] }));
  for (const g of sorted) {
    const lightest = out.reduce((min, p) => (p.weight < min.weight ? p : min));
    lightest.columns.push(...g.columns);
    lightest.conditions.push(...g.conditions);
    lightest.weight += g.weight;
  }
  unread.forEach((k, i) => {
    out[i % parts]?.conditions.push(k);
  });
  // each part's columns in the order asked (answers are put back in that order anyway)
  const order = new Map(columns.map((c, i) => [c, i]));
  for (const p of out) p.columns.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return { columns: out.map((p) => p.columns), conditions: out.map((p) => p.conditions) };
}

/** Items dealt in turn, as cards. */
function dealtWork<C, K>(
  columns: readonly C[],
  conditions: readonly K[],
  parts: number,
): { columns: C[][]; conditions: K[][] } {
  const deal = <T>(items: readonly T[]) =>
    Array.from({ length: parts }, (_, k) => items.filter((_, i) => i % parts === k));
  return { columns: deal(columns), conditions: deal(conditions) };
}
