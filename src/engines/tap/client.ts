/**
 * A TAP client: ADQL queries run synchronously (small queries, TAP_SCHEMA) or as UWS async jobs (create, run,
 * poll with WAIT and backoff, fetch the result, delete the job), results parsed from VOTable (TABLEDATA, BINARY,
 * BINARY2) or CSV into Arrow tables. A result is never trusted by its HTTP status alone: an error VOTable served
 * with HTTP 200 (QUERY_STATUS=ERROR) throws, and a result cut at MAXREC (QUERY_STATUS=OVERFLOW, or a CSV with
 * exactly MAXREC rows, which cannot say) comes back marked `overflow` so callers label it partial.
 */
import type { Table as ArrowTable } from "apache-arrow";
import { InputError } from "../../core/errors.js";
import { parseCsv } from "../../io/readers/csv.js";
import { parseVotableResult } from "../../io/readers/votable.js";
import { TapError, TapHttp, type TapHttpOptions, type TapResponse, wait } from "./http.js";

/** How to run queries: response format, row limit, sync or async, and UWS polling. */
export interface TapClientOptions extends TapHttpOptions {
  /** RESPONSEFORMAT (default `votable`; e.g. `votable/b2`, `application/x-votable+xml;serialization=BINARY2`, `csv`). */
  format?: string;
  /** MAXREC sent with every query (default 1 000 000). */
  maxrec?: number;
  /** `async` (UWS, the default: what Rubin recommends for anything but small queries) or `sync`. */
  mode?: "sync" | "async";
  /** UWS 1.1 blocking wait per poll, in seconds (default 10); services that ignore it are polled with backoff. */
  waitSeconds?: number;
  /** Longest a job may run before it is aborted, in ms (default 3 600 000). */
  jobTimeoutMs?: number;
  /** First poll interval in ms, doubled up to 5 s (default 100). */
  pollMs?: number;
}

/** Per-query overrides. */
export interface TapQueryOptions {
  mode?: "sync" | "async";
  maxrec?: number;
  signal?: AbortSignal;
}

/** A query's result: the table, whether it is partial (cut at MAXREC) and why. */
export interface TapResult {
  table: ArrowTable;
  /** Set when the service truncated the result (OVERFLOW, or a CSV holding exactly MAXREC rows). */
  overflow?: string;
}

/** A UWS job's phase and, when it failed, the error summary. */
interface JobState {
  phase: string;
  error?: string;
  resultUrl?: string;
}

/**
 * The phase, error summary and result URL of a UWS job document.
 * @example parseJob("<uws:job><uws:phase>COMPLETED</uws:phase></uws:job>").phase // "COMPLETED"
 */
export function parseJob(xml: string): JobState {
  const phase = /<(?:\w+:)?phase>\s*([A-Z]+)\s*<\/(?:\w+:)?phase>/.exec(xml)?.[1];
  if (!phase) throw new TapError("the UWS job document has no phase");
  const state: JobState = { phase };
  const message = /<(?:\w+:)?errorSummary[^>]*>[\s\S]*?<(?:\w+:)?message>([\s\S]*?)<\/(?:\w+:)?message>/.exec(
    xml,
  )?.[1];
  if (message !== undefined) state.error = decodeXml(message.trim());
  const result =
    /<(?:\w+:)?result\b[^>]*\bid="result"[^>]*\bhref="([^"]+)"/.exec(xml)?.[1] ??
    /<(?:\w+:)?result\b[^>]*\bhref="([^"]+)"[^>]*\bid="result"/.exec(xml)?.[1];
  if (result !== undefined) state.resultUrl = decodeXml(result);
  return state;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Jobs running now, deleted on Ctrl-C so an interrupted run leaves nothing executing on the service. */
const running = new Map<string, TapHttp>();
let onInterrupt: (() => void) | null = null;

function track(jobUrl: string, http: TapHttp): void {
  running.set(jobUrl, http);
  if (onInterrupt !== null) return;
  onInterrupt = () => {
    const deletes = [...running].map(([url, client]) =>
      client.send({ method: "DELETE", url, follow: false }).catch(() => undefined),
    );
    // Give the deletes a moment, then exit as an interrupted process does.
    const timer = setTimeout(() => process.exit(130), 3000);
    void Promise.all(deletes).then(() => {
      clearTimeout(timer);
      process.exit(130);
    });
  };
  process.once("SIGINT", onInterrupt);
}

function untrack(jobUrl: string): void {
  running.delete(jobUrl);
  if (running.size === 0 && onInterrupt !== null) {
    process.removeListener("SIGINT", onInterrupt);
    onInterrupt = null;
  }
}

/** A TAP service at one base URL (the part before `/sync` and `/async`). */
export class TapClient {
  readonly http: TapHttp;
  readonly serviceUrl: string;
  /** Queries run (sync or async), for benchmarks. */
  queries = 0;

  constructor(
    serviceUrl: string,
    readonly options: TapClientOptions = {},
  ) {
    this.serviceUrl = serviceUrl.replace(/\/+$/, "");
    this.http = new TapHttp(this.serviceUrl, options);
  }

  /** Runs one ADQL query (sync or async as configured) and parses its result. */
  async query(adql: string, options: TapQueryOptions = {}): Promise<TapResult> {
    const mode = options.mode ?? this.options.mode ?? "async";
    this.queries++;
    return mode === "sync" ? this.sync(adql, options) : this.async(adql, options);
  }

  private params(adql: string, options: TapQueryOptions): Record<string, string> {
    return {
      REQUEST: "doQuery",
      LANG: "ADQL",
      QUERY: adql,
      RESPONSEFORMAT: this.options.format ?? "votable",
      FORMAT: this.options.format ?? "votable",
      MAXREC: String(this.maxrec(options)),
    };
  }

  private maxrec(options: TapQueryOptions): number {
    return options.maxrec ?? this.options.maxrec ?? 1_000_000;
  }

  /** A synchronous query: POST {service}/sync. */
  async sync(adql: string, options: TapQueryOptions = {}): Promise<TapResult> {
    const response = await this.http.send({
      method: "POST",
      url: `${this.serviceUrl}/sync`,
      form: this.params(adql, options),
      signal: options.signal,
    });
    return this.result(response, adql, options);
  }

  /** An async UWS job: create, run, wait, fetch the result, delete (also after a failure or cancellation). */
  async async(adql: string, options: TapQueryOptions = {}): Promise<TapResult> {
    const created = await this.http.send({
      method: "POST",
      url: `${this.serviceUrl}/async`,
      form: this.params(adql, options),
      signal: options.signal,
      follow: false,
    });
    let jobUrl: string;
    if (created.status >= 300 && created.status < 400) jobUrl = created.url;
    else if (created.status < 300) {
      const id = /<(?:\w+:)?jobId>\s*([^<\s]+)\s*</.exec(created.body)?.[1];
      if (!id)
        throw new TapError(
          `${this.serviceUrl}/async: no job created (HTTP ${created.status})`,
          created.status,
        );
      jobUrl = `${this.serviceUrl}/async/${id}`;
    } else throw this.httpError(created, "creating the async job");
    track(jobUrl, this.http);
    try {
      const run = await this.http.send({
        method: "POST",
        url: `${jobUrl}/phase`,
        form: { PHASE: "RUN" },
        signal: options.signal,
        follow: false,
      });
      if (run.status >= 400) throw this.httpError(run, "starting the async job");
      const state = await this.waitFor(jobUrl, options.signal);
      if (state.phase === "ERROR") {
        const detail = state.error ?? (await this.jobError(jobUrl, options.signal));
        throw new TapError(`TAP query failed (UWS phase ERROR): ${this.http.redact(detail)}`);
      }
      if (state.phase !== "COMPLETED") throw new TapError(`TAP job ended in phase ${state.phase}`);
      const resultUrl = state.resultUrl
        ? new URL(state.resultUrl, jobUrl).toString()
        : `${jobUrl}/results/result`;
      const response = await this.http.send({ method: "GET", url: resultUrl, signal: options.signal });
      return this.result(response, adql, options);
    } finally {
      // A deleted job is aborted by the service; failures to delete never hide the query's own outcome.
      untrack(jobUrl);
      await this.http.send({ method: "DELETE", url: jobUrl, follow: false }).catch(() => undefined);
    }
  }

  private async jobError(jobUrl: string, signal?: AbortSignal): Promise<string> {
    const response = await this.http
      .send({ method: "GET", url: `${jobUrl}/error`, signal })
      .catch(() => undefined);
    if (!response || response.status >= 400) return "(no error document)";
    const status = /<INFO[^>]*name="QUERY_STATUS"[^>]*>([\s\S]*?)<\/INFO>/.exec(response.body)?.[1];
    return (
      decodeXml((status ?? response.body).trim())
        .split("\n")[0]
        ?.slice(0, 500) ?? ""
    );
  }

  /** Polls the job until it leaves QUEUED/EXECUTING, with UWS 1.1 WAIT and exponential backoff. */
  private async waitFor(jobUrl: string, signal?: AbortSignal): Promise<JobState> {
    const deadline = Date.now() + (this.options.jobTimeoutMs ?? 3_600_000);
    let delay = this.options.pollMs ?? 100;
    const waitSeconds = this.options.waitSeconds ?? 10;
    for (;;) {
      const response = await this.http.send({ method: "GET", url: `${jobUrl}?WAIT=${waitSeconds}`, signal });
      if (response.status >= 400) throw this.httpError(response, "polling the async job");
      const state = parseJob(response.body);
      if (!["PENDING", "QUEUED", "EXECUTING", "HELD", "SUSPENDED"].includes(state.phase)) return state;
      if (Date.now() > deadline)
        throw new TapError(`TAP job ${this.http.redact(jobUrl)} still ${state.phase} after the job timeout`);
      await wait(delay, signal);
      delay = Math.min(delay * 2, 5000);
    }
  }

  private httpError(response: TapResponse, what: string): TapError {
    const status = /<INFO[^>]*name="QUERY_STATUS"[^>]*>([\s\S]*?)<\/INFO>/.exec(response.body)?.[1];
    const detail = (status ?? response.body)
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .slice(0, 300);
    return new TapError(
      `TAP service ${this.http.redact(this.serviceUrl)} answered HTTP ${response.status} ${what}${detail ? `: ${this.http.redact(decodeXml(detail))}` : ""}`,
      response.status,
      response.status >= 500,
    );
  }

  /** A result body as a table: VOTable (status read inside) or CSV; HTTP errors and error documents throw. */
  private result(response: TapResponse, adql: string, options: TapQueryOptions): TapResult {
    const path = `${this.serviceUrl} (${adql.length > 120 ? `${adql.slice(0, 117)}...` : adql})`;
    const body = response.body;
    const looksXml = body.trimStart().startsWith("<");
    if (response.status >= 400 && !looksXml) throw this.httpError(response, "to the query");
    if (looksXml) {
      let parsed: ReturnType<typeof parseVotableResult>;
      try {
        parsed = parseVotableResult(body, path);
      } catch (error) {
        const message = error instanceof InputError ? error.detail : String(error);
        if (response.status >= 400) throw this.httpError(response, "to the query");
        throw new TapError(this.http.redact(message), response.status, /truncated|ends early/.test(message), {
          cause: error,
        });
      }
      if (response.status >= 400) throw this.httpError(response, "to the query");
      return parsed.overflow === undefined
        ? { table: parsed.table }
        : { table: parsed.table, overflow: parsed.overflow };
    }
    let table: ArrowTable;
    try {
      table = parseCsv(body, path);
    } catch (error) {
      const message = error instanceof InputError ? error.detail : String(error);
      throw new TapError(this.http.redact(`unreadable CSV result: ${message}`), response.status);
    }
    const maxrec = this.maxrec(options);
    // CSV cannot say it was truncated: a result that fills MAXREC exactly may have been cut.
    return table.numRows >= maxrec
      ? { table, overflow: `CSV result holds MAXREC=${maxrec} rows` }
      : { table };
  }
}

/**
 * The rows of a small result table as plain objects keyed by lower-case column name (services may change the
 * case of aliases).
 * @example tableRows(parseCsv("N,b\n1,x\n", "t.csv")) // [{ n: 1n, b: "x" }]
 */
export function tableRows(table: ArrowTable): Record<string, unknown>[] {
  const names = table.schema.fields.map((f) => f.name);
  const columns = names.map((n) => table.getChild(n));
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    names.forEach((n, c) => {
      const v = columns[c]?.get(r);
      row[n.toLowerCase()] = v === undefined ? null : v;
    });
    out.push(row);
  }
  return out;
}
