// The package.json that goes into the tarball has no development lifecycle scripts: `prepare` applies the tslab
// patch in this repository (patch-package, a development dependency) and must never be offered to users' npm,
// which lists `prepare` of a tarball among the install scripts to approve. `npm pack`/`npm publish` run
// `prepack` (build, then `strip`) and `postpack` (`restore`); the original is kept in package.json.dev meanwhile.
// Usage: node scripts/pack-manifest.mjs strip|restore
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const MANIFEST = join(ROOT, "package.json");
const SAVED = join(ROOT, "package.json.dev");
const DEV_ONLY = ["prepare", "prepack", "postpack"];

const mode = process.argv[2];
if (mode === "strip") {
  if (existsSync(SAVED)) {
    console.error(
      `${SAVED} exists: an earlier pack did not finish; restore it (mv package.json.dev package.json)`,
    );
    process.exit(1);
  }
  copyFileSync(MANIFEST, SAVED);
  const manifest = JSON.parse(readFileSync(MANIFEST, "utf8"));
  for (const script of DEV_ONLY) delete manifest.scripts[script];
  writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (mode === "restore") {
  if (existsSync(SAVED)) renameSync(SAVED, MANIFEST);
} else {
  console.error("usage: node scripts/pack-manifest.mjs strip|restore");
  process.exit(2);
}
