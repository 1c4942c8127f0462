// A minimal synchronous TAP client for the integration tests: the raw protocol, independent of the TAP engine
// under test, so that the engine's numbers are checked against what the server itself answers.

/** The TAP service the integration tests use: SKYGATE_TAP_URL or the loopback DaCHS of scripts/dachs/setup.sh. */
export function tapUrl(): string {
  return (process.env.SKYGATE_TAP_URL ?? "http://127.0.0.1:8391/tap").replace(/\/$/, "");
}

/** POSTs one ADQL query to {tap}/sync and returns the HTTP status and body text. */
export async function syncQuery(
  query: string,
  params: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const body = new URLSearchParams({ LANG: "ADQL", QUERY: query, ...params });
  const response = await fetch(`${tapUrl()}/sync`, { method: "POST", body });
  return { status: response.status, text: await response.text() };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes) into a header and rows of strings. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header = [], ...rows] = records;
  return { header, rows };
}

/** Runs a query as CSV and returns its rows as objects keyed by the (lower-cased) column names; throws on errors. */
export async function csvRows(
  query: string,
  params: Record<string, string> = {},
): Promise<Record<string, string>[]> {
  const { status, text } = await syncQuery(query, { RESPONSEFORMAT: "csv", ...params });
  if (status !== 200 || text.includes('QUERY_STATUS" value="ERROR"')) {
    throw new Error(`TAP query failed (HTTP ${status}): ${text.slice(0, 400)}\n${query.slice(0, 400)}`);
  }
  const { header, rows } = parseCsv(text);
  return rows.map((row) => Object.fromEntries(header.map((h, i) => [h.toLowerCase(), row[i] ?? ""])));
}

/** The value of `<INFO name="QUERY_STATUS" value="...">` entries of a VOTable document, in order. */
export function queryStatuses(votable: string): string[] {
  return [...votable.matchAll(/<INFO[^>]*name="QUERY_STATUS"[^>]*value="([A-Z]+)"/g)].map((m) => m[1] ?? "");
}
