/**
 * Writes the DaCHS resource descriptors and CSV files that publish the bundled pilot fixtures through TAP.
 *
 *   node --import tsx scripts/dachs/make-rd.ts OUT_DIR
 *
 * Two resources (DaCHS schemas): `skygate` holds the pilot tables exactly as in fixtures/pilot; `skygate_b`
 * holds Object and ForcedSource with the one planted difference of `planted.ts`, for the cross-site test.
 * Each RD only declares the tables (columns typed from the Parquet schema); scripts/dachs/setup.sh creates
 * them with `dachs imp` and fills them with PostgreSQL `COPY` from the CSV files written here (DaCHS's own CSV
 * grammar takes ~40 s for Object's 991 columns and cannot tell NULL from empty text; COPY takes ~1 s).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { PLANTED, plantedSelect } from "./planted.js";

/** One published table: its TAP name, the Parquet file it comes from and the SELECT that makes its rows. */
interface Published {
  schema: string;
  table: string;
  parquet: string;
  select: string;
}

const repo = resolve(new URL("../..", import.meta.url).pathname);
const out = resolve(process.argv[2] ?? "build/dachs");
const pilot = join(repo, "fixtures/pilot");
const TABLES = ["Object", "ForcedSource", "Source", "CcdVisit", "Visit"];

const published: Published[] = [];
for (const name of TABLES) {
  const parquet = join(pilot, `${name}.parquet`);
  published.push({
    schema: "skygate",
    table: name.toLowerCase(),
    parquet,
    select: `SELECT * FROM '${parquet}'`,
  });
}
for (const name of ["Object", "ForcedSource"]) {
  const parquet = join(pilot, `${name}.parquet`);
  const select = name === PLANTED.table ? await plantedSelect(parquet) : `SELECT * FROM '${parquet}'`;
  published.push({ schema: "skygate_b", table: name.toLowerCase(), parquet, select });
}

/** DuckDB type → DaCHS column type (DaCHS types are SQL types; VOTable types follow from them). */
function dachsType(duck: string): string {
  switch (duck) {
    case "BIGINT":
      return "bigint";
    case "INTEGER":
      return "integer";
    case "SMALLINT":
      return "smallint";
    case "DOUBLE":
      return "double precision";
    case "FLOAT":
      return "real";
    case "BOOLEAN":
      return "boolean";
    case "VARCHAR":
      return "text";
    case "TIMESTAMP":
      return "timestamp";
    default:
      throw new Error(`make-rd: no DaCHS type for DuckDB type ${duck}`);
  }
}

/**
 * Integer columns need a NULL sentinel in VOTable TABLEDATA/BINARY. DaCHS copies a column's sentinel onto
 * COUNT(column), which it types as a 32-bit int: a bigint sentinel outside the int32 range makes every
 * `COUNT(bigint column)` fail to serialise ("'i' format requires -2147483648 <= number <= 2147483647"), so
 * bigint columns get the int32 minimum too (never a value in these tables).
 */
function nullValue(duck: string): string {
  const literal = { BIGINT: "-2147483648", INTEGER: "-2147483648", SMALLINT: "-32768" }[duck];
  return literal === undefined ? "/>" : `><values nullLiteral="${literal}"/></column>`;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

const db = await DuckDBInstance.create(":memory:");
const conn = await db.connect();
const bySchema = new Map<string, string[]>();
const manifest: { schema: string; table: string; csv: string; columns: string[]; rows: number }[] = [];
for (const p of published) {
  const dir = join(out, p.schema);
  mkdirSync(join(dir, "data"), { recursive: true });
  const described = await conn.runAndReadAll(`DESCRIBE ${p.select}`);
  const cols = described
    .getRowObjectsJson()
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const csv = join(dir, "data", `${p.table}.csv`);
  // NULL is written as an unquoted empty field, which PostgreSQL's CSV COPY reads as NULL; empty text is "".
  await conn.run(`COPY (${p.select}) TO '${csv}' (FORMAT csv, HEADER true)`);
  const n = await conn.runAndReadAll(`SELECT count(*) AS n FROM (${p.select})`);
  const rows = Number(n.getRowObjectsJson()[0]?.n);
  const columns = cols
    .map((c) => `    <column name="${xml(c.name)}" type="${dachsType(c.type)}"${nullValue(c.type)}`)
    .join("\n");
  const tables = bySchema.get(p.schema) ?? [];
  tables.push(
    `  <table id="${p.table}" onDisk="True" adql="True">\n` +
      `    <meta name="description">${xml(p.table)} of the skygate pilot fixtures (${rows} rows)</meta>\n` +
      `${columns}\n  </table>\n` +
      `  <data id="import_${p.table}"><make table="${p.table}"/></data>`,
  );
  bySchema.set(p.schema, tables);
  manifest.push({ schema: p.schema, table: p.table, csv, columns: cols.map((c) => c.name), rows });
}
for (const [schema, tables] of bySchema) {
  const rd =
    `<resource schema="${schema}">\n` +
    `  <meta name="title">skygate test fixtures (${schema})</meta>\n` +
    `  <meta name="description">The skygate pilot fixtures served for integration tests${schema === "skygate_b" ? `, with one planted difference: ${xml(PLANTED.description)}` : ""}.</meta>\n` +
    `  <meta name="creationDate">2026-01-01T00:00:00</meta>\n` +
    `  <meta name="subject">Data quality</meta>\n` +
    `${tables.join("\n")}\n</resource>\n`;
  writeFileSync(join(out, schema, "q.rd"), rd);
}
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`make-rd: ${manifest.length} tables in ${bySchema.size} resources under ${out}`);
