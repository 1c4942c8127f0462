/**
 * How a wide request is cut into one query per thread (DuckDB parallelises a scan by row groups only, so a
 * file of one row group keeps one core busy). A query's time goes mostly to decoding the columns it names, so a
 * condition goes with the columns it reads (a flux, its flag, its error): columns linked by conditions stay in
 * one part, and each part gets about as many columns. Without conditions this is dealing columns in turn, which
 * measured better than balancing by aggregate counts (worst-case 100k x 991 profile: 2.1-2.8 s against 2.6-3.0 s).
 */

/** A column to profile. */
export interface NamedColumn {
  name: string;
}

/** A condition and the columns its predicate reads. */
export interface ReadingCondition {
  columns: readonly string[];
}

/**
 * Cuts columns and conditions into `parts` groups: linked columns (read by one condition) and their conditions
 * together, each group (in the order its first column was asked) to the part with the fewest columns so far.
 * Falls back to dealing items in turn when one group alone would hold more than a fair share of the columns (a
 * column that every condition reads).
 * @example
 * const cut = splitWork([{ name: "f" }, { name: "g" }, { name: "f_flag" }, { name: "g_flag" }],
 *   [{ columns: ["f", "f_flag"] }, { columns: ["g", "g_flag"] }], 2);
 * cut.columns.map((part) => part.map((c) => c.name)) // [["f", "f_flag"], ["g", "g_flag"]]
 */
export function splitWork<C extends NamedColumn, K extends ReadingCondition>(
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
  // groups in the order their first column comes; weight = the distinct columns a part's query decodes for it
  const groups = new Map<string, { names: Set<string>; columns: C[]; conditions: K[] }>();
  const groupOf = (name: string) => {
    const root = find(name);
    let g = groups.get(root);
    if (g === undefined) {
      g = { names: new Set(), columns: [], conditions: [] };
      groups.set(root, g);
    }
    g.names.add(name);
    return g;
  };
  for (const c of columns) groupOf(c.name).columns.push(c);
  const unread: K[] = [];
  for (const k of conditions) {
    if (k.columns[0] === undefined) {
      unread.push(k);
      continue;
    }
    for (const name of k.columns) groupOf(name);
    groupOf(k.columns[0]).conditions.push(k);
  }
  const all = [...groups.values()];
  const total = all.reduce((sum, g) => sum + g.names.size, 0);
  if (all.some((g) => g.names.size > total / parts)) return dealtWork(columns, conditions, parts);
  const out = Array.from({ length: parts }, () => ({ weight: 0, columns: [] as C[], conditions: [] as K[] }));
  for (const g of all) {
    const lightest = out.reduce((min, p) => (p.weight < min.weight ? p : min));
    lightest.columns.push(...g.columns);
    lightest.conditions.push(...g.conditions);
    lightest.weight += g.names.size;
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
