// Paths tests share. Real public data lives in ../shared/external beside the repository (also in CI).
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const EXTERNAL = resolve(REPO_ROOT, "../shared/external");
export const FIXTURES = resolve(REPO_ROOT, "fixtures");

/** Absolute path of a file under ../shared/external; throws if absent so a test can never pass vacuously. */
export function external(...parts: string[]): string {
  const path = resolve(EXTERNAL, ...parts);
  if (!existsSync(path)) throw new Error(`external test data not found: ${path}`);
  return path;
}
