// Paths of the real files the failures tests use (byte-identical copies under test/data, see each PROVENANCE.md).
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A file under test/data; throws when absent so no test passes vacuously. */
export function data(...parts: string[]): string {
  const p = join(ROOT, "test/data", ...parts);
  if (!existsSync(p)) throw new Error(`test data not found: ${p}`);
  return p;
}

/** A file of the committed pilot fixtures. */
export function pilot(...parts: string[]): string {
  return join(ROOT, "fixtures/pilot", ...parts);
}

/** A fresh temporary directory. */
export function tmp(): string {
  return mkdtempSync(join(tmpdir(), "skygate-failures-"));
}
