/**
 * Scheduling on engines: a second engine for what the first cannot do, and failing condition batches split in
 * halves until the conditions that cannot run are isolated. InputErrors (unreadable input) always propagate.
 */

import { InputError } from "../../core/errors.js";
import type { Engine } from "../../engines/types.js";

/**
 * Runs on the primary engine; if it throws (not an InputError) and there is another engine, runs there.
 * @example
 * const arrow = new ArrowEngine();
 * (await withFallback(arrow, null, (on) => on.duplicateKeys(source, ["objectId"], {}))).failing // 8 — repeated objectIds in the pilot
 */
export async function withFallback<T>(
  primary: Engine,
  fallback: Engine | null,
  run: (engine: Engine) => Promise<T>,
): Promise<T> {
  try {
    return await run(primary);
  } catch (error) {
    if (error instanceof InputError || fallback === null || fallback === primary) throw error;
    return run(fallback);
  }
}

/**
 * Evaluates a batch; when the whole batch throws, splits it in halves until each failing item stands alone,
 * and returns that item's Error in its place. The answer has one entry per item, in order.
 * @example
 * await splitOnFailure([1, 2], async (xs) => { if (xs.includes(2)) throw new Error("no"); return xs; });
 * // [1, Error("no")]
 */
export async function splitOnFailure<T, R>(
  items: readonly T[],
  evaluate: (batch: readonly T[]) => Promise<R[]>,
): Promise<(R | Error)[]> {
  try {
    return await evaluate(items);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (items.length === 1) return [error instanceof Error ? error : new Error(String(error))];
    const half = Math.ceil(items.length / 2);
    return [
      ...(await splitOnFailure(items.slice(0, half), evaluate)),
      ...(await splitOnFailure(items.slice(half), evaluate)),
    ];
  }
}
