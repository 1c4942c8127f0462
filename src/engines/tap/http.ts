/**
 * HTTP for TAP: fetch with a per-request timeout, cancellation, retries on transient failures (connection
 * errors, 429, 500, 502, 503, 504, a body cut off mid-stream) with exponential backoff, and redirects followed
 * by hand so the token is sent only to the service's own host (async results are often served by redirect to a
 * bucket on another host: the token is dropped there). The token is never put in an error message.
 */

/** Where the credentials come from and how they are sent (Rubin Science Platform: bearer or basic `x-oauth-basic`). */
export interface TapAuth {
  /** The token (default: the environment variable SKYGATE_TAP_TOKEN; none when unset or empty). */
  token?: string | null;
  /** `bearer` (default): `Authorization: Bearer TOKEN`; `basic`: user `x-oauth-basic`, the token as password. */
  scheme?: "bearer" | "basic";
}

/** Retries, timeouts and cancellation of every request of a TAP client. */
export interface TapHttpOptions {
  auth?: TapAuth;
  /** Milliseconds one request (headers and body) may take (default 300 000). */
  timeoutMs?: number;
  /** Retries after a transient failure (default 3). */
  retries?: number;
  /** First backoff delay in ms, doubled each retry (default 500). */
  retryDelayMs?: number;
  /** At most this many redirects per request (default 10). */
  maxRedirects?: number;
  /** The fetch implementation (default: the global fetch). */
  fetch?: typeof fetch;
}

/** A TAP service failed or refused: HTTP error, error document, QUERY_STATUS=ERROR, UWS phase ERROR, timeout. */
export class TapError extends Error {
  override readonly name = "TapError";
  constructor(
    message: string,
    /** HTTP status when there was one. */
    readonly status?: number,
    /** Whether retrying may help (connection errors, 5xx, truncated bodies). */
    readonly transient = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The token to send: explicit, else SKYGATE_TAP_TOKEN; null when there is none.
 * @example tapToken({ token: "abc" }) // "abc"
 */
export function tapToken(auth: TapAuth = {}): string | null {
  if (auth.token !== undefined) return auth.token || null;
  const fromEnv = process.env.SKYGATE_TAP_TOKEN;
  return fromEnv ? fromEnv : null;
}

/**
 * The Authorization header value for a token, or null without one.
 * @example authorizationHeader("t", "basic") // "Basic eC1vYXV0aC1iYXNpYzp0"
 */
export function authorizationHeader(
  token: string | null,
  scheme: "bearer" | "basic" = "bearer",
): string | null {
  if (!token) return null;
  if (scheme === "basic") return `Basic ${Buffer.from(`x-oauth-basic:${token}`).toString("base64")}`;
  return `Bearer ${token}`;
}

/** Removes a secret from a text (messages quoting a URL or a header must not leak the token). */
export function redact(text: string, token: string | null): string {
  return token ? text.split(token).join("***") : text;
}

const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

/** A request: method, form body (URL-encoded), and the redirect rule for its method. */
export interface TapRequest {
  method: "GET" | "POST" | "DELETE";
  url: string;
  form?: Record<string, string>;
  signal?: AbortSignal;
  /** Whether to follow redirects (default true); false returns the 3xx itself (e.g. the UWS job URL). */
  follow?: boolean;
}

/** A finished response: status, final URL, headers and the whole body as text. */
export interface TapResponse {
  status: number;
  url: string;
  headers: Headers;
  body: string;
  bytes: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Sleeps for `ms`, or rejects at once when `signal` aborts. */
export const wait = sleep;

/** The HTTP side of a TAP client: one origin gets the token, everything else goes anonymous. */
export class TapHttp {
  /** Requests sent and response bytes received (for benchmarks: what a pushed-down check moves). */
  readonly stats = { requests: 0, bytes: 0 };
  private readonly token: string | null;
  private readonly header: string | null;
  private readonly origin: string;

  constructor(
    serviceUrl: string,
    private readonly options: TapHttpOptions = {},
  ) {
    this.origin = new URL(serviceUrl).origin;
    this.token = tapToken(options.auth);
    this.header = authorizationHeader(this.token, options.auth?.scheme);
  }

  /** Removes the token from a message. */
  redact(text: string): string {
    return redact(text, this.token);
  }

  /** One request with retries on transient failures; HTTP errors ≥ 400 are returned, not thrown. */
  async send(request: TapRequest): Promise<TapResponse> {
    const retries = this.options.retries ?? 3;
    let delay = this.options.retryDelayMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.once(request);
        if (!TRANSIENT_STATUS.has(response.status) || attempt >= retries) return response;
        const after = Number(response.headers.get("retry-after"));
        await sleep(
          Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : delay,
          request.signal,
        );
      } catch (error) {
        if (request.signal?.aborted) throw request.signal.reason ?? error;
        const transient = !(error instanceof TapError) || error.transient;
        if (!transient || attempt >= retries) {
          if (error instanceof TapError) throw error;
          throw new TapError(
            `${request.method} ${this.redact(request.url)}: ${this.redact(describe(error))}`,
            undefined,
            true,
            { cause: error },
          );
        }
        await sleep(delay, request.signal);
      }
      delay *= 2;
    }
  }

  /** One attempt: redirects followed by hand, the token only on the service's origin. */
  private async once(request: TapRequest): Promise<TapResponse> {
    const fetcher = this.options.fetch ?? fetch;
    const timeoutMs = this.options.timeoutMs ?? 300_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    let url = request.url;
    let method: string = request.method;
    let body: string | undefined = request.form ? new URLSearchParams(request.form).toString() : undefined;
    let trusted = true;
    const maxRedirects = this.options.maxRedirects ?? 10;
    for (let hop = 0; ; hop++) {
      // Once a redirect left the service's origin, the token is never sent again in this request.
      trusted &&= new URL(url).origin === this.origin;
      const headers: Record<string, string> = {
        accept: "application/x-votable+xml, text/xml, text/csv, */*",
      };
      if (trusted && this.header) headers.authorization = this.header;
      if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
      this.stats.requests++;
      let response: Response;
      try {
        response = await fetcher(url, { method, headers, body, redirect: "manual", signal });
      } catch (error) {
        if (timeout.aborted && !request.signal?.aborted)
          throw new TapError(
            `${method} ${this.redact(url)}: no answer within ${timeoutMs} ms`,
            undefined,
            true,
          );
        throw error;
      }
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => {});
        const next = new URL(location, url).toString();
        if (request.follow === false)
          return { status: response.status, url: next, headers: response.headers, body: "", bytes: 0 };
        if (hop >= maxRedirects)
          throw new TapError(`${this.redact(request.url)}: more than ${maxRedirects} redirects`);
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === "POST")
        ) {
          method = "GET";
          body = undefined;
        }
        url = next;
        continue;
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        if (timeout.aborted && !request.signal?.aborted)
          throw new TapError(
            `${method} ${this.redact(url)}: no answer within ${timeoutMs} ms`,
            undefined,
            true,
          );
        if (request.signal?.aborted) throw request.signal.reason ?? error;
        throw new TapError(
          `${method} ${this.redact(url)}: the response was cut off (${this.redact(describe(error))})`,
          response.status,
          true,
          { cause: error },
        );
      }
      const bytes = Buffer.byteLength(text);
      this.stats.bytes += bytes;
      return { status: response.status, url, headers: response.headers, body: text, bytes };
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ` (${cause.message})` : "";
  return `${error.message}${detail}`.split("\n")[0] ?? "";
}
