/** Optional peer packages (heavy integrations users install only if they want them), loaded on first use. */
import { UsageError } from "../core/errors.js";

/**
 * The module `load()` imports; when the package is not installed, a UsageError that names the package, what
 * needs it and how to install it (instead of Node's module-not-found trace). Other failures pass through.
 * @example
 * await importOptional("no-such-package", "toDanfo", () => import("no-such-package"))
 * // throws UsageError: toDanfo needs the optional package no-such-package, which is not installed (npm install no-such-package)
 */
export async function importOptional<T>(pkg: string, feature: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const message = error instanceof Error ? error.message : String(error);
    if ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && message.includes(`'${pkg}'`)) {
      throw new UsageError(
        `${feature} needs the optional package ${pkg}, which is not installed (npm install ${pkg})`,
        { cause: error },
      );
    }
    throw error;
  }
}
