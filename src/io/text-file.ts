/** Reading a small text input (a gate file, a schema, a saved report) with the errors every reader gives. */
import { readFileSync } from "node:fs";
import { InputError } from "../core/errors.js";

/**
 * The text of a file; missing, unreadable or empty files are InputErrors naming it (`what` says what it is).
 * @example
 * readTextInput("nope.yaml", "gate file") // throws: nope.yaml: gate file does not exist
 */
export function readTextInput(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(path, "missing", `${what} does not exist`);
    if (code === "EISDIR") throw new InputError(path, "unsupported", `is a directory, not a ${what}`);
    throw new InputError(path, "corrupt", `cannot read ${what} (${code ?? String(error)})`);
  }
  if (text.trim() === "") throw new InputError(path, "empty", `${what} is empty`);
  return text;
}
