/**
 * Numeric columns for figures: one or a few columns streamed from a table source into Float64Arrays, nulls
 * counted (not turned into NaN), so a histogram can show both. Only the named columns are read.
 */
import type { TableSource } from "../io/table.js";

/** Values of one numeric column (nulls left out) and how many rows were null. */
export interface NumericColumn {
  values: Float64Array;
  nulls: number;
}

interface ArrowVectorLike {
  length: number;
  nullCount: number;
  toArray(): ArrayLike<number | bigint | boolean>;
  isValid(i: number): boolean;
}

function append(out: number[] | Float64Array[], vector: ArrowVectorLike): number {
  const raw = vector.toArray();
  const n = vector.length;
  const chunk = new Float64Array(n);
  let k = 0;
  let nulls = 0;
  const checkNulls = vector.nullCount > 0;
  for (let i = 0; i < n; i++) {
    if (checkNulls && !vector.isValid(i)) {
      nulls++;
      continue;
    }
    const v = raw[i];
    chunk[k++] = typeof v === "number" ? v : Number(v);
  }
  (out as Float64Array[]).push(chunk.subarray(0, k));
  return nulls;
}

function concat(chunks: Float64Array[]): Float64Array {
  const out = new Float64Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Read numeric columns of a source (streamed batch by batch); a column that is not numeric throws.
 * @example (await readNumericColumns(source, ["coord_ra"])).coord_ra.values.length // 1500
 */
export async function readNumericColumns(
  source: TableSource,
  columns: readonly string[],
): Promise<Record<string, NumericColumn>> {
  const chunks: Record<string, Float64Array[]> = {};
  const nulls: Record<string, number> = {};
  for (const c of columns) {
    chunks[c] = [];
    nulls[c] = 0;
  }
  for await (const batch of source.scan({ columns })) {
    for (const c of columns) {
      const vector = batch.data.getChild(c) as unknown as ArrowVectorLike | null;
      if (vector === null) throw new Error(`column ${c} not found in ${source.name}`);
      nulls[c] += append(chunks[c], vector);
    }
  }
  const out: Record<string, NumericColumn> = {};
  for (const c of columns) out[c] = { values: concat(chunks[c]), nulls: nulls[c] };
  return out;
}

/**
 * Rows of a position pair where both values are present (nulls dropped pairwise), in degrees.
 * @example (await readPositions(source, "coord_ra", "coord_dec", "deg")).ra.length // 1500
 */
export async function readPositions(
  source: TableSource,
  raColumn: string,
  decColumn: string,
  unit: "deg" | "rad" = "deg",
): Promise<{ ra: Float64Array; dec: Float64Array }> {
  const ra: Float64Array[] = [];
  const dec: Float64Array[] = [];
  const f = unit === "rad" ? 180 / Math.PI : 1;
  for await (const batch of source.scan({ columns: [raColumn, decColumn] })) {
    const a = batch.data.getChild(raColumn) as unknown as ArrowVectorLike | null;
    const d = batch.data.getChild(decColumn) as unknown as ArrowVectorLike | null;
    if (a === null || d === null) throw new Error(`position columns missing in ${source.name}`);
    const av = a.toArray();
    const dv = d.toArray();
    const n = a.length;
    const ro = new Float64Array(n);
    const dd = new Float64Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      if ((a.nullCount > 0 && !a.isValid(i)) || (d.nullCount > 0 && !d.isValid(i))) continue;
      ro[k] = Number(av[i]) * f;
      dd[k++] = Number(dv[i]) * f;
    }
    ra.push(ro.subarray(0, k));
    dec.push(dd.subarray(0, k));
  }
  return { ra: concat(ra), dec: concat(dec) };
}
