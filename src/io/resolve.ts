/**
 * Turn table specs (files, directories, globs) into the list of files to read, in sorted path order,
 * with Hive partition values (`tract=4431/`) parsed from their directories.
 */
import { accessSync, constants, readdirSync, type Stats, statSync } from "node:fs";
import { basename, resolve, sep } from "node:path";
import { globSync } from "tinyglobby";
import { InputError } from "../core/errors.js";
import { type FileFormat, formatOf, KNOWN_EXTENSIONS } from "./formats.js";

/** One file an input spec stands for. */
export interface ResolvedFile {
  /** Absolute path. */
  path: string;
  format: FileFormat;
  /** Hive partition values of its directories, absent when there are none. */
  partition?: Readonly<Record<string, string>>;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Hive partition values in a path's directory names (`a/tract=4431/patch=9/f.parquet` → `{ tract: "4431", patch: "9" }`).
 * @example hivePartition("/d/tract=4431/x.parquet") // { tract: "4431" }
 */
export function hivePartition(path: string): Record<string, string> | undefined {
  const dirs = path.split(/[\\/]/).slice(0, -1);
  let out: Record<string, string> | undefined;
  for (const dir of dirs) {
    const eq = dir.indexOf("=");
    if (eq <= 0 || eq === dir.length - 1) continue;
    out ??= {};
    out[safeDecode(dir.slice(0, eq))] = safeDecode(dir.slice(eq + 1));
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Files a dataset writer leaves beside the data (`_SUCCESS`, `_metadata`, `.crc`) are not table files. */
function isHidden(path: string): boolean {
  const name = basename(path);
  return name.startsWith(".") || name.startsWith("_");
}

/** The InputError of a file-system error (permission denied, not a folder…), naming the path. */
export function fileSystemError(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EACCES" || code === "EPERM")
    return new InputError(path, "permission", "permission denied (cannot be read by this user)", undefined, {
      cause: error,
    });
  if (code === "ENOENT")
    return new InputError(path, "missing", "no such file or directory", undefined, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(path, "corrupt", `cannot be read (${code ?? message.split("\n")[0]})`, undefined, {
    cause: error,
  });
}

/** A path's stats; undefined when it does not exist; an InputError when it exists but cannot be looked at. */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "ENOTDIR"
    )
      return undefined;
    throw fileSystemError(path, error);
  }
}

function tableFilesBelow(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: false }) as string[];
  } catch (error) {
    // A sub-folder that cannot be listed: Node names it in the error.
    throw fileSystemError((error as NodeJS.ErrnoException).path ?? dir, error);
  }
  // Hidden parts are judged below `dir` only, so a dataset inside e.g. ~/.cache is still found.
  return entries
    .filter((rel) => !rel.split(sep).some((part) => part.startsWith(".") || part.startsWith("_")))
    .map((rel) => resolve(dir, rel))
    .filter((path) => formatOf(path) !== undefined && statOrUndefined(path)?.isFile());
}

function toResolved(path: string): ResolvedFile {
  const format = formatOf(path);
  if (!format) {
    throw new InputError(
      path,
      "unsupported",
      `unknown table file extension (known: ${KNOWN_EXTENSIONS.join(" ")})`,
    );
  }
  const stats = statOrUndefined(path);
  if (!stats) throw new InputError(path, "missing", "no such file");
  if (stats.size === 0) throw new InputError(path, "empty", "file is empty (0 bytes)");
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw fileSystemError(path, error);
  }
  const partition = hivePartition(path);
  return partition ? { path, format, partition } : { path, format };
}

/**
 * Every file one spec stands for, sorted by path: a file, a directory (table files below it, recursively) or a glob.
 * Throws InputError `missing`, `noMatch`, `unsupported`, `empty` or `permission`; with `unreadable`, a file
 * found but `empty` or denied is pushed there instead and left out.
 * @example resolveSpec("fixtures/pilot/Object.parquet")[0]?.path.endsWith("/fixtures/pilot/Object.parquet") // true
 */
export function resolveSpec(
  spec: string,
  cwd: string = process.cwd(),
  unreadable?: InputError[],
): ResolvedFile[] {
  const path = resolve(cwd, spec);
  const stats = statOrUndefined(path);
  let files: string[];
  if (stats?.isDirectory()) {
    files = tableFilesBelow(path);
    if (files.length === 0) throw new InputError(spec, "noMatch", "directory holds no table files");
  } else if (stats) {
    files = [path];
  } else if (GLOB_CHARS.test(spec)) {
    files = globSync(spec, { cwd, absolute: true, onlyFiles: true, dot: false }).filter(
      (file) => formatOf(file) !== undefined && !isHidden(file),
    );
    if (files.length === 0) throw new InputError(spec, "noMatch", "glob matches no table files");
  } else {
    throw new InputError(spec, "missing", "no such file or directory");
  }
  const out: ResolvedFile[] = [];
  for (const file of files.sort(comparePaths)) {
    try {
      out.push(toResolved(file));
    } catch (error) {
      // A file that is there but cannot be read (0 bytes, permission): collected when the caller skips those.
      const skippable =
        error instanceof InputError && (error.kind === "empty" || error.kind === "permission");
      if (unreadable === undefined || !skippable) throw error;
      unreadable.push(error);
    }
  }
  return out;
}

/**
 * Every file of several specs, deduplicated and in sorted path order.
 * @example resolveSpecs(["fixtures/pilot/Visit.parquet", "fixtures/pilot/CcdVisit.parquet"]).map((f) => f.path.split("/").pop())
 * // ["CcdVisit.parquet", "Visit.parquet"] (absolute paths, sorted)
 */
export function resolveSpecs(
  specs: readonly string[],
  cwd: string = process.cwd(),
  unreadable?: InputError[],
): ResolvedFile[] {
  const byPath = new Map<string, ResolvedFile>();
  const skipped: InputError[] = [];
  for (const spec of specs)
    for (const file of resolveSpec(spec, cwd, unreadable === undefined ? undefined : skipped))
      byPath.set(file.path, file);
  // A file two specs name is skipped once.
  if (unreadable !== undefined) unreadable.push(...new Map(skipped.map((e) => [e.path, e])).values());
  return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
}

/** Plain code-unit order, so the row order never depends on the locale. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
