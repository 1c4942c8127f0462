/**
 * What Parquet column-chunk statistics prove about a whole source, so that the profile query can leave
 * out the aggregates they answer: null counts (hence `count(x)`), and min / max of integer and float
 * columns. Statistics are used only when every row of the source is covered by a chunk that has them
 * (a file lacking the column, a Hive partition column or a chunk without statistics falls back to SQL).
 * Booleans whose chunks are all false (max false) or all true (min true) need no aggregate at all.
 * Float bounds are used only when finite and non-zero: writers leave NaN out of min / max (so finite
 * bounds are the bounds of the finite values, which is what the profile reports) and may write −0 for 0.
 */
import type { PhysicalType } from "../../io/table.js";
import { exactInteger } from "../../metrics/types.js";

/** One column chunk's statistics as DuckDB's parquet_metadata() gives them (values as strings). */
export interface ChunkStats {
  column: string;
  rows: number;
  nullCount: number | null;
  min: string | null;
  max: string | null;
}

/** Statistics proven for a column over every row: `valid` (non-null count), `min`/`max`, and `trues` of a boolean. */
export interface KnownStats {
  valid?: number;
  /** Exact for 64-bit integers beyond ±2^53 (a bigint), as the profile reports them. */
  min?: number | bigint;
  max?: number | bigint;
  trues?: number;
}

const BOUNDED: ReadonlySet<PhysicalType> = new Set<PhysicalType>([
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "float32",
  "float64",
]);

/**
 * A chunk bound as DuckDB's min()/max() would give it (float32 rounded as float32; int64 exact, as a bigint), or
 * null.
 */
function bound(text: string | null, type: PhysicalType): number | bigint | null {
  if (text === null || text.trim() === "") return null;
  if (type === "int64") return /^-?\d+$/.test(text.trim()) ? BigInt(text.trim()) : null;
  const value = type === "float32" ? Math.fround(Number(text)) : Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Per column, the statistics that chunks prove for all `totalRows` rows of the source.
 * @example provenStats([{ column: "x", rows: 3, nullCount: 1, min: "1.5", max: "9" }], new Map([["x", "float64"]]), 3).get("x") // { valid: 2, min: 1.5, max: 9 }
 */
export function provenStats(
  chunks: readonly ChunkStats[],
  types: ReadonlyMap<string, PhysicalType>,
  totalRows: number,
): Map<string, KnownStats> {
  const byColumn = new Map<string, ChunkStats[]>();
  for (const chunk of chunks) {
    const list = byColumn.get(chunk.column);
    if (list) list.push(chunk);
    else byColumn.set(chunk.column, [chunk]);
  }
  const out = new Map<string, KnownStats>();
  for (const [column, list] of byColumn) {
    const type = types.get(column);
    if (type === undefined) continue;
    let rows = 0;
    let nulls = 0;
    let nullsKnown = true;
    for (const c of list) {
      rows += c.rows;
      if (c.nullCount === null || !(c.nullCount >= 0 && c.nullCount <= c.rows)) nullsKnown = false;
      else nulls += c.nullCount;
    }
    if (rows !== totalRows || !nullsKnown) continue;
    const known: KnownStats = { valid: totalRows - nulls };
    if (BOUNDED.has(type) && nulls < totalRows) {
      let min: number | bigint = Number.POSITIVE_INFINITY;
      let max: number | bigint = Number.NEGATIVE_INFINITY;
      let ok = true;
      for (const c of list) {
        if (c.nullCount === c.rows) continue; // all null: no bounds to read
        const lo = bound(c.min, type);
        const hi = bound(c.max, type);
        if (lo === null || hi === null || lo > hi) {
          ok = false;
          break;
        }
        if (lo < min) min = lo;
        if (hi > max) max = hi;
      }
      const float = type === "float32" || type === "float64";
      if (ok && min <= max && !(float && (min === 0 || max === 0))) {
        known.min = typeof min === "bigint" ? exactInteger(min) : min;
        known.max = typeof max === "bigint" ? exactInteger(max) : max;
      }
    }
    if (type === "bool") {
      // every non-null value false (each chunk's max is false) or every one true (each chunk's min is true)
      const some = list.filter((c) => c.nullCount !== c.rows);
      if (some.every((c) => c.max === "false")) known.trues = 0;
      else if (some.every((c) => c.min === "true")) known.trues = known.valid;
    }
    out.set(column, known);
  }
  return out;
}
