// Paths of the real data copied under test/data/ (see each folder's PROVENANCE.md) and a dense-tract cache.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type DenseTract, type DenseTractOptions, denseTract } from "../../fixtures/generator/dense.js";
import { REPO_ROOT } from "../helpers/paths.js";

/** Absolute path of a file under test/data; throws if absent so a test can never pass vacuously. */
export function testData(...parts: string[]): string {
  const path = resolve(REPO_ROOT, "test", "data", ...parts);
  if (!existsSync(path)) throw new Error(`test data not found: ${path}`);
  return path;
}

const cache = new Map<string, DenseTract>();

/** A dense tract, generated once per test file and options. */
export function dense(options: DenseTractOptions): DenseTract {
  const key = JSON.stringify(options);
  let t = cache.get(key);
  if (!t) {
    t = denseTract(options);
    cache.set(key, t);
  }
  return t;
}

/** Test density: 3·10⁵ objects per tract (DP0.2 has ~10⁶); README gives the detection limits at both. */
export const TEST_OBJECTS = 300_000;
