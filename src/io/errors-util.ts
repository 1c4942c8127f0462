/**
 * First line of an error's message, so InputError messages stay one line.
 * @example firstLine(new Error("bad\nmore")) // "bad"
 */
export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim();
}
