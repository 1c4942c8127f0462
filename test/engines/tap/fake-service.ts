// An in-process TAP service for unit tests (node:http on 127.0.0.1, port 0): sync and UWS async endpoints,
// TAP_SCHEMA, results in TABLEDATA / BINARY / BINARY2 VOTable or CSV, and the failures real services show:
// errors as HTTP 200 error documents, HTTP 5xx, slow answers, bodies cut off mid-stream, MAXREC overflow,
// results served by redirect from another origin (a "bucket"). ADQL is answered by DuckDB over Parquet files
// after a small translation, and in `qserv` mode every query is first checked against Qserv's restrictions
// (lintQservAdql) and rejected the way a service does (HTTP 200, QUERY_STATUS=ERROR).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  BIGINT,
  DOUBLE,
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBScalarFunction,
  INTEGER,
} from "@duckdb/node-api";
import { lintQservAdql } from "../../../src/engines/sql/qserv-lint.js";
import { ang2pixNest } from "../../../src/sky/healpix/ang2pix.js";

export interface FakeTable {
  /** `schema.table` as the service names it. */
  name: string;
  /** Parquet files holding it. */
  files: string[];
}

/** What the next requests should suffer: decided per request from its method, path and a running count. */
export type Fault = "http500" | "http503" | "slow" | "truncate" | null;

export interface FakeOptions {
  tables: FakeTable[];
  /** Reject what Qserv rejects (sub-queries, other aggregates, BOX, BETWEEN on RA/Dec…). */
  qserv?: boolean;
  /** TAP_SCHEMA lists column names in lower case (as DaCHS does). */
  lowerCaseSchema?: boolean;
  /** Serve async results by a 303 to a second server (another origin). */
  bucket?: boolean;
  /** Service-side MAXREC cap (default 1e9). */
  hardMaxrec?: number;
  /** Ms a slow answer takes. */
  slowMs?: number;
  /** Chooses a fault for a request (called once per request). */
  fault?: (request: { method: string; path: string; n: number }) => Fault;
  /** Format used when RESPONSEFORMAT is `votable` (default tabledata). */
  votable?: "tabledata" | "binary" | "binary2";
}

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  server: "tap" | "bucket";
  params: Record<string, string>;
}

interface Job {
  id: string;
  phase: "PENDING" | "EXECUTING" | "COMPLETED" | "ERROR" | "ABORTED";
  params: Record<string, string>;
  result?: { body: string; type: string };
  error?: string;
  done?: Promise<void>;
}

/** The running fake: its URL, what it received, and how to stop it. */
export interface FakeTap {
  url: string;
  requests: RecordedRequest[];
  /** ADQL queries received, in order. */
  queries: string[];
  jobs: Map<string, Job>;
  close(): Promise<void>;
  options: FakeOptions;
}

/** ADQL → DuckDB SQL: TOP n → LIMIT n, spherical CONTAINS of a point in a convex polygon or circle. */
export function translate(adql: string): string {
  let sql = adql;
  // PostgreSQL's NaN semantics (NaN = NaN, NaN above +Infinity), which DuckDB does not keep inside CASE over Parquet.
  sql = sql.replace(/\(([\w."]+) = CAST\('NaN' AS DOUBLE PRECISION\)\)/g, "(isnan($1))");
  sql = sql.replace(
    /([\w."]+) < CAST\('Infinity' AS DOUBLE PRECISION\)/g,
    "(NOT isnan($1) AND $1 < CAST('Infinity' AS DOUBLE))",
  );
  // The short forms the PostgreSQL profile writes (a string literal cast by the comparison, as PostgreSQL does).
  sql = sql.replace(/ABS\(([\w."]+)\) < 'Infinity'/g, "isfinite($1)");
  sql = sql.replace(/([\w."]+) = 'NaN'/g, "isnan($1)");
  sql = sql.replace(/([\w."]+) < 'Infinity'/g, "(NOT isnan($1) AND $1 < CAST('Infinity' AS DOUBLE))");
  sql = sql.replace(/([\w."]+) > '-Infinity'/g, "(isnan($1) OR $1 > CAST('-Infinity' AS DOUBLE))");
  sql = sql.replace(/([\w."]+) = '(-?Infinity)'/g, "$1 = CAST('$2' AS DOUBLE)");
  const top = /^\s*SELECT\s+TOP\s+(\d+)\s+/i.exec(sql);
  if (top) sql = `SELECT ${sql.slice(top[0].length)} LIMIT ${top[1]}`;
  sql = sql.replace(
    /CONTAINS\s*\(\s*POINT\s*\(\s*'ICRS'\s*,\s*([^,]+?)\s*,\s*([^)]+?)\s*\)\s*,\s*POLYGON\s*\(\s*'ICRS'\s*,\s*([^)]*)\)\s*\)/gi,
    (_m, ra: string, dec: string, list: string) => polygonSql(ra, dec, list.split(",").map(Number)),
  );
  sql = sql.replace(
    /CONTAINS\s*\(\s*POINT\s*\(\s*'ICRS'\s*,\s*([^,]+?)\s*,\s*([^)]+?)\s*\)\s*,\s*CIRCLE\s*\(\s*'ICRS'\s*,\s*([^,]+),([^,]+),([^)]+)\)\s*\)/gi,
    (_m, ra: string, dec: string, cra: string, cdec: string, r: string) =>
      `(CASE WHEN ${unit(ra, dec)} * ${vec(Number(cra), Number(cdec))} >= cos(radians(${Number(r)})) THEN 1 ELSE 0 END)`,
  );
  return sql;
}

function vec(ra: number, dec: number): [number, number, number] {
  const a = (ra * Math.PI) / 180;
  const d = (dec * Math.PI) / 180;
  return [Math.cos(d) * Math.cos(a), Math.cos(d) * Math.sin(a), Math.sin(d)];
}

function unit(ra: string, dec: string): string {
  return `[cos(radians(${dec})) * cos(radians(${ra})), cos(radians(${dec})) * sin(radians(${ra})), sin(radians(${dec}))]`;
}

/** Point in a convex spherical polygon (counter-clockwise corners): on the inner side of every edge's great circle. */
function polygonSql(ra: string, dec: string, coords: number[]): string {
  const corners: [number, number, number][] = [];
  for (let i = 0; i + 1 < coords.length; i += 2)
    corners.push(vec(coords[i] as number, coords[i + 1] as number));
  const p = (i: number) => `(${unit(ra, dec)})[${i}]`;
  const tests = corners.map((a, i) => {
    const b = corners[(i + 1) % corners.length] as [number, number, number];
    const n = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    return `(${n[0]} * ${p(1)} + ${n[1]} * ${p(2)} + ${n[2]} * ${p(3)} >= 0)`;
  });
  return `(CASE WHEN ${tests.join(" AND ")} THEN 1 ELSE 0 END)`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** An error VOTable, the way TAP services report a failed query (often with HTTP 200). */
export function errorVotable(message: string): string {
  return `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="ERROR">${escapeXml(message)}</INFO></RESOURCE></VOTABLE>`;
}

interface Column {
  name: string;
  type: string;
}

function voType(duck: string): { datatype: string; arraysize?: string } {
  const t = duck.toUpperCase();
  if (t === "BIGINT" || t === "HUGEINT" || t === "UBIGINT" || t === "UINTEGER") return { datatype: "long" };
  if (t === "INTEGER" || t === "USMALLINT") return { datatype: "int" };
  if (t === "SMALLINT" || t === "TINYINT" || t === "UTINYINT") return { datatype: "short" };
  if (t === "BOOLEAN") return { datatype: "boolean" };
  if (t === "FLOAT") return { datatype: "float" };
  if (t === "DOUBLE" || t.startsWith("DECIMAL")) return { datatype: "double" };
  return { datatype: "char", arraysize: "*" };
}

/** Serializes rows as a VOTable (TABLEDATA, BINARY or BINARY2), with OVERFLOW when `overflow`. */
export function toVotable(
  columns: Column[],
  rows: Record<string, unknown>[],
  serialization: "tabledata" | "binary" | "binary2",
  overflow: boolean,
): string {
  const types = columns.map((c) => voType(c.type));
  const fields = columns
    .map((c, i) => {
      const t = types[i] as { datatype: string; arraysize?: string };
      const nullAttr = t.datatype === "long" || t.datatype === "int" || t.datatype === "short";
      const nullValue =
        t.datatype === "long" ? "-9223372036854775808" : t.datatype === "int" ? "-2147483648" : "-32768";
      return `<FIELD name="${escapeXml(c.name)}" datatype="${t.datatype}"${t.arraysize ? ` arraysize="${t.arraysize}"` : ""}>${nullAttr && serialization !== "binary2" ? `<VALUES null="${nullValue}"/>` : ""}</FIELD>`;
    })
    .join("");
  let data: string;
  if (serialization === "tabledata") {
    const cell = (v: unknown, t: { datatype: string }) => {
      if (v === null || v === undefined)
        return t.datatype === "char"
          ? ""
          : t.datatype === "long"
            ? "-9223372036854775808"
            : t.datatype === "int"
              ? "-2147483648"
              : t.datatype === "short"
                ? "-32768"
                : "";
      if (typeof v === "number")
        return Number.isNaN(v) ? "NaN" : v === Infinity ? "+Inf" : v === -Infinity ? "-Inf" : String(v);
      if (typeof v === "boolean") return v ? "T" : "F";
      return escapeXml(String(v));
    };
    data = `<TABLEDATA>${rows.map((r) => `<TR>${columns.map((c, i) => `<TD>${cell(r[c.name], types[i] as { datatype: string })}</TD>`).join("")}</TR>`).join("")}</TABLEDATA>`;
  } else {
    const parts: Buffer[] = [];
    for (const r of rows) {
      if (serialization === "binary2") {
        const mask = Buffer.alloc(Math.ceil(columns.length / 8));
        columns.forEach((c, i) => {
          if (r[c.name] === null || r[c.name] === undefined)
            mask[i >> 3] = (mask[i >> 3] as number) | (0x80 >> (i & 7));
        });
        parts.push(mask);
      }
      columns.forEach((c, i) => {
        const t = types[i] as { datatype: string };
        const v = r[c.name];
        const missing = v === null || v === undefined;
        let b: Buffer;
        switch (t.datatype) {
          case "long":
            b = Buffer.alloc(8);
            b.writeBigInt64BE(missing ? -9223372036854775808n : BigInt(v as bigint));
            break;
          case "int":
            b = Buffer.alloc(4);
            b.writeInt32BE(missing ? -2147483648 : Number(v));
            break;
          case "short":
            b = Buffer.alloc(2);
            b.writeInt16BE(missing ? -32768 : Number(v));
            break;
          case "boolean":
            b = Buffer.from(missing ? "?" : v ? "T" : "F");
            break;
          case "float":
            b = Buffer.alloc(4);
            b.writeFloatBE(missing ? Number.NaN : Number(v));
            break;
          case "double":
            b = Buffer.alloc(8);
            b.writeDoubleBE(missing ? Number.NaN : Number(v));
            break;
          default: {
            const s = Buffer.from(missing ? "" : String(v), "latin1");
            b = Buffer.concat([Buffer.alloc(4), s]);
            b.writeUInt32BE(s.length, 0);
          }
        }
        parts.push(b);
      });
    }
    const tag = serialization === "binary2" ? "BINARY2" : "BINARY";
    data = `<${tag}><STREAM encoding="base64">${Buffer.concat(parts).toString("base64")}</STREAM></${tag}>`;
  }
  const status = overflow ? `<INFO name="QUERY_STATUS" value="OVERFLOW"/>` : "";
  return `<?xml version="1.0"?><VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><INFO name="QUERY_STATUS" value="OK"/><TABLE>${fields}<DATA>${data}</DATA></TABLE>${status}</RESOURCE></VOTABLE>`;
}

function toCsv(columns: Column[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${columns.map((c) => c.name).join(",")}\n${rows.map((r) => columns.map((c) => cell(r[c.name])).join(",")).join("\n")}${rows.length ? "\n" : ""}`;
}

async function readBody(request: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(Buffer.concat(chunks).toString())) params[k.toUpperCase()] = v;
  return params;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the fake TAP service. */
export async function startFakeTap(options: FakeOptions): Promise<FakeTap> {
  const db = await DuckDBInstance.create(":memory:", { threads: "1" });
  const connection: DuckDBConnection = await db.connect();
  // DaCHS's ivo_healpix_index(order, ra, dec) (NEST, degrees), from skygate's own HEALPix (tested against healpy).
  connection.registerScalarFunction(
    DuckDBScalarFunction.create({
      name: "ivo_healpix_index",
      mainFunction: (_info, input, output) => {
        const [o, a, d] = [0, 1, 2].map((c) => input.getColumnVector(c));
        for (let r = 0; r < input.rowCount; r++) {
          const ra = Number(a?.getItem(r));
          const dec = Number(d?.getItem(r));
          const ok = Number.isFinite(ra) && Number.isFinite(dec) && Math.abs(dec) <= 90;
          output.setItem(
            r,
            ok ? BigInt(ang2pixNest(Number(o?.getItem(r)), ((ra % 360) + 360) % 360, dec)) : null,
          );
        }
        output.flush();
      },
      returnType: BIGINT,
      parameterTypes: [INTEGER, DOUBLE, DOUBLE],
    }),
  );
  const schemaRows: string[] = [];
  for (const table of options.tables) {
    const [schema] = table.name.split(".");
    await connection.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const list = table.files.map((f) => `'${f.replace(/'/g, "''")}'`).join(", ");
    await connection.run(
      `CREATE VIEW ${table.name} AS SELECT * FROM read_parquet([${list}], union_by_name = true)`,
    );
    const described = (await connection.runAndReadAll(`DESCRIBE ${table.name}`)).getRowObjectsJS();
    for (const d of described) {
      const name = String(d.column_name);
      const type = voType(String(d.column_type));
      const column = options.lowerCaseSchema ? name.toLowerCase() : name;
      const unitOf = /_(ra|dec)$/.test(name) ? "deg" : /Flux$/.test(name) ? "nJy" : "";
      const ucd = /_ra$/.test(name) ? "pos.eq.ra" : /_dec$/.test(name) ? "pos.eq.dec" : "";
      schemaRows.push(
        `('${table.name}', '${column}', '${String(d.column_type) === "TIMESTAMP" ? "timestamp" : type.datatype}', '${type.arraysize ?? ""}', '${unitOf}', '${ucd}', '${String(d.column_type)}')`,
      );
    }
  }
  await connection.run(`CREATE SCHEMA "TAP_SCHEMA"`);
  await connection.run(
    `CREATE TABLE "TAP_SCHEMA".columns (table_name VARCHAR, column_name VARCHAR, datatype VARCHAR, arraysize VARCHAR, unit VARCHAR, ucd VARCHAR, description VARCHAR)`,
  );
  if (schemaRows.length)
    await connection.run(`INSERT INTO "TAP_SCHEMA".columns VALUES ${schemaRows.join(", ")}`);
  const requests: RecordedRequest[] = [];
  const queries: string[] = [];
  const jobs = new Map<string, Job>();
  let count = 0;
  let nextJob = 1;

  /** Runs ADQL, returning the response body and content type (errors as HTTP-200 error documents). */
  async function execute(
    params: Record<string, string>,
  ): Promise<{ body: string; type: string; error?: string }> {
    const adql = params.QUERY ?? "";
    queries.push(adql);
    if (options.qserv) {
      const issues = lintQservAdql(adql);
      if (issues.length > 0) {
        const message = `Qserv: ${issues[0]?.message}`;
        return { body: errorVotable(message), type: "application/x-votable+xml", error: message };
      }
    }
    const maxrec = Math.min(Number(params.MAXREC ?? 1e9), options.hardMaxrec ?? 1e9);
    let rows: Record<string, unknown>[];
    let columns: Column[];
    try {
      const reader = await connection.runAndReadAll(translate(adql));
      rows = reader.getRowObjectsJS() as Record<string, unknown>[];
      const types = reader.columnTypes().map(String);
      columns = reader.columnNames().map((name, i) => ({ name, type: types[i] as string }));
    } catch (error) {
      const message = `query failed: ${(error as Error).message.split("\n")[0]}`;
      return { body: errorVotable(message), type: "application/x-votable+xml", error: message };
    }
    const overflow = rows.length > maxrec;
    if (overflow) rows = rows.slice(0, maxrec);
    const format = (params.RESPONSEFORMAT ?? params.FORMAT ?? "votable").toLowerCase();
    if (format === "csv" || format === "text/csv") return { body: toCsv(columns, rows), type: "text/csv" };
    const serialization = /b2|binary2/.test(format)
      ? "binary2"
      : /binary/.test(format)
        ? "binary"
        : (options.votable ?? "tabledata");
    return { body: toVotable(columns, rows, serialization, overflow), type: "application/x-votable+xml" };
  }

  function jobXml(job: Job): string {
    const error = job.error
      ? `<uws:errorSummary type="fatal"><uws:message>${escapeXml(job.error)}</uws:message></uws:errorSummary>`
      : "";
    const results =
      job.phase === "COMPLETED"
        ? `<uws:results><uws:result id="result" xlink:href="${base}/tap/async/${job.id}/results/result"/></uws:results>`
        : "";
    return `<?xml version="1.0"?><uws:job xmlns:uws="http://www.ivoa.net/xml/UWS/v1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><uws:jobId>${job.id}</uws:jobId><uws:phase>${job.phase}</uws:phase>${results}${error}</uws:job>`;
  }

  let base = "";
  let bucketBase = "";
  const bucketBodies = new Map<string, { body: string; type: string }>();

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    type = "text/xml",
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
    res.end(body);
  };
  const redirect = (res: ServerResponse, location: string) => {
    res.writeHead(303, { location, "content-length": 0 });
    res.end();
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      const params = req.method === "POST" ? await readBody(req) : {};
      for (const [k, v] of url.searchParams) params[k.toUpperCase()] = v;
      requests.push({
        method: req.method ?? "GET",
        url: url.toString(),
        authorization: req.headers.authorization,
        server: "tap",
        params,
      });
      const fault = options.fault?.({ method: req.method ?? "GET", path: url.pathname, n: count++ }) ?? null;
      if (fault === "http500") return send(res, 500, "internal error");
      if (fault === "http503") return send(res, 503, "busy", "text/plain", { "retry-after": "0" });
      if (fault === "slow") await sleep(options.slowMs ?? 2000);
      const path = url.pathname;
      if (path === "/tap/sync") {
        const out = await execute(params);
        if (fault === "truncate") {
          res.writeHead(200, { "content-type": out.type, "content-length": Buffer.byteLength(out.body) });
          res.write(out.body.slice(0, Math.floor(out.body.length / 2)));
          res.destroy();
          return;
        }
        return send(res, 200, out.body, out.type);
      }
      if (path === "/tap/async" && req.method === "POST") {
        const job: Job = { id: String(nextJob++), phase: "PENDING", params };
        jobs.set(job.id, job);
        return redirect(res, `${base}/tap/async/${job.id}`);
      }
      const m = /^\/tap\/async\/(\w+)(\/.*)?$/.exec(path);
      const job = m ? jobs.get(m[1] as string) : undefined;
      if (!m || !job) return send(res, 404, "no such job", "text/plain");
      const rest = m[2] ?? "";
      if (req.method === "DELETE") {
        jobs.delete(job.id);
        return redirect(res, `${base}/tap/async`);
      }
      if (rest === "/phase" && req.method === "POST") {
        if (params.PHASE === "RUN" && job.phase === "PENDING") {
          job.phase = "EXECUTING";
          job.done = (async () => {
            if (fault === "slow") await sleep(options.slowMs ?? 2000);
            const out = await execute(job.params);
            if (job.phase !== "EXECUTING") return;
            if (out.error) {
              job.phase = "ERROR";
              job.error = out.error;
            } else {
              job.phase = "COMPLETED";
              job.result = out;
            }
          })();
        }
        return redirect(res, `${base}/tap/async/${job.id}`);
      }
      if (rest === "" || rest === "/phase") {
        const waitFor = Number(params.WAIT ?? 0);
        if (job.phase === "EXECUTING" && waitFor > 0 && job.done) {
          await Promise.race([job.done, sleep(waitFor * 1000)]);
        }
        return rest === "" ? send(res, 200, jobXml(job)) : send(res, 200, job.phase, "text/plain");
      }
      if (rest === "/error") return send(res, 200, errorVotable(job.error ?? ""));
      if (rest === "/results/result" && job.result) {
        if (options.bucket) {
          const key = `r${job.id}-${Math.random().toString(36).slice(2)}`;
          bucketBodies.set(key, job.result);
          return redirect(res, `${bucketBase}/bucket/${key}`);
        }
        if (fault === "truncate") {
          res.writeHead(200, {
            "content-type": job.result.type,
            "content-length": Buffer.byteLength(job.result.body),
          });
          res.write(job.result.body.slice(0, Math.floor(job.result.body.length / 2)));
          res.destroy();
          return;
        }
        return send(res, 200, job.result.body, job.result.type);
      }
      return send(res, 404, "not found", "text/plain");
    })().catch((error) => send(res, 500, String(error), "text/plain"));
  });
  const bucket: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", bucketBase);
    requests.push({
      method: req.method ?? "GET",
      url: url.toString(),
      authorization: req.headers.authorization,
      server: "bucket",
      params: {},
    });
    const body = bucketBodies.get(url.pathname.replace("/bucket/", ""));
    if (!body) return send(res, 404, "gone", "text/plain");
    return send(res, 200, body.body, body.type);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => bucket.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  bucketBase = `http://127.0.0.1:${(bucket.address() as AddressInfo).port}`;
  return {
    url: `${base}/tap`,
    requests,
    queries,
    jobs,
    options,
    async close() {
      server.closeAllConnections();
      bucket.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => bucket.close(() => r()));
      connection.closeSync();
      db.closeSync();
    },
  };
}
