// The TAP client against the fake service: sync and async, every result serialization, error documents served
// with HTTP 200, HTTP 5xx retried, truncated bodies, slow answers timing out, OVERFLOW marked, cancellation,
// and the token sent only to the service's own origin.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TapClient, tableRows } from "../../../src/engines/tap/client.js";
import { TapError } from "../../../src/engines/tap/http.js";
import { REPO_ROOT } from "../../helpers/paths.js";
import { type FakeTap, startFakeTap } from "./fake-service.js";

const VISIT = join(REPO_ROOT, "fixtures/pilot/Visit.parquet");
let fake: FakeTap;
const SECRET = "s3cr3t-token-value";

beforeAll(async () => {
  fake = await startFakeTap({ tables: [{ name: "pilot.Visit", files: [VISIT] }], bucket: false });
});
afterAll(async () => fake.close());
afterEach(() => {
  fake.options.fault = undefined;
  fake.options.bucket = false;
  fake.requests.length = 0;
});

const QUERY = "SELECT COUNT(*) AS n, MIN(visit) AS lo, MAX(visit) AS hi FROM pilot.Visit";

describe("TapClient", () => {
  for (const format of [
    "votable",
    "votable/td",
    "votable/b2",
    "application/x-votable+xml;serialization=BINARY",
    "csv",
  ]) {
    for (const mode of ["sync", "async"] as const) {
      it(`reads a ${format} result (${mode})`, async () => {
        const client = new TapClient(fake.url, { format, mode, auth: { token: null } });
        const result = await client.query(QUERY);
        const [row] = tableRows(result.table);
        expect(Number(row?.n)).toBe(6);
        expect(result.overflow).toBeUndefined();
      });
    }
  }

  it("deletes the async job when done", async () => {
    const client = new TapClient(fake.url, { auth: { token: null } });
    await client.query(QUERY);
    expect(fake.jobs.size).toBe(0);
    expect(fake.requests.some((r) => r.method === "DELETE")).toBe(true);
  });

  it("throws the service's message for an error document served with HTTP 200, sync and async", async () => {
    for (const mode of ["sync", "async"] as const) {
      const client = new TapClient(fake.url, { mode, auth: { token: null } });
      await expect(client.query("SELECT nosuchcolumn FROM pilot.Visit")).rejects.toThrow(/nosuchcolumn/i);
    }
  });

  it("marks a result cut at MAXREC (OVERFLOW) and a CSV that fills MAXREC", async () => {
    const votable = await new TapClient(fake.url, { maxrec: 3, auth: { token: null } }).query(
      "SELECT visit FROM pilot.Visit",
    );
    expect(votable.overflow).toBeDefined();
    expect(votable.table.numRows).toBe(3);
    const csv = await new TapClient(fake.url, { maxrec: 3, format: "csv", auth: { token: null } }).query(
      "SELECT visit FROM pilot.Visit",
    );
    expect(csv.overflow).toBeDefined();
  });

  it("retries HTTP 500/503 and gives up with a clear error after the retries", async () => {
    let failures = 2;
    fake.options.fault = () => (failures-- > 0 ? "http503" : null);
    const client = new TapClient(fake.url, { mode: "sync", retryDelayMs: 1, auth: { token: null } });
    expect(Number(tableRows((await client.query(QUERY)).table)[0]?.n)).toBe(6);
    fake.options.fault = () => "http500";
    await expect(client.query(QUERY)).rejects.toThrow(/HTTP 500/);
  });

  it("retries a body cut off mid-stream, then reports it", async () => {
    let cuts = 1;
    fake.options.fault = ({ path }) => (path.endsWith("/sync") && cuts-- > 0 ? "truncate" : null);
    const client = new TapClient(fake.url, { mode: "sync", retryDelayMs: 1, auth: { token: null } });
    expect(Number(tableRows((await client.query(QUERY)).table)[0]?.n)).toBe(6);
    fake.options.fault = ({ path }) => (path.endsWith("/sync") ? "truncate" : null);
    await expect(client.query(QUERY)).rejects.toThrow(TapError);
  });

  it("times out a slow answer", async () => {
    fake.options.slowMs = 1500;
    fake.options.fault = () => "slow";
    const client = new TapClient(fake.url, {
      mode: "sync",
      timeoutMs: 200,
      retries: 0,
      auth: { token: null },
    });
    await expect(client.query(QUERY)).rejects.toThrow(/no answer within 200 ms/);
  });

  it("cancels an async job on abort and deletes it", async () => {
    fake.options.slowMs = 1500;
    fake.options.fault = ({ path }) => (path.endsWith("/phase") ? "slow" : null);
    const client = new TapClient(fake.url, { waitSeconds: 0, pollMs: 20, auth: { token: null } });
    const controller = new AbortController();
    const pending = client.query(QUERY, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("interrupted")), 100);
    await expect(pending).rejects.toThrow(/interrupted/);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.requests.some((r) => r.method === "DELETE")).toBe(true);
  });

  it("sends the token as bearer or basic to the service and never to another origin", async () => {
    fake.options.bucket = true;
    process.env.SKYGATE_TAP_TOKEN = SECRET;
    try {
      const bearer = new TapClient(fake.url);
      await bearer.query(QUERY);
      const tap = fake.requests.filter((r) => r.server === "tap");
      const bucket = fake.requests.filter((r) => r.server === "bucket");
      expect(bucket.length).toBe(1);
      expect(bucket[0]?.authorization).toBeUndefined();
      expect(tap.every((r) => r.authorization === `Bearer ${SECRET}`)).toBe(true);
      fake.requests.length = 0;
      await new TapClient(fake.url, { auth: { scheme: "basic" } }).query(QUERY);
      const basic = fake.requests.find((r) => r.server === "tap")?.authorization ?? "";
      expect(Buffer.from(basic.replace("Basic ", ""), "base64").toString()).toBe(`x-oauth-basic:${SECRET}`);
      expect(fake.requests.find((r) => r.server === "bucket")?.authorization).toBeUndefined();
    } finally {
      delete process.env.SKYGATE_TAP_TOKEN;
    }
  });

  it("deletes the running job when the process gets Ctrl-C (SIGINT) and exits 130", async () => {
    fake.options.slowMs = 20_000;
    fake.options.fault = ({ path }) => (path.endsWith("/phase") ? "slow" : null);
    const script = `import { TapClient } from "./src/engines/tap/client.ts";
      const client = new TapClient(${JSON.stringify(fake.url)}, { waitSeconds: 0, pollMs: 50, auth: { token: null } });
      setTimeout(() => console.log("started"), 300);
      await client.query(${JSON.stringify(QUERY)});`;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: REPO_ROOT,
    });
    await new Promise<void>((resolve) => child.stdout.on("data", () => resolve()));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(130);
    expect(fake.requests.some((r) => r.method === "DELETE" && /\/async\/\d+$/.test(r.url))).toBe(true);
  }, 60_000);

  it("never puts the token in an error message", async () => {
    fake.options.fault = () => "http500";
    const client = new TapClient(`${fake.url}`, { mode: "sync", retries: 0, auth: { token: SECRET } });
    const error = await client.query(`SELECT '${SECRET}' AS x FROM pilot.Visit`).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain(SECRET);
  });
});
