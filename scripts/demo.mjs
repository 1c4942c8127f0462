// `npm run demo`: the main job on bundled data. Checks the DC2-like pilot run (tract 4431, defects injected on
// purpose, answer key in fixtures/pilot/truth.json) and its clean twin against the real DP0.2 felis schema,
// and writes the reports under build/demo/. The demo succeeds when skygate flags the pilot (exit 1)
// and passes the clean twin (exit 0); any other outcome is a real failure.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const tables = ["Object", "Source", "ForcedSource", "CcdVisit", "Visit"];
const outDir = "build/demo";
mkdirSync(outDir, { recursive: true });

function check(label, dir, expectedExit) {
  const args = ["dist/cli.js", "check", "--schema", "fixtures/schemas/dp02_dc2.yaml"];
  for (const t of tables) args.push("--table", `${t}=${dir}/${t}.parquet`);
  for (const fmt of ["json", "html", "md", "junit"]) {
    args.push(`--${fmt}`, `${outDir}/${label}.${fmt === "junit" ? "xml" : fmt}`);
  }
  process.stdout.write(`\n$ skygate ${args.slice(1).join(" ")}\n`);
  const run = spawnSync(process.execPath, args, { stdio: "inherit" });
  const ok = run.status === expectedExit;
  process.stdout.write(
    `\n${ok ? "as expected" : "UNEXPECTED"}: ${label} exited ${run.status} (expected ${expectedExit}); reports in ${outDir}/${label}.*\n`,
  );
  return ok;
}

const pilot = check("pilot", "fixtures/pilot", 1);
const clean = check("pilot-clean", "fixtures/pilot-clean", 0);
process.exitCode = pilot && clean ? 0 : 1;
