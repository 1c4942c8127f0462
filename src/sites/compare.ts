/**
 * Cross-site consistency: the same release held by two sites (two TAP services, a service and local Parquet,
 * or two local copies) compared table by table through per-partition fingerprints, so that only aggregates
 * cross the network. Points at the partitions and the columns that differ.
 */
import { fingerprintItems, partitionItems, partitionLabel } from "./fingerprint.js";
import { sameAggregate } from "./same.js";
import type {
  AggregateRow,
  FingerprintKind,
  PartitionDifference,
  SiteColumn,
  SitePartitionRequest,
  SitePartitionSpec,
  SiteTable,
  SiteTableComparison,
} from "./types.js";

/** What to compare and how to split it. */
export interface CompareSitesOptions {
  /**
   * Partitioning; default: tract (and patch) when both sites have them, else 1° equal-area sky cells, else none.
   * Sky cells without position columns take the first pair both sites have.
   */
  partitionBy?: SitePartitionRequest;
  /** Only these columns (default every column both sites have). */
  columns?: readonly string[];
  /** Columns per query (default 40): keeps each ADQL statement small for the service's parser. */
  columnsPerQuery?: number;
  /** Stop listing partitions after this many differences per table (default 200); counts stay complete. */
  maxDifferences?: number;
}

const POSITION_PAIRS: [string, string][] = [
  ["coord_ra", "coord_dec"],
  ["ra", "dec"],
  ["ra", "decl"],
];

/**
 * The default partitioning of a table present at both sites (column names compared case-insensitively).
 * @example defaultPartition([{ name: "tract", kind: "integer" }, { name: "patch", kind: "integer" }]) // { kind: "columns", columns: ["tract", "patch"] }
 * @example defaultPartition([{ name: "coord_ra", kind: "float64" }, { name: "coord_dec", kind: "float64" }]).kind // "cells"
 */
export function defaultPartition(common: readonly SiteColumn[]): SitePartitionSpec {
  const has = (n: string) => common.find((c) => c.name.toLowerCase() === n);
  const tract = has("tract");
  if (tract) {
    const patch = has("patch");
    return { kind: "columns", columns: patch ? [tract.name, patch.name] : [tract.name] };
  }
  for (const [ra, dec] of POSITION_PAIRS) {
    const r = has(ra);
    const d = has(dec);
    if (r && d) return { kind: "cells", ra: r.name, dec: d.name, size: 1 };
  }
  return { kind: "none" };
}

/**
 * The partitioning of one table from the one asked for: sky cells on the first position pair both sites have (a
 * named column replaces its side of each pair: coord_ra/coord_dec, ra/dec, ra/decl), key columns checked present.
 * Throws a one-line message naming the table and the columns tried, so no query names an absent column.
 * @example resolvePartition({ kind: "cells", size: 0.1 }, [{ name: "ra", kind: "float64" }, { name: "dec", kind: "float64" }], "DiaSource") // { kind: "cells", ra: "ra", dec: "dec", size: 0.1 }
 */
export function resolvePartition(
  request: SitePartitionRequest | undefined,
  common: readonly SiteColumn[],
  table: string,
): SitePartitionSpec {
  if (request === undefined) return defaultPartition(common);
  const has = (n: string) => common.find((c) => c.name.toLowerCase() === n.toLowerCase())?.name;
  if (request.kind === "columns") {
    const absent = request.columns.filter((c) => has(c) === undefined);
    if (absent.length > 0)
      throw new Error(`table ${table} has no partition column ${absent.join(", ")} at both sites`);
    return { kind: "columns", columns: request.columns.map((c) => has(c) as string) };
  }
  if (request.kind === "none") return request;
  const tried = [...new Set(POSITION_PAIRS.map(([r, d]) => `${request.ra ?? r}/${request.dec ?? d}`))].map(
    (pair) => pair.split("/") as [string, string],
  );
  for (const [r, d] of tried) {
    const ra = has(r);
    const dec = has(d);
    if (ra !== undefined && dec !== undefined) return { kind: "cells", ra, dec, size: request.size };
  }
  const names = tried.map((p) => p.join("/")).join(", ");
  throw new Error(
    `table ${table} has no position columns for sky cells at both sites (tried ${names}; name them with --ra/--dec)`,
  );
}

/** An aggregate's answer that is NaN (DuckDB, PostgreSQL and VOTable spell it differently). */
function isNaNText(value: string | null): boolean {
  return value !== null && /^[-+]?nan$/i.test(value.trim());
}

function widerKind(a: FingerprintKind, b: FingerprintKind): FingerprintKind {
  if (a === b) return a;
  if ((a === "float32" && b === "float64") || (a === "float64" && b === "float32")) return "float32";
  if (a === "other" || b === "other" || a === "text" || b === "text") return "text";
  return a === "boolean" || b === "boolean" ? "text" : "float64";
}

async function fingerprints(
  site: SiteTable,
  groupBy: [string, string][],
  chunks: { alias: string; expression: string }[][],
): Promise<Map<string, AggregateRow>> {
  const rows = new Map<string, AggregateRow>();
  for (const [i, chunk] of chunks.entries()) {
    const items: [string, string][] = chunk.map((c) => [c.alias, c.expression]);
    if (i === 0) items.unshift(["n_rows", "COUNT(*)"]);
    for (const row of await site.aggregate(items, groupBy)) {
      const key = groupBy.map(([alias]) => row[alias] ?? "\u0000").join("\u0001");
      rows.set(key, { ...(rows.get(key) ?? {}), ...row });
    }
  }
  return rows;
}

const numberOr0 = (v: string | null | undefined) => (v === null || v === undefined ? 0 : Number(v));

/**
 * Compares one table held by two sites: row counts per partition and per-partition fingerprints of every
 * common column. Never throws: a site that cannot answer makes the comparison `error`.
 */
export async function compareSiteTables(
  a: SiteTable,
  b: SiteTable,
  options: CompareSitesOptions = {},
): Promise<SiteTableComparison> {
  const base: SiteTableComparison = {
    table: a.name,
    a: a.location,
    b: b.location,
    status: "error",
    message: "",
    partitionBy: { kind: "none" },
    rows: { a: 0, b: 0 },
    partitions: { a: 0, b: 0, differing: 0 },
    columns: 0,
    columnsOnlyIn: { a: [], b: [] },
    differingColumns: [],
    differences: [],
    queries: { a: 0, b: 0 },
  };
  const startA = a.queries;
  const startB = b.queries;
  try {
    const [colsA, colsB] = await Promise.all([a.columns(), b.columns()]);
    const byLowerB = new Map(colsB.map((c) => [c.name.toLowerCase(), c]));
    const lowerA = new Set(colsA.map((c) => c.name.toLowerCase()));
    let common: SiteColumn[] = colsA.flatMap((c) => {
      const other = byLowerB.get(c.name.toLowerCase());
      return other ? [{ name: c.name, kind: widerKind(c.kind, other.kind) }] : [];
    });
    base.columnsOnlyIn = {
      a: colsA.filter((c) => !byLowerB.has(c.name.toLowerCase())).map((c) => c.name),
      b: colsB.filter((c) => !lowerA.has(c.name.toLowerCase())).map((c) => c.name),
    };
    const spec = resolvePartition(options.partitionBy, common, a.name);
    base.partitionBy = spec;
    if (options.columns) {
      const wanted = new Set(options.columns.map((c) => c.toLowerCase()));
      const unknown = options.columns.filter(
        (c) => !common.some((k) => k.name.toLowerCase() === c.toLowerCase()),
      );
      if (unknown.length > 0) throw new Error(`no column ${unknown.join(", ")} at both sites`);
      common = common.filter((c) => wanted.has(c.name.toLowerCase()));
    }
    const keys = new Set(
      (spec.kind === "columns" ? spec.columns : spec.kind === "cells" ? [] : []).map((c) => c.toLowerCase()),
    );
    const fingerprinted = common.filter((c) => !keys.has(c.name.toLowerCase()));
    base.columns = fingerprinted.length;
    const kindOf = new Map(fingerprinted.map((c) => [c.name, c.kind]));
    const size = Math.max(1, options.columnsPerQuery ?? 40);
    const chunksFor = (site: SiteTable) => {
      const items = fingerprinted.flatMap((c, i) => fingerprintItems(c, i, (n) => site.identifier(n)));
      const out: (typeof items)[] = [];
      for (let i = 0; i < items.length; i += size * 5) out.push(items.slice(i, i + size * 5));
      return out.length > 0 ? out : [[]];
    };
    const chunksA = chunksFor(a);
    const chunksB = chunksFor(b);
    const groupA = partitionItems(spec, (n) => a.identifier(n));
    const groupB = partitionItems(spec, (n) => b.identifier(n));
    const [fa, fb] = await Promise.all([fingerprints(a, groupA, chunksA), fingerprints(b, groupB, chunksB)]);
    const items = chunksA.flat();
    const maxDifferences = options.maxDifferences ?? 200;
    const perColumn = new Map<string, number>();
    const nanColumns = new Map<string, number>();
    let differing = 0;
    const allKeys = [...new Set([...fa.keys(), ...fb.keys()])].sort((x, y) =>
      x.localeCompare(y, "en", { numeric: true }),
    );
    for (const key of allKeys) {
      const ra = fa.get(key);
      const rb = fb.get(key);
      const values = key.split("\u0001").map((v) => (v === "\u0000" ? null : v));
      const diff: PartitionDifference = {
        partition: partitionLabel(spec, values),
        key: Object.fromEntries(groupA.map(([alias], i) => [alias, values[i] ?? null])),
        rows: { a: numberOr0(ra?.n_rows), b: numberOr0(rb?.n_rows) },
        differences: [],
      };
      base.rows.a += diff.rows.a;
      base.rows.b += diff.rows.b;
      if (!ra || !rb || diff.rows.a !== diff.rows.b) {
        diff.differences.push({
          column: "*",
          aggregate: "rows",
          a: ra ? String(diff.rows.a) : null,
          b: rb ? String(diff.rows.b) : null,
        });
      }
      if (ra && rb) {
        for (const item of items) {
          const kind = kindOf.get(item.column) ?? "other";
          const min = Number(ra[item.alias.replace(/_[a-z]+$/, "_min")] ?? Number.NaN);
          const max = Number(ra[item.alias.replace(/_[a-z]+$/, "_max")] ?? Number.NaN);
          const maxAbs = Math.max(
            Number.isFinite(min) ? Math.abs(min) : 0,
            Number.isFinite(max) ? Math.abs(max) : 0,
          );
          const x = ra[item.alias] ?? null;
          const y = rb[item.alias] ?? null;
          if (item.aggregate === "sum" && isNaNText(x) && isNaNText(y))
            nanColumns.set(item.column, (nanColumns.get(item.column) ?? 0) + 1);
          if (!sameAggregate(item.aggregate, kind, x, y, { rows: diff.rows.a, maxAbs })) {
            diff.differences.push({ column: item.column, aggregate: item.aggregate, a: x, b: y });
          }
        }
      }
      if (diff.differences.length === 0) continue;
      differing++;
      for (const c of new Set(diff.differences.map((d) => d.column)))
        perColumn.set(c, (perColumn.get(c) ?? 0) + 1);
      if (base.differences.length < maxDifferences) base.differences.push(diff);
    }
    base.partitions = { a: fa.size, b: fb.size, differing };
    base.differingColumns = [...perColumn.entries()]
      .map(([column, partitions]) => ({ column, partitions }))
      .sort((x, y) => y.partitions - x.partitions || x.column.localeCompare(y.column));
    if (nanColumns.size > 0)
      base.nanPartitions = [...nanColumns.entries()]
        .map(([column, partitions]) => ({ column, partitions }))
        .sort((x, y) => y.partitions - x.partitions || x.column.localeCompare(y.column));
    const nanPairs = [...nanColumns.values()].reduce((t, n) => t + n, 0);
    const nanNote =
      nanPairs > 0
        ? `${nanPairs} (partition, column) pairs hold NaN at both sites, so only COUNT and MIN compared them (${[
            ...nanColumns.keys(),
          ]
            .slice(0, 3)
            .join(", ")}${nanColumns.size > 3 ? ", …" : ""})`
        : "";
    const schemaDiffers = base.columnsOnlyIn.a.length + base.columnsOnlyIn.b.length > 0;
    base.status = differing > 0 || schemaDiffers ? "fail" : "pass";
    base.message =
      base.status === "pass"
        ? `${base.rows.a} rows in ${fa.size} partitions, ${base.columns} columns: identical fingerprints${nanNote ? `; ${nanNote}` : ""}`
        : [
            base.rows.a !== base.rows.b
              ? `rows ${base.rows.a} vs ${base.rows.b}`
              : `${base.rows.a} rows at both`,
            `${differing} of ${allKeys.length} partitions differ`,
            base.differingColumns.length > 0
              ? `in ${base.differingColumns
                  .slice(0, 5)
                  .map((c) => c.column)
                  .join(", ")}${base.differingColumns.length > 5 ? ", …" : ""}`
              : "",
            schemaDiffers
              ? `columns only at A: ${base.columnsOnlyIn.a.join(", ") || "none"}; only at B: ${base.columnsOnlyIn.b.join(", ") || "none"}`
              : "",
            nanNote,
          ]
            .filter((s) => s !== "")
            .join("; ");
  } catch (error) {
    base.status = "error";
    base.error = (error as Error).message;
    base.message = `could not compare: ${base.error}`;
  }
  base.queries = { a: a.queries - startA, b: b.queries - startB };
  return base;
}
