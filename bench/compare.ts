/**
 * Benchmark: `skygate compare` of two 991-column profiles (issue 14's target: under 1 s).
 *
 *   node --import tsx bench/compare.ts [BEFORE.json AFTER.json] [--rounds N]
 *
 * Without files it writes (once, under bench/data/) the profiles of the pilot's and the clean twin's Object
 * (991 columns each, with quantiles: `skygate profile --quantiles --json`). It times, in this process, reading
 * both documents, comparing them and writing the text, Markdown and HTML reports (median of N rounds), and then
 * the whole `skygate compare` command as a user runs it (a fresh Node process, start-up included; `dist/cli.js`
 * after `npm run build`, else the sources through tsx).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { compareRuns } from "../src/compare/compare.js";
import { comparisonMarkdown, comparisonText } from "../src/compare/format.js";
import { comparisonHtml } from "../src/compare/html.js";
import { readRunDocument } from "../src/compare/load.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const roundsAt = args.indexOf("--rounds");
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5;
const files = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1] === "--rounds"));

// The built CLI when there is one (what `npx skygate` runs), else the sources through tsx.
const BUILT = resolve(ROOT, "dist/cli.js");
const CLI = existsSync(BUILT) ? [BUILT] : ["--import", "tsx", resolve(ROOT, "src/cli.ts")];

function cli(argv: string[]): { seconds: number; status: number | null } {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [...CLI, ...argv], {
    cwd: ROOT,
    encoding: "utf8",
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`skygate ${argv[0]} failed: ${run.stderr}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, status: run.status };
}

function profileOf(fixture: string): string {
  const out = resolve(ROOT, `bench/data/profile-${fixture}-object.json`);
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    const table = `Object=${resolve(ROOT, `fixtures/${fixture}/Object.parquet`)}`;
    cli(["profile", "--table", table, "--quantiles", "--quiet", "--json", out]);
  }
  return out;
}

const [before, after] = files.length === 2 ? files : [profileOf("pilot"), profileOf("pilot-clean")];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const seconds = (f: () => void) => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const read: number[] = [];
const compare: number[] = [];
const write: number[] = [];
let columns = 0;
let changes = 0;
for (let r = 0; r < rounds; r++) {
  let docs: ReturnType<typeof readRunDocument>[] = [];
  read.push(seconds(() => (docs = [readRunDocument(before), readRunDocument(after)])));
  const [b, a] = docs as [ReturnType<typeof readRunDocument>, ReturnType<typeof readRunDocument>];
  let result: ReturnType<typeof compareRuns> | undefined;
  compare.push(seconds(() => (result = compareRuns(b, a))));
  const c = result as ReturnType<typeof compareRuns>;
  write.push(seconds(() => void [comparisonText(c), comparisonMarkdown(c), comparisonHtml(c)]));
  changes = c.changes.length;
  if (b.kind === "profile")
    columns = Object.values(b.tables).reduce((n, t) => n + Object.keys(t.columns).length, 0);
}
const ms = (s: number) => `${(s * 1000).toFixed(1)} ms`;
const size = (p: string) => `${(statSync(p).size / 1e6).toFixed(1)} MB`;
console.log(`profiles: ${before} (${size(before)}), ${after} (${size(after)}); ${columns} columns before`);
console.log(
  `in process, median of ${rounds} rounds: read both ${ms(median(read))}, compare ${ms(median(compare))} (${changes} changes), text + Markdown + HTML ${ms(median(write))}`,
);
console.log(`  total ${ms(median(read) + median(compare) + median(write))} (target: under 1 s)`);
const html = resolve(ROOT, "bench/data/compare-bench.html");
const whole = cli(["compare", before, after, "--html", html]);
console.log(
  `skygate compare BEFORE AFTER --html OUT as a command (${CLI.length === 1 ? "dist/cli.js" : "src/cli.ts through tsx"}, a new Node process, start-up included): ${whole.seconds.toFixed(2)} s, exit ${whole.status}`,
);
