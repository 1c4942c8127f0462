/**
 * Ingest readiness: what a Qserv (MySQL/MariaDB) ingest would reject or silently change, checked before the
 * release reaches it. Per table: names the database accepts and that match the schema's table
 * (`ingestIdentifiers`), names queries must quote (`ingestQuoting`), column types it can hold
 * (`ingestTypes`), columns written wider than the schema's (`ingestTypeNarrowing`, typed formats only),
 * floating values a DOUBLE can hold (`ingestInf`: ±Inf fails; `ingestNaN`: NaN is stored as NULL;
 * `ingestNaNNotNull`: NaN in a NOT NULL column, which the load refuses), expected row counts
 * (`ingestRows`). The director table's key unique and non-null (`directorKey`) and its positions present and on
 * the sphere (`directorPosition`: they drive the sharding); every child row's key in the director
 * (`childKey`). Counting is the engines' (one scan per table for the value checks).
 */
import { makeResult } from "../checks/result.js";
import { partialParent } from "../checks/run/judge.js";
import { knownExtra } from "../checks/table/knownExtras.js";
import { InputError } from "../core/errors.js";
import type { CheckResult, SampleRow } from "../core/results.js";
import type { Condition } from "../engines/condition.js";
import type { Engine } from "../engines/types.js";
import { PositionsError, positionColumnsOf } from "../holes/positions.js";
import type { ColumnInfo, TableSource } from "../io/table.js";
import type { FelisDatatype, FelisSchema } from "../schema/felis.js";
import { findTable } from "../schema/lookup.js";
import { identifierProblem, quotingNeed } from "./mysql-names.js";
import type { IngestSpec } from "./types.js";

/** An `ingest` section with its key and position columns resolved against the schema and the data. */
export interface PreparedIngest {
  spec: IngestSpec;
  key?: string;
  ra?: string;
  dec?: string;
  /** Not-nullable columns per table, from the schema (none known without one). */
  notNull: Map<string, Set<string>>;
  /** Primary-key column per table, for samples. */
  keys: Map<string, string | null>;
  /** The schema's columns per table (absent without a schema or when the schema lacks the table). */
  schemaColumns: Map<string, string[]>;
  /** The schema's felis datatype per table and column. */
  schemaTypes: Map<string, Map<string, FelisDatatype>>;
}

function result(
  table: string,
  column: string | null,
  check: string,
  status: CheckResult["status"],
  failing: number,
  total: number,
  message: string,
  sample: SampleRow[] = [],
): CheckResult {
  return { ...makeResult(table, column, check, status, failing, total, message), sample };
}

/**
 * Resolves the director's key (its schema primary key unless named) and positions (found by name/UCD unless
 * named); a name the data lacks is an InputError at the gate file's `ingest` line.
 * @example (await prepareIngest("g.yaml", { tables: ["Object"], children: {}, rows: {}, director: "Object" }, new Map([["Object", await openTable("Object", "fixtures/pilot/Object.parquet")]]), await dp02)).key // "objectId"
 */
export async function prepareIngest(
  gatePath: string,
  spec: IngestSpec,
  sources: ReadonlyMap<string, TableSource>,
  schema: FelisSchema | undefined,
): Promise<PreparedIngest> {
  const fail = (detail: string): never => {
    throw new InputError(
      gatePath,
      "schema",
      `ingest: ${detail}`,
      spec.line === undefined ? undefined : { line: spec.line },
    );
  };
  const notNull = new Map<string, Set<string>>();
  const keys = new Map<string, string | null>();
  const schemaColumns = new Map<string, string[]>();
  const schemaTypes = new Map<string, Map<string, FelisDatatype>>();
  for (const t of spec.tables) {
    const table = schema ? findTable(schema, t) : undefined;
    if (table) {
      schemaColumns.set(
        t,
        table.columns.map((c) => c.name),
      );
      schemaTypes.set(t, new Map(table.columns.map((c) => [c.name, c.datatype])));
    }
    notNull.set(t, new Set((table?.columns ?? []).filter((c) => !c.nullable).map((c) => c.name)));
    keys.set(t, table?.primaryKey.length === 1 ? table.primaryKey[0] : null);
  }
  if (spec.director === undefined) return { spec, notNull, keys, schemaColumns, schemaTypes };
  const director = sources.get(spec.director) as TableSource;
  const names = new Set((await director.columns()).map((c) => c.name));
  const key = spec.key ?? keys.get(spec.director) ?? undefined;
  if (key === undefined)
    fail(
      `name the director's key (\`key\`): ${spec.director} has no single-column primary key in the schema`,
    );
  if (!names.has(key as string)) fail(`director ${spec.director} has no column ${key}`);
  for (const [child, column] of Object.entries(spec.children)) {
    const cols = new Set((await (sources.get(child) as TableSource).columns()).map((c) => c.name));
    if (!cols.has(column)) fail(`child table ${child} has no column ${column}`);
  }
  let position: { ra: string; dec: string };
  try {
    position = await positionColumnsOf(director, {
      ...(spec.ra !== undefined ? { ra: spec.ra } : {}),
      ...(spec.dec !== undefined ? { dec: spec.dec } : {}),
    });
  } catch (error) {
    if (error instanceof PositionsError) fail(error.message);
    throw error;
  }
  return {
    spec,
    key: key as string,
    ra: position.ra,
    dec: position.dec,
    notNull,
    keys,
    schemaColumns,
    schemaTypes,
  };
}

function namesResults(
  table: string,
  all: readonly ColumnInfo[],
  partitioned: boolean,
  schemaColumns: readonly string[] | undefined,
): CheckResult[] {
  // pandas' index columns are storage, not catalog columns: a load into the schema's table leaves them out, as
  // check reports them once as schema.knownColumn.
  const columns = all.filter((c) => knownExtra(c.name)?.by !== "pandas");
  const problems: string[] = [];
  const quoting: string[] = [];
  // Names with a problem, of the names judged (table, data columns, schema columns the data lack).
  const flagged = new Set<string>();
  const flag = (text: string, ...names: string[]): void => {
    problems.push(text);
    for (const n of names) flagged.add(n);
  };
  const tableProblem = identifierProblem(table);
  if (tableProblem) flag(`table name ${table} ${tableProblem}`, `table ${table}`);
  const tableQuote = quotingNeed(table);
  if (tableQuote) quoting.push(`table name ${table} ${tableQuote}`);
  const seen = new Map<string, string>();
  // Partitioner output ends with chunkId, subChunkId: that is what Qserv loads, not a clash.
  const last = columns.slice(-2).map((c) => c.name.toLowerCase());
  const partitionerOutput = last[0] === "chunkid" && last[1] === "subchunkid";
  for (const c of columns) {
    const why = identifierProblem(c.name, partitioned && !partitionerOutput);
    if (why) flag(`${c.name} ${why}`, c.name);
    const quote = quotingNeed(c.name);
    if (quote) quoting.push(`${c.name} ${quote}`);
    const lower = c.name.toLowerCase();
    const other = seen.get(lower);
    if (other !== undefined)
      flag(`${c.name} and ${other} differ only in case (MySQL column names do not)`, c.name, other);
    seen.set(lower, c.name);
  }
  let judged = columns.length + 1;
  if (schemaColumns) {
    // The load goes into the schema's table: a column it lacks has no place, a missing one no value.
    const have = new Set(columns.map((c) => c.name));
    const want = new Set(schemaColumns);
    const extra = columns
      .filter((c) => !want.has(c.name))
      .map((c) => c.name)
      .filter((n) => !(partitionerOutput && ["chunkid", "subchunkid"].includes(n.toLowerCase())));
    const missing = schemaColumns.filter((c) => !have.has(c));
    judged += missing.length;
    if (extra.length > 0)
      flag(`not in the schema's table, so the load has no column for: ${extra.join(", ")}`, ...extra);
    if (missing.length > 0)
      flag(`in the schema's table but not in the data: ${missing.join(", ")}`, ...missing);
  }
  const storage = all.length - columns.length;
  const leftOut = storage > 0 ? ` (${storage} pandas index column(s) left out: not loaded)` : "";
  const list = (xs: string[]) => `${xs.slice(0, 10).join("; ")}${xs.length > 10 ? "; …" : ""}`;
  return [
    result(
      table,
      null,
      "ingestIdentifiers",
      problems.length > 0 ? "fail" : "pass",
      flagged.size,
      judged,
      problems.length > 0
        ? `${flagged.size} of ${judged} names have problems the target database would load${leftOut}: ${list(problems)}`
        : `table name and ${columns.length} column names are valid MySQL identifiers${schemaColumns ? " and match the schema's table" : ""}${leftOut}`,
    ),
    result(
      table,
      null,
      "ingestQuoting",
      quoting.length > 0 ? "fail" : "pass",
      quoting.length,
      columns.length + 1,
      quoting.length > 0
        ? `${quoting.length} name(s) every unqualified query must quote with backticks: ${list(quoting)}`
        : "no name needs quoting in queries",
    ),
  ];
}

const INTEGER_BITS: Partial<Record<string, number>> = { byte: 8, short: 16, int: 32, long: 64 };
const PHYSICAL_BITS: Partial<Record<string, number>> = {
  int8: 8,
  int16: 16,
  int32: 32,
  int64: 64,
  uint8: 16,
  uint16: 32,
  uint32: 64,
  uint64: 128,
};

/** What loading a column of `physical` type into a felis `datatype` column would change, or null. */
function narrowing(physical: string, datatype: FelisDatatype): string | null {
  const floating = physical === "float16" || physical === "float32" || physical === "float64";
  if (floating && INTEGER_BITS[datatype] !== undefined)
    return `${physical} into a ${datatype} column (MySQL rounds non-integral values)`;
  if (physical === "float64" && datatype === "float")
    return "float64 into a float column (digits beyond single precision are lost)";
  const bits = PHYSICAL_BITS[physical];
  const room = INTEGER_BITS[datatype];
  if (bits !== undefined && room !== undefined && bits > room)
    return `${physical} into a ${datatype} column (values beyond its ${room}-bit range are refused)`;
  return null;
}

/** Formats whose column types were written by the pipeline (text formats' types are the reader's guess). */
const TYPED_FORMATS = new Set(["parquet", "fits", "votable", "arrow", "memory"]);

/** The integer range a narrower integer column holds, when `physical` into `datatype` is an integer narrowing. */
function integerRoom(physical: string, datatype: FelisDatatype): [number, number] | null {
  const bits = PHYSICAL_BITS[physical];
  const room = INTEGER_BITS[datatype];
  if (bits === undefined || room === undefined || bits <= room) return null;
  return [-(2 ** (room - 1)), 2 ** (room - 1) - 1];
}

async function typesResults(
  table: string,
  source: TableSource,
  columns: readonly ColumnInfo[],
  engine: Engine,
  schemaTypes?: ReadonlyMap<string, FelisDatatype>,
): Promise<CheckResult[]> {
  // A column without any value (type null: pandas' all-None, an all-empty CSV column) loads as NULL into
  // whatever column type the schema gives it.
  const hard = columns
    .filter((c) => c.type === "list" || c.type === "other")
    .map((c) => `${c.name} (${c.type})`);
  const wider = TYPED_FORMATS.has(source.format)
    ? columns.flatMap((c) => {
        const datatype = schemaTypes?.get(c.name);
        const why = datatype === undefined ? null : narrowing(c.type, datatype);
        return why === null || datatype === undefined ? [] : [{ column: c, datatype, why }];
      })
    : [];
  // An integer written 64-bit (pandas' default) into a 32-bit column loses nothing when every value fits: only
  // the values beyond the column's range are a finding (one count pass over those columns).
  const ranged = wider.flatMap((w) => {
    const room = integerRoom(w.column.type, w.datatype);
    return room === null ? [] : [{ ...w, room }];
  });
  const beyond = new Map<string, number>();
  if (ranged.length > 0) {
    const counts = await engine.countWhere(source, {
      conditions: ranged.map((r) => ({
        id: r.column.name,
        where: {
          op: "or",
          args: [
            { op: "lt", column: r.column.name, value: r.room[0] },
            { op: "gt", column: r.column.name, value: r.room[1] },
          ],
        } as Condition,
      })),
      sampleSize: 0,
    });
    for (const c of counts) if (c.error === undefined) beyond.set(c.id, c.count);
  }
  const fitting = ranged.filter((r) => beyond.get(r.column.name) === 0).map((r) => r.column.name);
  const narrow = wider
    .filter((w) => !fitting.includes(w.column.name))
    .map((w) => {
      const n = beyond.get(w.column.name);
      return `${w.column.name}: ${w.why}${n === undefined ? "" : ` (${n} row${n === 1 ? "" : "s"} beyond it)`}`;
    });
  const fits =
    fitting.length > 0
      ? ` (${fitting.join(", ")}: wider type, but every value fits the schema's column)`
      : "";
  const list = (xs: string[]) => `${xs.slice(0, 10).join("; ")}${xs.length > 10 ? "; …" : ""}`;
  const out = [
    result(
      table,
      null,
      "ingestTypes",
      hard.length > 0 ? "fail" : "pass",
      hard.length,
      columns.length,
      hard.length > 0
        ? `${hard.length} column(s) of a type MySQL has no column type for (nested lists, structs, maps): ${list(hard)}`
        : `every one of ${columns.length} column types maps to a MySQL type`,
    ),
  ];
  if (schemaTypes && TYPED_FORMATS.has(source.format))
    out.push(
      result(
        table,
        null,
        "ingestTypeNarrowing",
        narrow.length > 0 ? "fail" : "pass",
        narrow.length,
        columns.length,
        narrow.length > 0
          ? `${narrow.length} column(s) written wider than the schema's column, so values may change on load: ${list(narrow)}${fits}`
          : `no column is written wider than the schema's column${fits}`,
      ),
    );
  return out;
}

async function doubleResults(
  table: string,
  source: TableSource,
  columns: readonly ColumnInfo[],
  engine: Engine,
  prepared: PreparedIngest,
): Promise<CheckResult[]> {
  const floats = columns.filter((c) => c.type === "float16" || c.type === "float32" || c.type === "float64");
  if (floats.length === 0) return [];
  const conditions = floats.flatMap((c) => [
    { id: `${c.name}\u0000nan`, where: { op: "isNaN", column: c.name } as Condition },
    {
      id: `${c.name}\u0000inf`,
      where: {
        op: "or",
        args: [
          { op: "isPosInf", column: c.name },
          { op: "isNegInf", column: c.name },
        ],
      } as Condition,
    },
  ]);
  const key = prepared.keys.get(table) ?? null;
  const counts = await engine.countWhere(source, { conditions, sampleSize: 5, keyColumn: key });
  const out: CheckResult[] = [];
  const notNull = prepared.notNull.get(table) ?? new Set<string>();
  let nanColumns = 0;
  let infColumns = 0;
  for (const c of counts) {
    const [column, what] = c.id.split("\u0000");
    if (c.error !== undefined) {
      out.push(
        result(
          table,
          column,
          what === "nan" ? "ingestNaN" : "ingestInf",
          "error",
          0,
          c.total,
          `${table}.${column}: ${c.error}`,
        ),
      );
      continue;
    }
    if (c.count === 0) continue;
    if (what === "inf") {
      infColumns++;
      out.push(
        result(
          table,
          column,
          "ingestInf",
          "fail",
          c.count,
          c.total,
          `${c.count} of ${c.total} rows are ±Inf, which a MySQL DOUBLE cannot hold: the load fails (strict mode) or changes them`,
          c.sample,
        ),
      );
    } else {
      nanColumns++;
      const required = notNull.has(column);
      out.push(
        result(
          table,
          column,
          required ? "ingestNaNNotNull" : "ingestNaN",
          "fail",
          c.count,
          c.total,
          required
            ? `${c.count} of ${c.total} rows are NaN in a NOT NULL column: MySQL has no NaN and stores NULL, which the column refuses`
            : `${c.count} of ${c.total} rows are NaN, which MySQL stores as NULL (queries can no longer tell NaN from a missing value)`,
          c.sample,
        ),
      );
    }
  }
  const total = counts[0]?.total ?? 0;
  if (infColumns === 0)
    out.push(
      result(table, null, "ingestInf", "pass", 0, total, `no ±Inf in ${floats.length} floating columns`),
    );
  if (nanColumns === 0)
    out.push(
      result(table, null, "ingestNaN", "pass", 0, total, `no NaN in ${floats.length} floating columns`),
    );
  return out;
}

/**
 * Runs the ingest-readiness checks over the section's tables (never throws for data problems: a count that
 * cannot be made is `error`).
 * @example
 * const sources = new Map([["Object", await openTable("Object", "fixtures/pilot/Object.parquet")]]);
 * const spec = { tables: ["Object"], children: {}, rows: { Object: 1500 }, director: "Object" };
 * const results = await runIngestStep(await prepareIngest("g.yaml", spec, sources, await dp02), sources, () => new ArrowEngine());
 * results.find((r) => r.check === "directorKey")?.failing // 8
 */
export async function runIngestStep(
  prepared: PreparedIngest,
  sources: ReadonlyMap<string, TableSource>,
  engineFor: (...sources: TableSource[]) => Engine,
): Promise<CheckResult[]> {
  const { spec } = prepared;
  const out: CheckResult[] = [];
  const partitioned = new Set([...(spec.director ? [spec.director] : []), ...Object.keys(spec.children)]);
  for (const table of spec.tables) {
    const source = sources.get(table) as TableSource;
    const columns = await source.columns();
    out.push(...namesResults(table, columns, partitioned.has(table), prepared.schemaColumns.get(table)));
    out.push(
      ...(await typesResults(table, source, columns, engineFor(source), prepared.schemaTypes.get(table))),
    );
    try {
      out.push(...(await doubleResults(table, source, columns, engineFor(source), prepared)));
    } catch (error) {
      out.push(
        result(
          table,
          null,
          "ingestInf",
          "error",
          0,
          0,
          `${table}: values could not be counted: ${(error as Error).message}`,
        ),
      );
    }
    const expected = spec.rows[table];
    if (expected !== undefined) {
      const rows = await source.rowCount();
      out.push(
        result(
          table,
          null,
          "ingestRows",
          rows === expected ? "pass" : "fail",
          rows === expected ? 0 : Math.abs(rows - expected),
          expected,
          `${rows} rows where ${expected} are expected${rows === expected ? "" : ` (${rows > expected ? "+" : ""}${rows - expected})`}`,
        ),
      );
    }
  }
  if (spec.director !== undefined && prepared.key !== undefined) {
    const name = spec.director;
    const director = sources.get(name) as TableSource;
    const engine = engineFor(director);
    const key = prepared.key;
    try {
      const dup = await engine.duplicateKeys(director, [key], { sampleSize: 5 });
      const [nulls] = await engine.countWhere(director, {
        conditions: [{ id: "null", where: { op: "isNull", column: key } }],
        sampleSize: 5,
      });
      const failing = dup.failing + nulls.count;
      out.push(
        result(
          name,
          key,
          "directorKey",
          failing > 0 ? "fail" : "pass",
          failing,
          dup.total,
          failing > 0
            ? `${dup.failing} rows share a ${key} with another row and ${nulls.count} have none: a director table's key must be unique and non-null (children are joined and sharded by it)`
            : `${key} is unique and non-null in ${dup.total} rows`,
          [...dup.sample, ...nulls.sample].slice(0, 20),
        ),
      );
    } catch (error) {
      out.push(
        result(name, key, "directorKey", "error", 0, 0, `${name}.${key}: ${(error as Error).message}`),
      );
    }
    const ra = prepared.ra as string;
    const dec = prepared.dec as string;
    const bad = (column: string): Condition[] => [
      { op: "isNull", column },
      { op: "isNaN", column },
      { op: "isPosInf", column },
      { op: "isNegInf", column },
    ];
    const where: Condition = {
      op: "or",
      args: [
        ...bad(ra),
        ...bad(dec),
        { op: "lt", column: ra, value: 0 },
        { op: "ge", column: ra, value: 360 },
        { op: "lt", column: dec, value: -90 },
        { op: "gt", column: dec, value: 90 },
      ],
    };
    try {
      const [c] = await engine.countWhere(director, {
        conditions: [{ id: "pos", where }],
        sampleSize: 5,
        keyColumn: key,
        raColumn: ra,
        decColumn: dec,
      });
      out.push(
        result(
          name,
          ra,
          "directorPosition",
          c.count > 0 ? "fail" : "pass",
          c.count,
          c.total,
          c.count > 0
            ? `${c.count} of ${c.total} rows have no position Qserv can shard on (${ra}/${dec} null, NaN, ±Inf or outside [0, 360) × [-90, 90] deg)`
            : `every row has ${ra}/${dec} on the sphere`,
          c.sample,
        ),
      );
    } catch (error) {
      out.push(result(name, ra, "directorPosition", "error", 0, 0, `${name}: ${(error as Error).message}`));
    }
    for (const [child, column] of Object.entries(spec.children)) {
      const source = sources.get(child) as TableSource;
      // As for foreignKey: a key absent from a director read in part may be in the rest (every key found, or a
      // row with no key at all, is still proven).
      const unjudged = partialParent(name, director.partial);
      try {
        const e = engineFor(source, director);
        const orphans = await e.orphanKeys(source, column, director, key, { sampleSize: 5 });
        const [nulls] = await e.countWhere(source, {
          conditions: [{ id: "null", where: { op: "isNull", column } }],
          sampleSize: 5,
        });
        if (unjudged !== null && orphans.failing > 0 && nulls.count === 0) {
          out.push(result(child, column, "childKey", "error", 0, 0, `${child}.${column}: ${unjudged}`));
          continue;
        }
        // Against a partial director only the rows without a key are proven unplaceable.
        const absent = unjudged === null ? orphans.failing : 0;
        const failing = absent + nulls.count;
        out.push(
          result(
            child,
            column,
            "childKey",
            failing > 0 ? "fail" : "pass",
            failing,
            orphans.total,
            failing > 0
              ? `${unjudged === null ? `${orphans.failing} rows refer to a ${key} absent from ${name} and ` : ""}${nulls.count} have none: Qserv places a child row in its director's chunk, so these cannot be placed${unjudged === null || orphans.failing === 0 ? "" : ` (keys absent from ${name} not judged: ${unjudged})`}`
              : `every row's ${column} is in ${name}.${key}`,
            [...(unjudged === null ? orphans.sample : []), ...nulls.sample].slice(0, 20),
          ),
        );
      } catch (error) {
        out.push(
          result(child, column, "childKey", "error", 0, 0, `${child}.${column}: ${(error as Error).message}`),
        );
      }
    }
  }
  // A table read in part (skipped files, a row limit): its counts are partial, as in a check run.
  for (const r of out) if (sources.get(r.table)?.partial !== undefined) r.partial = true;
  return out;
}
