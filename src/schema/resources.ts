/**
 * felis `resources`: other felis files a schema pulls columns from (`columnRefs`), resolved relative to the
 * referencing file and loaded through the caller's loader (which caches and detects cycles).
 */
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../core/errors.js";
import type { FelisSchema } from "./felis.js";
import { type Dict, isDict, type YamlDoc, type YamlPath } from "./yaml-doc.js";

/** A resource schema and the absolute path it was loaded from. */
export interface LoadedResource {
  path: string;
  schema: FelisSchema;
}

/**
 * Loads every entry of `resources`; a missing file is an error at the referencing line, a cycle too.
 * @example
 * resolveResources(parseYaml("name: s\n", "s.yaml").doc, { name: "s" }, [], loadFelis); // {}
 */
export function resolveResources(
  ctx: YamlDoc,
  data: Dict,
  stack: readonly string[],
  load: (path: string, stack: readonly string[]) => FelisSchema,
): Record<string, LoadedResource> {
  const out: Record<string, LoadedResource> = {};
  if (data.resources === undefined || data.resources === null) return out;
  if (!isDict(data.resources)) ctx.fail(["resources"], "`resources` must be a mapping of name → { uri }");
  for (const [name, spec] of Object.entries(data.resources)) {
    const at = ["resources", name, "uri"];
    if (!isDict(spec) || typeof spec.uri !== "string") ctx.fail(at, `resource "${name}" has no \`uri\``);
    const target = resourcePath(ctx, spec.uri, at);
    if (stack.includes(target)) ctx.fail(at, `resource "${name}" (${target}) references itself in a cycle`);
    let schema: FelisSchema;
    try {
      schema = load(target, stack);
    } catch (error) {
      if (error instanceof InputError && error.path === target && error.kind === "missing") {
        const pos = ctx.position(at);
        throw new InputError(ctx.path, "schema", `resource "${name}" refers to missing file ${target}`, pos, {
          cause: error,
        });
      }
      throw error;
    }
    out[name] = { path: target, schema };
  }
  return out;
}

function resourcePath(ctx: YamlDoc, uri: string, at: YamlPath): string {
  if (uri.startsWith("file://")) return fileURLToPath(uri);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    ctx.fail(at, `resource URI scheme not supported (only local files and file://): ${uri}`);
  }
  return isAbsolute(uri) ? uri : resolve(dirname(resolve(ctx.path)), uri);
}
