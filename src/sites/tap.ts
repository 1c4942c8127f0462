/** A site table behind a TAP service, fingerprinted with ADQL aggregates (no row is downloaded). */

import { adqlIdentifier } from "../engines/sql/adql-tap.js";
import { TapClient, type TapClientOptions } from "../engines/tap/client.js";
import { openTapTable, parseTapSpec, type TapTableSource } from "../engines/tap/source.js";
import { fingerprintKind } from "./fingerprint.js";
import type { AggregateRow, SiteColumn, SiteTable } from "./types.js";

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** A TAP table as a site table. */
export class TapSiteTable implements SiteTable {
  private described?: Promise<SiteColumn[]>;

  constructor(
    readonly name: string,
    readonly location: string,
    readonly source: TapTableSource,
  ) {}

  get queries(): number {
    return this.source.client.queries;
  }

  identifier(column: string): string {
    return adqlIdentifier(column);
  }

  columns(): Promise<SiteColumn[]> {
    this.described ??= (async () =>
      (await this.source.columns()).map((c) => ({ name: c.name, kind: fingerprintKind(c.type) })))();
    return this.described;
  }

  async aggregate(
    items: readonly (readonly [string, string])[],
    groupBy: readonly (readonly [string, string])[],
  ): Promise<AggregateRow[]> {
    const select = [...groupBy, ...items].map(([alias, e]) => `${e} AS ${alias}`).join(", ");
    // Qserv wants GROUP BY on aliases that appear in the SELECT list; DaCHS accepts the same.
    const group = groupBy.length > 0 ? ` GROUP BY ${groupBy.map(([alias]) => alias).join(", ")}` : "";
    const result = await this.source.client.query(`SELECT ${select} FROM ${this.source.relation}${group}`);
    if (result.overflow !== undefined) {
      throw new Error(`${this.location}: the fingerprint query was truncated (${result.overflow})`);
    }
    const table = result.table;
    const names = table.schema.fields.map((f) => f.name);
    const lower = new Map(names.map((n) => [n.toLowerCase(), n]));
    const out: AggregateRow[] = [];
    for (let r = 0; r < table.numRows; r++) {
      const row: AggregateRow = {};
      for (const [alias] of [...groupBy, ...items]) {
        const name = lower.get(alias.toLowerCase());
        row[alias] = name === undefined ? null : text(table.getChild(name)?.get(r));
      }
      out.push(row);
    }
    return out;
  }
}

/**
 * The tables of a TAP site spec: `tap:URL#schema.table` (one table) or `tap:URL#schema` (every table of the
 * schema listed in TAP_SCHEMA).
 */
export async function tapSiteTables(spec: string, options: TapClientOptions = {}): Promise<TapSiteTable[]> {
  const body = spec.replace(/^tap:/i, "");
  const hash = body.lastIndexOf("#");
  const target = hash < 0 ? "" : body.slice(hash + 1);
  if (target !== "" && !target.includes(".")) {
    const service = body.slice(0, hash);
    const client = new TapClient(service, { ...options, mode: "sync" });
    const listed = await client.query(
      `SELECT table_name FROM TAP_SCHEMA.tables WHERE schema_name = '${target.replace(/'/g, "''")}'`,
      { mode: "sync" },
    );
    const names: string[] = [];
    const column = listed.table.getChild("table_name");
    for (let r = 0; r < listed.table.numRows; r++) names.push(String(column?.get(r)));
    const tables: TapSiteTable[] = [];
    for (const qualified of names.sort()) {
      const short = qualified.slice(qualified.lastIndexOf(".") + 1);
      const one = `tap:${service}#${qualified}`;
      tables.push(new TapSiteTable(short, one, (await openTapTable(short, one, options)) as TapTableSource));
    }
    return tables;
  }
  const { table } = parseTapSpec(spec);
  const short = table.slice(table.lastIndexOf(".") + 1);
  return [new TapSiteTable(short, spec, (await openTapTable(short, spec, options)) as TapTableSource)];
}
