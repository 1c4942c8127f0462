// The package installs into anyone's project: `npm pack` this repository, install the tarball into a fresh
// temporary project with nothing else (`npm init -y && npm install skygate-x.y.z.tgz`), then run the CLI and a
// script that imports `skygate` and `skygate/sky` there. Any deviation exits 1 with a message saying what broke.
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
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  if (keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

if (failures > 0) {
  console.error(`pack check: ${failures} failure(s)`);
  process.exit(1);
}
console.log("pack check: the packed package installs and runs in a fresh project");
