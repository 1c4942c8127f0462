/**
 * A site table held in local Parquet files (one file, a glob, or a Hive-partitioned folder), fingerprinted with
 * DuckDB SQL over `read_parquet`; the same aggregates a TAP site runs as ADQL.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { openTable } from "../io/open.js";
import { fingerprintKind } from "./fingerprint.js";
import type { AggregateRow, SiteColumn, SiteTable } from "./types.js";

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** A local Parquet table as a site table. */
export class LocalSiteTable implements SiteTable {
  queries = 0;
  private connection?: Promise<DuckDBConnection>;
  private described?: Promise<SiteColumn[]>;

  constructor(
    readonly name: string,
    readonly location: string,
    /** Resolved Parquet files. */
    readonly files: readonly string[],
    /** Whether `key=value/` folders add columns (Hive partitioning). */
    readonly hive: boolean,
  ) {}

  private connect(): Promise<DuckDBConnection> {
    this.connection ??= (async () => (await DuckDBInstance.create(":memory:")).connect())();
    return this.connection;
  }

  private relation(): string {
    return `read_parquet([${this.files.map(sqlString).join(", ")}], hive_partitioning = ${this.hive})`;
  }

  identifier(column: string): string {
    return `"${column.replace(/"/g, '""')}"`;
  }

  columns(): Promise<SiteColumn[]> {
    this.described ??= (async () => {
      const source = await openTable(this.name, [...this.files], { partitionColumns: this.hive });
      return (await source.columns()).map((c) => ({ name: c.name, kind: fingerprintKind(c.type) }));
    })();
    return this.described;
  }

  async aggregate(
    items: readonly (readonly [string, string])[],
    groupBy: readonly (readonly [string, string])[],
  ): Promise<AggregateRow[]> {
    const conn = await this.connect();
    const select = [...groupBy, ...items].map(([alias, e]) => `${e} AS ${alias}`).join(", ");
    const group = groupBy.length > 0 ? ` GROUP BY ${groupBy.map(([alias]) => alias).join(", ")}` : "";
    this.queries++;
    const reader = await conn.runAndReadAll(`SELECT ${select} FROM ${this.relation()}${group}`);
    const names = reader.columnNames();
    return reader.getRows().map((row) => Object.fromEntries(names.map((n, i) => [n, text(row[i])])));
  }

  close(): void {
    void this.connection?.then((c) => c.closeSync());
  }
}

function parquetFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...parquetFiles(path));
    else if (entry.endsWith(".parquet")) out.push(path);
  }
  return out;
}

/**
 * The tables of a local site spec: a Parquet file or glob (one table, named after the file or the folder
 * before the glob), or a folder: each `*.parquet` in it is a table, and each sub-folder holding Parquet files
 * (Hive `key=value/` partitions included) is one table named after the sub-folder; a folder whose entries are
 * all `key=value` folders is itself one Hive-partitioned table.
 * @example (await localSiteTables("fixtures/pilot/Object.parquet"))[0].name // "Object"
 */
export async function localSiteTables(spec: string): Promise<LocalSiteTable[]> {
  if (existsSync(spec) && statSync(spec).isDirectory()) {
    const entries = readdirSync(spec);
    if (entries.length > 0 && entries.every((e) => e.includes("=") || e.startsWith("."))) {
      // The folder itself is a Hive-partitioned table (tract=…/).
      return [new LocalSiteTable(basename(spec), spec, parquetFiles(spec), true)];
    }
    const tables: LocalSiteTable[] = [];
    for (const entry of readdirSync(spec).sort()) {
      const path = join(spec, entry);
      if (statSync(path).isDirectory()) {
        const files = parquetFiles(path);
        if (files.length > 0)
          tables.push(
            new LocalSiteTable(
              entry,
              path,
              files,
              files.some((f) => /=/.test(f)),
            ),
          );
      } else if (entry.endsWith(".parquet")) {
        tables.push(new LocalSiteTable(entry.replace(/\.parquet$/, ""), path, [path], false));
      }
    }
    return tables;
  }
  const source = await openTable("site", spec, {});
  const files = [...source.files];
  const glob = spec.search(/[*?[]/);
  const name =
    glob < 0
      ? basename(spec).replace(/\.parquet$/, "")
      : basename(spec.slice(0, spec.lastIndexOf("/", glob)));
  return [
    new LocalSiteTable(
      name,
      spec,
      files,
      files.some((f) => /\/[^/=]+=[^/]*\//.test(f)),
    ),
  ];
}
