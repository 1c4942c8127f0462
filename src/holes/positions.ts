/**
 * Sky positions of a table as two Float64Arrays (16 bytes per object, no per-row objects), read
 * column-projected through the engines: DuckDB streams `SELECT ra, dec … WHERE …` over Parquet (out of core,
 * filters pushed down), the Arrow engine's reader streams record batches of just the needed columns
 * for every other format. Positions that are not on the sphere are counted (and sampled with their row
 * numbers through the engine's countWhere), never silently dropped.
 */

import type { SampleRow } from "../core/results.js";
import { evaluateCondition } from "../engines/arrow/evaluate.js";
import type { Condition } from "../engines/condition.js";
import { conditionColumns } from "../engines/condition.js";
import { DuckDBEngine } from "../engines/duckdb/duckdb-engine.js";
import { conditionToSql } from "../engines/sql/condition-sql.js";
import { duckdbDialect } from "../engines/sql/dialect.js";
import type { Engine } from "../engines/types.js";
import type { TableSource } from "../io/table.js";
import { positionColumns } from "../schema/positions.js";

/** Positions of the selected rows of one table, in degrees. */
export interface Positions {
  table: string;
  sources: string[];
  ra: Float64Array;
  dec: Float64Array;
  /** Rows in the table. */
  rows: number;
  /** Rows passing the filter (valid or not). */
  selected: number;
  /** Selected rows whose position is null, NaN, infinite or off the sphere (RA ∉ [0, 360), |Dec| > 90). */
  invalid: number;
  /** Up to 20 of those rows (row index in the table as read). */
  invalidSample: SampleRow[];
  columns: { ra: string; dec: string; unit: "deg" | "rad" };
  engine: string;
}

/** Why positions could not be read: the table has no position columns, or a filter column is absent. */
export class PositionsError extends Error {
  override readonly name = "PositionsError";
}

/** Options of {@link readPositions}. */
export interface ReadPositionsOptions {
  /** Position columns; detected from names/units/UCDs (coord_ra/coord_dec, ra/dec, …) when omitted. */
  ra?: string;
  dec?: string;
  unit?: "deg" | "rad";
  /** Rows to keep (e.g. detect_isPrimary true). */
  where?: Condition | null;
  /** Engine to read with; a DuckDBEngine streams Parquet through SQL, anything else reads batches. */
  engine?: Engine;
}

/** The condition that marks a position as unusable, in the columns' unit. */
function invalidCondition(ra: string, dec: string, unit: "deg" | "rad"): Condition {
  const full = unit === "rad" ? 2 * Math.PI : 360;
  const quarter = unit === "rad" ? Math.PI / 2 : 90;
  const bad = (column: string): Condition[] => [
    { op: "isNull", column },
    { op: "isNaN", column },
    { op: "isPosInf", column },
    { op: "isNegInf", column },
  ];
  return {
    op: "or",
    args: [
      ...bad(ra),
      ...bad(dec),
      { op: "lt", column: ra, value: 0 },
      { op: "ge", column: ra, value: full },
      { op: "lt", column: dec, value: -quarter },
      { op: "gt", column: dec, value: quarter },
    ],
  };
}

/** Resolves the position columns of a source, or throws PositionsError naming the table. */
export async function positionColumnsOf(
  source: TableSource,
  options: Pick<ReadPositionsOptions, "ra" | "dec" | "unit"> = {},
): Promise<{ ra: string; dec: string; unit: "deg" | "rad" }> {
  const columns = await source.columns();
  const names = new Set(columns.map((c) => c.name));
  if (options.ra !== undefined || options.dec !== undefined) {
    const ra = options.ra ?? "";
    const dec = options.dec ?? "";
    for (const c of [ra, dec]) {
      if (!names.has(c)) throw new PositionsError(`table ${source.name} has no column "${c}"`);
    }
    return { ra, dec, unit: options.unit ?? "deg" };
  }
  const pair = positionColumns(columns.map((c) => ({ name: c.name, unit: c.unit, ucd: c.ucd })));
  if (!pair) {
    throw new PositionsError(
      `table ${source.name} has no RA/Dec columns (looked for coord_ra/coord_dec, ra/dec and pos.eq UCDs; name them with --ra/--dec)`,
    );
  }
  return { ra: pair.ra, dec: pair.dec, unit: options.unit ?? pair.unit };
}

/**
 * Reads the positions of a table's selected rows, projected to the position and filter columns only.
 * @example
 * const p = await readPositions(await openTable("Object", "fixtures/pilot/Object.parquet"), { where: parseWhere(["detect_isPrimary"]) });
 * p.ra.length // 1425 — rows kept with a valid position
 */
export async function readPositions(
  source: TableSource,
  options: ReadPositionsOptions = {},
): Promise<Positions> {
  const columns = await positionColumnsOf(source, options);
  const where = options.where ?? null;
  const names = new Set((await source.columns()).map((c) => c.name));
  const missing = where ? conditionColumns(where).filter((c) => !names.has(c)) : [];
  if (missing.length > 0) {
    throw new PositionsError(`table ${source.name} has no column ${missing.join(", ")} (named in --where)`);
  }
  const rows = await source.rowCount();
  const engine = options.engine;
  const read =
    engine instanceof DuckDBEngine && engine.supports(source)
      ? await readDuckDB(engine, source, columns, where, rows)
      : await readBatches(source, columns, where, rows);
  const out: Positions = {
    table: source.name,
    sources: [...source.files],
    ra: read.ra,
    dec: read.dec,
    rows,
    selected: read.selected,
    invalid: read.selected - read.ra.length,
    invalidSample: [],
    columns,
    engine: engine instanceof DuckDBEngine && engine.supports(source) ? "duckdb" : "arrow",
  };
  if (out.invalid > 0 && engine) {
    const bad = invalidCondition(columns.ra, columns.dec, columns.unit);
    const [count] = await engine.countWhere(source, {
      conditions: [{ id: "invalid", where: where ? { op: "and", args: [where, bad] } : bad }],
      sampleSize: 20,
      raColumn: columns.ra,
      decColumn: columns.dec,
      positionUnit: columns.unit,
    });
    out.invalidSample = count.sample;
  }
  return out;
}

interface Read {
  ra: Float64Array;
  dec: Float64Array;
  selected: number;
}

/** Appends one position if it lies on the sphere; returns the new fill. */
function push(ra: Float64Array, dec: Float64Array, n: number, a: number, d: number, scale: number): number {
  const r = a * scale;
  const e = d * scale;
  // NaN fails every comparison, so this also drops NaN and ±Inf.
  if (r >= 0 && r < 360 && e >= -90 && e <= 90) {
    ra[n] = r;
    dec[n] = e;
    return n + 1;
  }
  return n;
}

async function readBatches(
  source: TableSource,
  columns: { ra: string; dec: string; unit: "deg" | "rad" },
  where: Condition | null,
  rows: number,
): Promise<Read> {
  const wanted = new Set([columns.ra, columns.dec, ...(where ? conditionColumns(where) : [])]);
  const ra = new Float64Array(rows);
  const dec = new Float64Array(rows);
  const scale = columns.unit === "rad" ? 180 / Math.PI : 1;
  let n = 0;
  let selected = 0;
  for await (const batch of source.scan({ columns: [...wanted] })) {
    const data = batch.data;
    const mask = where ? evaluateCondition(data, where) : null;
    const a = data.getChild(columns.ra);
    const d = data.getChild(columns.dec);
    if (a === null || d === null)
      throw new PositionsError(`table ${source.name}: a batch lacks ${columns.ra}/${columns.dec}`);
    const av = a.data[0];
    const dv = d.data[0];
    const typed =
      ArrayBuffer.isView(av.values) &&
      ArrayBuffer.isView(dv.values) &&
      av.nullCount === 0 &&
      dv.nullCount === 0;
    const aValues = av.values as ArrayLike<number>;
    const dValues = dv.values as ArrayLike<number>;
    for (let i = 0; i < data.numRows; i++) {
      if (mask !== null && mask[i] === 0) continue;
      selected++;
      if (typed && typeof aValues[i] === "number") n = push(ra, dec, n, aValues[i], dValues[i], scale);
      else {
        const x = a.get(i);
        const y = d.get(i);
        if (x === null || y === null) continue;
        n = push(ra, dec, n, Number(x), Number(y), scale);
      }
    }
  }
  return { ra: ra.subarray(0, n), dec: dec.subarray(0, n), selected };
}

async function readDuckDB(
  engine: DuckDBEngine,
  source: TableSource,
  columns: { ra: string; dec: string; unit: "deg" | "rad" },
  where: Condition | null,
  rows: number,
): Promise<Read> {
  const q = duckdbDialect.quote;
  const types = await engine.columnTypes(source);
  const predicate = where ? conditionToSql(where, types, duckdbDialect) : null;
  const files = source.files.map((f) => duckdbDialect.literal(f)).join(", ");
  // NULL becomes NaN so every vector is dense and the loop below needs no validity checks.
  const sql = `SELECT coalesce(CAST(${q(columns.ra)} AS DOUBLE), 'NaN'::DOUBLE), coalesce(CAST(${q(columns.dec)} AS DOUBLE), 'NaN'::DOUBLE)
    FROM read_parquet([${files}], union_by_name = true)${predicate ? ` WHERE ${predicate}` : ""}`;
  const connection = await engine.connection();
  const result = await connection.stream(sql);
  const ra = new Float64Array(rows);
  const dec = new Float64Array(rows);
  const scale = columns.unit === "rad" ? 180 / Math.PI : 1;
  let n = 0;
  let selected = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const a = chunk.getColumnVector(0);
    const d = chunk.getColumnVector(1);
    const count = chunk.rowCount;
    selected += count;
    for (let i = 0; i < count; i++)
      n = push(ra, dec, n, a.getItem(i) as number, d.getItem(i) as number, scale);
  }
  return { ra: ra.subarray(0, n), dec: dec.subarray(0, n), selected };
}
