// `npm run demo`: the main job on bundled data, as a V&V team would run it at a production gate.
// Runs the shipped coadd and single-frame gates (gates/*.yaml) on the DC2-like pilot run (tract 4431, defects
// injected on purpose, answer key in fixtures/pilot/truth.json; one known defect waived with a ticket) and on its
// clean twin, against the real DP0.2 felis schema, and writes JSON, HTML (with figures), Markdown and JUnit
// reports under build/demo/. The demo succeeds when the gates fail the pilot (exit 1) and pass the clean twin
// (exit 0); any other outcome is a real failure.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";

const outDir = "build/demo";
mkdirSync(outDir, { recursive: true });

function gate(name, data, expectedExit) {
  const label = `${name}-${data.split("/").pop()}`;
  const args = ["dist/cli.js", "gate", `gates/${name}.yaml`, "--param", `data=${data}`];
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

const results = [
  gate("coadd", "fixtures/pilot", 1),
  gate("coadd", "fixtures/pilot-clean", 0),
  gate("single-frame", "fixtures/pilot", 1),
  gate("single-frame", "fixtures/pilot-clean", 0),
];
process.exitCode = results.every(Boolean) ? 0 : 1;
