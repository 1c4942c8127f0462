// Paths tests share. Real public data the tests read is copied into test/data/<upstream folder>/ (each folder
// with its PROVENANCE.md), so a clone of the repository alone passes the suite; nothing beside it is read.
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Copies of real public data (see test/data/README.md). */
export const EXTERNAL = resolve(REPO_ROOT, "test/data");
export const FIXTURES = resolve(REPO_ROOT, "fixtures");

/** Throws unless `path` (after resolving symbolic links) lies inside the repository. */
export function insideRepo(path: string): string {
  const real = existsSync(path) ? realpathSync(path) : resolve(path);
  const rel = relative(realpathSync(REPO_ROOT), real);
  if (rel === "" || rel.startsWith(`..${sep}`) || rel === ".." || resolve(rel) === rel) {
    throw new Error(`test data must live inside the repository, not at ${path}`);
  }
  return path;
}

/**
 * Absolute path of a file or folder under test/data (e.g. `external("faro_hsc", "x.fits.gz")`); throws if it
 * is absent, so a test can never pass vacuously, or if it resolves outside the repository.
 */
export function external(...parts: string[]): string {
  const path = resolve(EXTERNAL, ...parts);
  if (!existsSync(path))
    throw new Error(`test data not found: ${path} (copy it into test/data with its PROVENANCE)`);
  return insideRepo(path);
}

/** The UTF-8 text of a file under test/data, gunzipped when its name ends in `.gz`. */
export function externalText(...parts: string[]): string {
  const path = external(...parts);
  const bytes = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}
