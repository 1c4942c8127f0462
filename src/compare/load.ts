/** Reads one side of a comparison: a profile JSON, or a check/gate report JSON, told apart by shape. */
import { InputError } from "../core/errors.js";
import type { Report } from "../core/results.js";
import { readTextInput } from "../io/text-file.js";
import type { TableProfile } from "../metrics/types.js";

/** One side of a comparison, as read from a file. */
export type RunDocument =
  | { kind: "profile"; path: string; tables: Record<string, TableProfile> }
  | { kind: "report"; path: string; report: Report };

/**
 * Tells a profile document from a report by shape; anything else is an InputError naming the path.
 * @example
 * runDocumentFromJson({ tool: "skygate", tables: { T: { rows: 1, sources: [], columns: {} } } }, "p.json").kind // "profile"
 */
export function runDocumentFromJson(json: unknown, path: string): RunDocument {
  if (typeof json === "object" && json !== null) {
    const doc = json as Record<string, unknown>;
    if (Array.isArray(doc.results)) return { kind: "report", path, report: doc as unknown as Report };
    const tables = doc.tables;
    if (typeof tables === "object" && tables !== null) {
      const entries = Object.values(tables as Record<string, unknown>);
      if (
        entries.every(
          (t) =>
            typeof t === "object" &&
            t !== null &&
            "columns" in t &&
            typeof (t as { columns: unknown }).columns === "object",
        )
      )
        return { kind: "profile", path, tables: tables as Record<string, TableProfile> };
    }
  }
  throw new InputError(
    path,
    "corrupt",
    "neither a skygate profile (tables.*.columns) nor a report (results[])",
  );
}

/**
 * Reads a profile or report JSON file (missing, empty or malformed files are InputErrors naming the path).
 * @example
 * readRunDocument("nope.json") // throws: nope.json: saved profile or report does not exist
 */
export function readRunDocument(path: string): RunDocument {
  const text = readTextInput(path, "saved profile or report");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      path,
      "corrupt",
      `not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  return runDocumentFromJson(json, path);
}
