// The package installs into anyone's project: `npm pack` this repository, install the tarball into a fresh
// temporary project with nothing else (`npm init -y && npm install skygate-x.y.z.tgz`), then run the CLI and a
// script that imports `skygate` and `skygate/sky` there, then install tslab beside it and execute a notebook that
// imports both and displays a report and a map. Any deviation exits 1 with a message saying what broke.
// Usage: node scripts/pack-check.mjs [--keep]   (npm run pack:check; .ci/run runs it). Needs the npm registry.
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const keep = process.argv.includes("--keep");
const work = mkdtempSync(join(tmpdir(), "skygate-pack-"));
const project = join(work, "project");
let failures = 0;

function fail(message) {
  failures++;
  console.error(`FAIL: ${message}`);
}

function ok(message) {
  console.log(`ok: ${message}`);
}

/** Run a command; returns { code, stdout, stderr } (never throws). */
function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, npm_config_yes: "true" },
  });
  return { code: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}

function must(label, result) {
  if (result.code !== 0) {
    console.error(result.stdout.slice(-4000));
    console.error(result.stderr.slice(-4000));
    throw new Error(`${label} exited ${result.code}`);
  }
  return result;
}

try {
  // 1. Pack (prepack builds dist/).
  const packed = must("npm pack", run("npm", ["pack", "--pack-destination", work], REPO));
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball:\n${packed.stdout}`);
  const tgz = join(work, tarball);
  const listing = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).split("\n");
  for (const file of [
    "package/dist/cli.js",
    "package/dist/index.js",
    "package/dist/sky/index.js",
    "package/README.md",
  ])
    if (!listing.includes(file)) fail(`${file} missing from ${tarball}`);
  const stray = listing.filter((f) => /^package\/(test|src|fixtures|node_modules|patches)\//.test(f));
  if (stray.length > 0) fail(`${tarball} ships development files: ${stray.slice(0, 5).join(", ")}`);
  ok(`${tarball}: ${listing.filter(Boolean).length} files`);

  const manifest = JSON.parse(
    execFileSync("tar", ["-xzOf", tgz, "package/package.json"], { encoding: "utf8" }),
  );
  for (const hook of ["preinstall", "install", "postinstall", "prepare"])
    if (manifest.scripts?.[hook])
      fail(`the package runs a ${hook} script on users' machines: ${manifest.scripts[hook]}`);
  for (const [name, spec] of Object.entries(manifest.dependencies ?? {}))
    if (!/^[\^~]?\d/.test(String(spec))) fail(`dependency ${name}@${spec} does not come from the registry`);

  // 2. A fresh project with nothing but the tarball.
  mkdirSync(project);
  must("npm init -y", run("npm", ["init", "-y"], project));
  const install = must(
    "npm install <tarball>",
    run("npm", ["install", "--no-audit", "--no-fund", "--foreground-scripts", tgz], project),
  );
  ok(`installed into ${project}`);
  for (const absent of ["danfojs-node", "xlsx", "patch-package", "tslab", "vitest"])
    if (existsSync(join(project, "node_modules", absent)))
      fail(`${absent} was installed into the user's project`);
  // No script of ours runs or waits for approval on the user's machine (npm 11 lists such scripts to approve).
  if (/skygate@[^ ]* \(|> skygate@|patch-package|ERR!/.test(install.stdout + install.stderr))
    fail(`npm install output:\n${install.stdout}${install.stderr}`);

  // 3. The CLI.
  const help = run("npx", ["--no-install", "skygate", "--help"], project);
  if (help.code !== 0 || !/usage/i.test(help.stdout + help.stderr))
    fail(`npx skygate --help exited ${help.code}: ${help.stdout}${help.stderr}`);
  else ok("npx skygate --help");

  const check = run(
    "npx",
    [
      "--no-install",
      "skygate",
      "check",
      "--table",
      `Object=${join(REPO, "fixtures/pilot/Object.parquet")}`,
      "--schema",
      join(REPO, "fixtures/schemas/dp02_dc2.yaml"),
      "--json",
      join(work, "check.json"),
    ],
    project,
  );
  // The pilot Object table carries seeded defects (fixtures/pilot/truth.json): exit 1 and a FAIL status.
  if (check.code !== 1 || !/Status: FAIL/.test(check.stdout))
    fail(`npx skygate check on the pilot Object table exited ${check.code}:\n${check.stdout}${check.stderr}`);
  else {
    const report = JSON.parse(readFileSync(join(work, "check.json"), "utf8"));
    if (!(report.tables?.Object?.rows > 0))
      fail(`check --json has no Object rows: ${JSON.stringify(report.tables)}`);
    else ok(`npx skygate check: exit 1, ${report.results.length} results, status ${report.status}`);
  }

  // 4. A user's ESM script importing the package root and skygate/sky.
  const script = `
import assert from "node:assert/strict";
import { ArrowEngine, checkTables, loadFelis, openTable, toDanfo } from "skygate";
import { ang2pixNest, dc2SkyMap, pix2angNest } from "skygate/sky";

const schema = loadFelis(${JSON.stringify(join(REPO, "fixtures/schemas/dp02_dc2.yaml"))});
const object = await openTable("Object", ${JSON.stringify(join(REPO, "fixtures/pilot/Object.parquet"))});
const engine = new ArrowEngine();
const report = await checkTables({ sources: new Map([["Object", object]]), schema, engineFor: () => engine, version: "pack-check" });
assert.equal(report.status, "fail");
assert.ok(report.results.some((r) => r.check === "nanWithoutFlag" && r.status === "fail"));

const pix = ang2pixNest(10, 55.1, -32.1);
const [ra, dec] = pix2angNest(10, pix);
assert.ok(Math.abs(ra - 55.1) < 0.1 && Math.abs(dec + 32.1) < 0.1);
assert.deepEqual(Object.keys(dc2SkyMap.findTractPatch(55.1, -32.1)).sort(), ["patch", "tract"]);

// danfojs-node is an optional peer: without it, toDanfo says what to install.
const table = await object.read();
await assert.rejects(() => toDanfo(table), /optional package danfojs-node.*npm install danfojs-node/);
console.log("user script ok", report.results.length, pix);
`;
  writeFileSync(join(project, "use.mjs"), script);
  const use = run(process.execPath, ["use.mjs"], project);
  if (use.code !== 0 || !/user script ok/.test(use.stdout))
    fail(`ESM script importing skygate and skygate/sky:\n${use.stdout}${use.stderr}`);
  else ok(`ESM script importing skygate and skygate/sky (${use.stdout.trim()})`);

  // 5. A scientist's notebook: tslab in the same fresh project (as on the Rubin Science Platform), a TypeScript
  // notebook importing skygate and skygate/sky, displaying a report and a map. Run headless by the installed
  // `skygate notebook run` (no Python), and through real Jupyter (nbconvert) with the kernel spec `tslab install`
  // writes, when jupyter is on PATH.
  notebookInProject(project);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function notebookInProject(dir) {
  const started = Date.now();
  // tslab from the npm registry; with SKYGATE_PACK_TSLAB=local (no registry), the copy in this repository.
  const spec =
    process.env.SKYGATE_PACK_TSLAB === "local" ? join(REPO, "node_modules", "tslab") : "tslab@^1.0.22";
  must(`npm install ${spec}`, run("npm", ["install", "--no-audit", "--no-fund", "--save-dev", spec], dir));
  ok(`tslab installed into the project (${spec === "tslab@^1.0.22" ? "from the npm registry" : spec})`);
  const source = (lines) => lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
  let cells = 0;
  const cell = (lines) => ({
    id: `cell-${cells++}`,
    cell_type: "code",
    metadata: {},
    execution_count: null,
    outputs: [],
    source: source(lines),
  });
  const notebook = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: [
      cell([
        'import { ArrowEngine, checkTables, display, loadFelis, openTable, readPositions, tractMap } from "skygate";',
        'import { ang2pixNest, dc2SkyMap } from "skygate/sky";',
      ]),
      cell([
        `const object = await openTable("Object", ${JSON.stringify(join(REPO, "fixtures/pilot/Object.parquet"))});`,
        `const schema = loadFelis(${JSON.stringify(join(REPO, "fixtures/schemas/dp02_dc2.yaml"))});`,
        "const engine = new ArrowEngine();",
        'const report = await checkTables({ sources: new Map([["Object", object]]), schema: schema, engineFor: () => engine, version: "user" });',
        "display(report);",
        `console.log("status " + report.status + ", pixel " + ang2pixNest(10, 55.9, -32.2));`,
      ]),
      cell([
        "const positions = await readPositions(object);",
        'display(tractMap(dc2SkyMap, 4431).points({ ra: positions.ra, dec: positions.dec }).findings(report.results).figure({ title: "pilot tract 4431" }));',
      ]),
    ],
  };
  const nbPath = join(dir, "user.ipynb");
  writeFileSync(nbPath, JSON.stringify(notebook, null, 1));
  const judge = (label, executedPath) => {
    const executed = JSON.parse(readFileSync(executedPath, "utf8"));
    const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
    // nbformat allows a string or a list of lines (nbconvert writes lists).
    const str = (v) => (Array.isArray(v) ? v.join("") : String(v ?? ""));
    const text = outputs.map((o) => str(o.text)).join("");
    const stderr = outputs
      .filter((o) => o.output_type === "stream" && o.name === "stderr")
      .map((o) => str(o.text))
      .join("");
    const html = outputs.map((o) => str(o.data?.["text/html"])).join("");
    const figure = outputs.find((o) => o.data?.["application/vnd.plotly.v1+json"]);
    if (stderr !== "") fail(`${label}: the notebook wrote to stderr:\n${stderr.slice(0, 2000)}`);
    else if (!/status fail, pixel \d+/.test(text)) fail(`${label}: no status line in ${text.slice(0, 500)}`);
    else if (!html.includes("<h4>Coverage</h4>") || !html.includes("nanWithoutFlag"))
      fail(`${label}: the report was not displayed as HTML`);
    else if (!figure || !str(figure.data["text/html"]).includes('data-skygate="plotly.js"'))
      fail(`${label}: the map has no plotly bundle with plotly.js inlined`);
    else ok(`${label}: a user's notebook imports skygate and skygate/sky, displays a report and a map`);
  };
  const out = join(dir, "user.executed.ipynb");
  const ran = run(
    "npx",
    ["--no-install", "skygate", "notebook", "run", "user.ipynb", "--timeout", "600", "--out", out],
    dir,
  );
  if (ran.code !== 0)
    fail(`npx skygate notebook run exited ${ran.code}:\n${ran.stdout}${ran.stderr}`.slice(0, 6000));
  else judge("skygate notebook run (tslab, no Python)", out);

  const jupyter = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" });
  if (jupyter.status === 0) {
    // The kernel spec `npx tslab install --user` writes, kept in the project instead of the user's home.
    const kernels = join(dir, "jupyter", "kernels", "tslab");
    mkdirSync(kernels, { recursive: true });
    writeFileSync(
      join(kernels, "kernel.json"),
      JSON.stringify({
        argv: [join(dir, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
        display_name: "TypeScript",
        language: "typescript",
      }),
    );
    const converted = spawnSync(
      "jupyter",
      [
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--ExecutePreprocessor.timeout=600",
        "user.ipynb",
        "--output",
        "user.nbconvert.ipynb",
      ],
      { cwd: dir, encoding: "utf8", env: { ...process.env, JUPYTER_PATH: join(dir, "jupyter") } },
    );
    if (converted.status !== 0)
      fail(`jupyter nbconvert --execute exited ${converted.status}:\n${converted.stderr.slice(-4000)}`);
    else judge("jupyter nbconvert with the tslab kernel spec", join(dir, "user.nbconvert.ipynb"));
  } else console.log("skip: jupyter nbconvert not on PATH (the headless run above covers the notebook)");
  console.log(`notebook step: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (failures > 0) {
  console.error(`pack check: ${failures} failure(s)`);
  process.exit(1);
}
console.log("pack check: the packed package installs and runs in a fresh project");
