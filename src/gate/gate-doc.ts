/** A gate file's positioned YAML with the checks every section reader needs (keys, strings, numbers, paths). */
import { isAbsolute, resolve } from "node:path";
import { type FilePosition, InputError } from "../core/errors.js";
import { YamlDoc } from "../schema/yaml-doc.js";
import { closest } from "./match.js";

/** A path into the YAML document (keys and list indices). */
export type Path = (string | number)[];
/** A YAML mapping as parsed. */
export type Dict = Record<string, unknown>;

/**
 * Whether a parsed YAML value is a mapping.
 * @example isDict({ a: 1 }) // true
 * isDict([1]) // false
 */
export function isDict(x: unknown): x is Dict {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A gate file's YAML with the key checks gate files need on top of the positioned document. */
export class GateDoc extends YamlDoc {
  /** The position of a mapping key itself (for unknown keys), else of its value. */
  keyPosition(at: Path, key: string): FilePosition | undefined {
    const map = at.length === 0 ? this.doc.contents : this.doc.getIn(at, true);
    const items = (
      map as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null
    )?.items;
    const item = items?.find((i) => i.key?.value === key);
    if (item?.key?.range) {
      const pos = this.lines.linePos(item.key.range[0]);
      return { line: pos.line, column: pos.col };
    }
    return this.position([...at, key]);
  }

  /** Throws at the first key not in `allowed`, with the key probably meant. */
  onlyKeys(obj: Dict, at: Path, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const guess = closest(key, allowed);
      throw new InputError(
        this.path,
        "schema",
        `${what}unknown key \`${key}\`${guess ? ` (did you mean \`${guess}\`?)` : ` (known: ${allowed.join(", ")})`}`,
        this.keyPosition(at, key),
      );
    }
  }

  text(obj: Dict, at: Path, key: string, what: string): string {
    const v = obj[key];
    if (typeof v !== "string" || v.trim() === "")
      this.fail([...at, key], `${what}\`${key}\` must be a non-empty string`);
    return v;
  }

  number(obj: Dict, at: Path, key: string, what: string): number {
    const v = obj[key];
    if (typeof v !== "number" || !Number.isFinite(v))
      this.fail([...at, key], `${what}\`${key}\` must be a number`);
    return v;
  }

  /** A string or a list of strings (absent: []). */
  strings(obj: Dict, at: Path, key: string, what: string): string[] {
    const v = obj[key];
    if (v === undefined) return [];
    const list = typeof v === "string" ? [v] : v;
    if (!Array.isArray(list) || !list.every((s) => typeof s === "string" && s.trim() !== ""))
      this.fail([...at, key], `${what}\`${key}\` must be a string or a list of strings`);
    return list as string[];
  }

  /** The line of a value, for messages given after parsing. */
  lineOf(at: Path): number | undefined {
    return this.position(at)?.line;
  }
}

/**
 * Replaces `${name}` by the parameter's value; an undeclared name is an error at `at`.
 * @example substitute(undefined, "${data}/Object.parquet", [], { data: "run" }) // "run/Object.parquet"
 */
export function substitute(
  g: GateDoc | undefined,
  text: string,
  at: Path,
  params: Readonly<Record<string, string>>,
): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) {
      const why = `\${${name}} is not a declared parameter (params: ${Object.keys(params).join(", ") || "none"})`;
      if (g) g.fail(at, why);
      throw new Error(why);
    }
    return value;
  });
}

/**
 * A path of the gate file with parameters substituted, resolved from the gate file's folder.
 * @example resolveFrom("/data/gates", "${data}/x.json", { data: "../run" }) // "/data/run/x.json"
 */
export function resolveFrom(
  base: string,
  raw: string,
  params: Readonly<Record<string, string>>,
  g?: GateDoc,
  at: Path = [],
): string {
  const p = substitute(g, raw, at, params);
  return isAbsolute(p) ? p : resolve(base, p);
}
