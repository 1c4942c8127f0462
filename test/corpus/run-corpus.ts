// Runs the CLI on the corpus cases and judges each run: right, crash (a Node stack trace, an internal error, a
// signal), silent pass (exit 0 where a finding or an input error was due, or a wrong answer behind exit 0/1), or
// wrong exit code. `node --import tsx test/corpus/run-corpus.ts` prints the table the issue asks for.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Command, type CorpusCase, type EngineName, makeCorpus } from "./make-corpus.js";

const REPO = process.env.SKYGATE_CORPUS_REPO ?? resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export type Verdict = "right" | "crash" | "silent pass" | "wrong exit";

export interface RunResult {
  case: string;
  command: Command;
  engine: EngineName;
  code: number | null;
  verdict: Verdict;
  why: string;
  stderr: string;
}

/** A Node stack trace line (`    at fn (file:line:col)`, `    at wasm://wasm/…`). */
const STACK = /^\s+at (\S+ \(|wasm:|file:|node:|\/)/m;

/** Whether this process may switch to an unprivileged user (root with setpriv). */
export function canDropPrivileges(): boolean {
  return process.getuid?.() === 0 && existsSync("/usr/bin/setpriv");
}

function commandArgs(
  c: CorpusCase,
  command: Command,
  engine: EngineName,
  schema: string,
  out: string,
): string[] {
  const args = [command === "profile" ? "profile" : "check", "--quiet", "--engine", engine];
  for (const t of c.tables) args.push("--table", t);
  if (command === "schema") args.push("--schema", schema);
  const extra = c.extra ?? [];
  if (command !== "profile") args.push(...extra);
  if (!extra.includes("--json")) args.push("--json", join(out, `${command}-${engine}.json`));
  if (command !== "profile") args.push("--md", join(out, `${command}-${engine}.md`));
  return args;
}

function runNode(
  args: string[],
  unprivileged: boolean,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const node = [process.execPath, "--import", "tsx", join(REPO, "src/cli.ts"), ...args];
  const [bin, ...rest] = unprivileged
    ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", ...node]
    : node;
  return new Promise((done) => {
    const child = spawn(bin as string, rest, { cwd: REPO });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** Runs one case under one command and engine, and judges it. */
export async function runCase(
  c: CorpusCase,
  command: Command,
  engine: EngineName,
  schema: string,
): Promise<RunResult> {
  const expected = c.expect.exit[command] as number;
  const out = mkdtempSync(join(tmpdir(), "skygate-corpus-run-"));
  if (c.unprivileged) (await import("node:fs")).chmodSync(out, 0o777);
  const args = commandArgs(c, command, engine, schema, out);
  const run = await runNode(args, c.unprivileged === true);
  const base = { case: c.id, command, engine, code: run.code, stderr: run.stderr };
  const judged = (verdict: Verdict, why: string): RunResult => {
    rmSync(out, { recursive: true, force: true });
    return { ...base, verdict, why };
  };
  if (run.code === null || STACK.test(run.stderr) || /internal error/.test(run.stderr) || run.code === 4)
    return judged("crash", (run.stderr.split("\n").find((l) => l.trim() !== "") ?? "killed").slice(0, 160));
  if (run.code !== expected) {
    const silent =
      run.code === 0 || (expected === 2 && run.code !== 2 && run.code !== 3 && !/\S/.test(run.stderr));
    return judged(silent ? "silent pass" : "wrong exit", `exit ${run.code}, expected ${expected}`);
  }
  if (expected === 2 && c.expect.names && !run.stderr.includes(c.expect.names))
    return judged("wrong exit", `stderr does not name ${c.expect.names}: ${run.stderr.trim().slice(0, 160)}`);
  if (expected === 2 && run.stderr.trim().split("\n").length > 3)
    return judged("crash", `stderr has ${run.stderr.trim().split("\n").length} lines`);
  for (const path of c.expect.absent ?? [])
    if (existsSync(path)) return judged("silent pass", `${path} was written although the run was refused`);
  if (c.expect.json) {
    const jsonPath = join(out, `${command}-${engine}.json`);
    if (!existsSync(jsonPath)) return judged("wrong exit", "no JSON written");
    const why = c.expect.json(command, JSON.parse(readFileSync(jsonPath, "utf8")) as Record<string, unknown>);
    if (why !== null) return judged("silent pass", why);
  }
  if (c.expect.markdown && command !== "profile") {
    const mdPath = join(out, `${command}-${engine}.md`);
    if (existsSync(mdPath)) {
      const why = c.expect.markdown(readFileSync(mdPath, "utf8"));
      if (why !== null) return judged("silent pass", why);
    }
  }
  return judged("right", "");
}

/** Every (case, command, engine) run of the corpus. */
export function corpusRuns(
  cases: readonly CorpusCase[],
): Array<{ c: CorpusCase; command: Command; engine: EngineName }> {
  return cases.flatMap((c) =>
    (Object.keys(c.expect.exit) as Command[]).flatMap((command) =>
      c.engines.map((engine) => ({ c, command, engine })),
    ),
  );
}

/** Runs many at once (the machine is shared: two by default). */
export async function runAll<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
  parallel = 2,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

/** The summary table of verdicts per class, in Markdown. */
export function verdictTable(results: readonly RunResult[], cases: readonly CorpusCase[]): string {
  const klassOf = new Map(cases.map((c) => [c.id, c.klass]));
  const klasses = [...new Set(cases.map((c) => c.klass))];
  const rows = [
    "| class | runs | right | crashes | silent passes | wrong exit codes |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  const line = (name: string, rs: readonly RunResult[]) => {
    const n = (v: Verdict) => rs.filter((r) => r.verdict === v).length;
    rows.push(
      `| ${name} | ${rs.length} | ${n("right")} | ${n("crash")} | ${n("silent pass")} | ${n("wrong exit")} |`,
    );
  };
  for (const k of klasses)
    line(
      k,
      results.filter((r) => klassOf.get(r.case) === k),
    );
  line("**all**", results);
  return rows.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = mkdtempSync(join(tmpdir(), "skygate-corpus-"));
  const { cases, schema } = makeCorpus(dir);
  const only = process.argv[2];
  const runs = corpusRuns(cases).filter(
    (r) =>
      (!only || only.split(",").some((o) => r.c.id.includes(o))) &&
      (!r.c.unprivileged || canDropPrivileges() || process.getuid?.() !== 0),
  );
  const results = await runAll(runs, (r) => runCase(r.c, r.command, r.engine, schema));
  for (const r of results)
    console.log(
      `${r.verdict.padEnd(11)} ${r.case.padEnd(30)} ${r.command.padEnd(7)} ${r.engine.padEnd(6)} ${r.code} ${r.why}`,
    );
  console.log(`\n${verdictTable(results, cases)}`);
}
