/**
 * A table behind a TAP service, `tap:SERVICE_URL#SCHEMA.TABLE`: its columns (names, types, units, UCDs,
 * descriptions) come from the service's TAP_SCHEMA, so no local schema is needed; reading it downloads the table
 * through one query (only sensible for small tables: engines push aggregates down instead).
 */
import { Table as ArrowTable, type Vector } from "apache-arrow";
import { InputError, UsageError } from "../../core/errors.js";
import type {
  ColumnInfo,
  PhysicalType,
  ReadOptions,
  ScanOptions,
  SkyTable,
  SourceInfo,
  TableBatch,
  TableSource,
} from "../../io/table.js";
import { type AdqlFlavor, adqlIdentifier, adqlTableName } from "../sql/adql-tap.js";
import { TapClient, type TapClientOptions, tableRows } from "./client.js";

/** The parts of a `tap:` spec. */
export interface TapSpec {
  serviceUrl: string;
  table: string;
}

/**
 * Splits `tap:SERVICE_URL#SCHEMA.TABLE` (the `tap:` prefix optional).
 * @example parseTapSpec("tap:https://data.lsst.cloud/api/tap#dp02_dc2_catalogs.Object") // { serviceUrl: "https://data.lsst.cloud/api/tap", table: "dp02_dc2_catalogs.Object" }
 */
export function parseTapSpec(spec: string): TapSpec {
  const body = spec.replace(/^tap:/i, "");
  const hash = body.lastIndexOf("#");
  const serviceUrl = hash < 0 ? body : body.slice(0, hash);
  const table = hash < 0 ? "" : body.slice(hash + 1);
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    throw new UsageError(`${spec}: the TAP service URL is not a URL (write tap:SERVICE_URL#SCHEMA.TABLE)`);
  }
  if (url.username || url.password)
    throw new UsageError(`a TAP URL must not hold credentials: put the token in SKYGATE_TAP_TOKEN`);
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError(`${spec}: the TAP service URL must be http(s)`);
  if (!/^[A-Za-z_][\w]*(\.[A-Za-z_"][\w"]*)*$/.test(table))
    throw new UsageError(`${spec}: name the table after '#' (tap:SERVICE_URL#SCHEMA.TABLE)`);
  return { serviceUrl: serviceUrl.replace(/\/+$/, ""), table };
}

/**
 * The backend a service runs on: SKYGATE_TAP_DIALECT (`qserv` or `postgres`) when set, else `qserv` for Rubin's
 * data.lsst.cloud (and hosts naming qserv), `postgres` otherwise (DaCHS and most services).
 * @example tapFlavor("https://data.lsst.cloud/api/tap", {}) // "qserv"
 */
export function tapFlavor(
  serviceUrl: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): AdqlFlavor {
  const forced = env.SKYGATE_TAP_DIALECT?.toLowerCase();
  if (forced === "qserv" || forced === "postgres") return forced;
  const host = new URL(serviceUrl).hostname;
  return /lsst\.cloud$|qserv/i.test(host) ? "qserv" : "postgres";
}

/**
 * The physical type of a TAP_SCHEMA datatype (VOTable names of TAP 1.1, or ADQL/SQL names of TAP 1.0).
 * @example tapPhysicalType("BIGINT", null) // "int64"
 */
export function tapPhysicalType(datatype: string, arraysize: string | null): PhysicalType {
  const t = datatype.toLowerCase().replace(/^adql:/, "");
  const scalar = arraysize === null || arraysize === "" || arraysize === "1";
  if (
    t === "char" ||
    t === "unicodechar" ||
    t === "varchar" ||
    t === "clob" ||
    t === "string" ||
    t === "text"
  )
    return "string";
  if (t === "timestamp" || t === "date") return t;
  if (!scalar) return "list";
  const table: Record<string, PhysicalType> = {
    boolean: "bool",
    bit: "bool",
    unsignedbyte: "uint8",
    short: "int16",
    smallint: "int16",
    int: "int32",
    integer: "int32",
    long: "int64",
    bigint: "int64",
    float: "float32",
    real: "float32",
    double: "float64",
    "double precision": "float64",
    timestamp: "timestamp",
    date: "date",
  };
  return table[t] ?? "other";
}

/** A TAP table: service, qualified name, dialect and the client that reaches it. */
export class TapTableSource implements TableSource {
  readonly format = "tap" as const;
  readonly files: readonly string[] = [];
  readonly client: TapClient;
  readonly flavor: AdqlFlavor;
  private described?: Promise<ColumnInfo[]>;
  /** Lower-case name → the spelling to report (see withColumnSpellings). */
  private spellings = new Map<string, string>();
  private counted?: Promise<number>;

  constructor(
    readonly name: string,
    readonly spec: TapSpec,
    options: TapClientOptions & { flavor?: AdqlFlavor } = {},
  ) {
    this.client = new TapClient(spec.serviceUrl, options);
    this.flavor = options.flavor ?? tapFlavor(spec.serviceUrl);
  }

  /** `tap:URL#TABLE`, as the report names the source. */
  get path(): string {
    return `tap:${this.spec.serviceUrl}#${this.spec.table}`;
  }

  /** The table as it appears in ADQL. */
  get relation(): string {
    return adqlTableName(this.spec.table);
  }

  /**
   * Reports columns under these spellings where TAP_SCHEMA lists them in another case (DaCHS lists PostgreSQL's
   * folded lower case); ADQL sends names unquoted, so queries reach the same columns.
   */
  withColumnSpellings(names: readonly string[]): this {
    for (const name of names)
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) this.spellings.set(name.toLowerCase(), name);
    this.described = undefined;
    return this;
  }

  /** Columns from TAP_SCHEMA.columns (TAP 1.1 `arraysize`; TAP 1.0 services are asked without it). */
  columns(): Promise<ColumnInfo[]> {
    this.described ??= (async () => {
      const rows = await this.schemaRows();
      if (rows.length === 0)
        throw new InputError(
          this.path,
          "missing",
          `TAP_SCHEMA lists no columns for table ${this.spec.table}`,
        );
      return rows.map((r) => {
        const listed = String(r.column_name);
        const info: ColumnInfo = {
          name: this.spellings.get(listed.toLowerCase()) ?? listed,
          // TAP 1.1 serves timestamps as char with xtype="timestamp" (DaCHS does; found by test/tap-server).
          type:
            String(r.xtype ?? "").toLowerCase() === "timestamp"
              ? "timestamp"
              : tapPhysicalType(
                  String(r.datatype ?? ""),
                  r.arraysize === null || r.arraysize === undefined ? null : String(r.arraysize),
                ),
        };
        if (r.unit) info.unit = String(r.unit);
        if (r.ucd) info.ucd = String(r.ucd);
        if (r.description) info.description = String(r.description);
        return info;
      });
    })();
    return this.described;
  }

  private async schemaRows(): Promise<Record<string, unknown>[]> {
    const names = [this.spec.table, this.spec.table.toLowerCase()];
    for (const withSize of [true, false]) {
      for (const name of new Set(names)) {
        const adql = `SELECT column_name, datatype, ${withSize ? "arraysize, xtype, " : ""}unit, ucd, description FROM TAP_SCHEMA.columns WHERE table_name = '${name.replace(/'/g, "''")}'`;
        try {
          const result = await this.client.query(adql, { mode: "sync", maxrec: 100_000 });
          const rows = tableRows(result.table);
          if (rows.length > 0) return rows;
        } catch (error) {
          if (!withSize)
            throw new InputError(
              this.path,
              "service",
              `cannot read TAP_SCHEMA: ${(error as Error).message}`,
              undefined,
              { cause: error },
            );
          break;
        }
      }
    }
    return [];
  }

  rowCount(): Promise<number> {
    this.counted ??= (async () => {
      const result = await this.client.query(`SELECT COUNT(*) AS n FROM ${this.relation}`);
      return Number(tableRows(result.table)[0]?.n ?? 0);
    })();
    return this.counted;
  }

  /** The whole table (or some columns) downloaded in one query; a result cut at MAXREC is an InputError. */
  async read(options: ReadOptions = {}): Promise<SkyTable> {
    const all = (await this.columns()).map((c) => c.name);
    const wanted = options.columns ? [...options.columns] : all;
    const missing = wanted.filter((c) => !all.includes(c));
    if (missing.length > 0) throw new Error(`table ${this.name} has no column ${missing.join(", ")}`);
    const rows = await this.rowCount();
    const result = await this.client.query(
      `SELECT ${wanted.map(adqlIdentifier).join(", ")} FROM ${this.relation}`,
      {
        maxrec: Math.max(rows + 1, 1),
      },
    );
    if (result.overflow !== undefined)
      throw new InputError(
        this.path,
        "truncated",
        `the service returned part of the table (${result.overflow})`,
      );
    const source: SourceInfo = { path: this.path, format: "tap", rows: result.table.numRows };
    // Result columns keep the service's spelling (case may differ); name them as TAP_SCHEMA does.
    const vectors: Record<string, Vector> = {};
    wanted.forEach((name, i) => {
      vectors[name] = result.table.getChildAt(i) as Vector;
    });
    const data = new ArrowTable(vectors);
    return { name: this.name, data, sources: [source] };
  }

  async *scan(options: ScanOptions = {}): AsyncIterable<TableBatch> {
    const table = await this.read(options);
    const source = table.sources[0] as SourceInfo;
    let rowOffset = 0;
    for (const batch of table.data.batches) {
      if (batch.numRows === 0) continue;
      yield { source, rowOffset, data: batch };
      rowOffset += batch.numRows;
    }
  }

  /** Where this table's rows come from, for reports. */
  async sources(): Promise<SourceInfo[]> {
    return [{ path: this.path, format: "tap", rows: await this.rowCount() }];
  }
}

/**
 * Opens `tap:SERVICE_URL#SCHEMA.TABLE`, reading its columns from TAP_SCHEMA now so an unreachable service or an
 * unknown table fails here (InputError, exit 2).
 * @example await openTapTable("Object", "tap:nowhere#dp02.Object") // throws UsageError: tap:nowhere#dp02.Object: the TAP service URL is not a URL (write tap:SERVICE_URL#SCHEMA.TABLE)
 */
export async function openTapTable(
  name: string,
  spec: string,
  options: TapClientOptions = {},
): Promise<TapTableSource> {
  const source = new TapTableSource(name, parseTapSpec(spec), options);
  try {
    await source.columns();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(source.path, "service", (error as Error).message, undefined, { cause: error });
  }
  return source;
}
