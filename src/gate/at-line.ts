/** Loading problems of a gate section turned into errors at the gate file's line (exit 2 before any check). */
import { InputError, UsageError } from "../core/errors.js";

/**
 * Runs `load`; an InputError or UsageError it throws becomes an InputError naming the gate file, the section's
 * key (`holes.footprint`) and its line, keeping the reason.
 * @example await atSectionLine("g.yaml", "holes", 7, "masks", async () => { throw new UsageError("bad mask"); }) // throws g.yaml:7: holes.masks: bad mask
 */
export async function atSectionLine<T>(
  gatePath: string,
  section: string,
  line: number | undefined,
  what: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof InputError || error instanceof UsageError)
      throw new InputError(
        gatePath,
        "schema",
        `${section}.${what}: ${error.message}`,
        line === undefined ? undefined : { line },
      );
    throw error;
  }
}
