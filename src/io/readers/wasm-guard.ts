/**
 * parquet-wasm reports a decode panic (a corrupt data page) as a WebAssembly `RuntimeError: unreachable` thrown
 * from inside its own async machinery: it reaches neither our `await` nor a rejection, but the process's
 * `uncaughtException`, and the pending read never settles. While a guarded call runs, that error is caught here and
 * turned into a rejection of the call: an InputError naming the file (and row group), so the caller goes on.
 */
import { InputError } from "../../core/errors.js";

interface Pending {
  path: string;
  where: string;
  reject: (error: InputError) => void;
}

const pending = new Set<Pending>();

/** Errors this guard turned into InputErrors: the CLI's last-resort handler must leave them alone. */
export const HANDLED = Symbol.for("skygate.handledUncaught");

/** A WebAssembly trap (`WebAssembly.RuntimeError`; the ES2022 lib src/ compiles against does not declare it). */
function isWasmTrap(error: unknown): boolean {
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: new () => Error } }).WebAssembly
    ?.RuntimeError;
  return RuntimeError !== undefined && error instanceof RuntimeError;
}

function onUncaught(error: unknown): void {
  if (!isWasmTrap(error) || pending.size === 0) return;
  (error as { [HANDLED]?: boolean })[HANDLED] = true;
  const message = (error as Error).message;
  for (const p of pending)
    p.reject(new InputError(p.path, "corrupt", decodeFailure(p.where, message), undefined, { cause: error }));
  pending.clear();
  detach();
}

/**
 * What a decode trap says to a user: the decoder's trap names ("unreachable") are its internals, not the file's.
 * @example decodeFailure(" in row group 0", "unreachable") // "Parquet data cannot be decoded in row group 0 (corrupt page data)"
 */
export function decodeFailure(where: string, trap: string): string {
  const why = trap === "unreachable" ? "corrupt page data" : `corrupt page data: ${trap}`;
  return `Parquet data cannot be decoded${where} (${why})`;
}

let attached = false;

function attach(): void {
  if (attached || typeof process === "undefined") return;
  process.prependListener("uncaughtException", onUncaught);
  attached = true;
}

function detach(): void {
  if (!attached || pending.size > 0) return;
  process.removeListener("uncaughtException", onUncaught);
  attached = false;
}

/**
 * Runs a parquet-wasm call; a decode panic during it rejects with an InputError naming `path` (`where` adds e.g.
 * " in row group 3"). A trap thrown synchronously becomes the same InputError.
 * @example
 * await guardWasm("a.parquet", " in row group 0", async () => 42) // 42
 * await guardWasm("a.parquet", " in row group 0", async () => { throw new WebAssembly.RuntimeError("unreachable"); }) // throws InputError: a.parquet: Parquet data cannot be decoded in row group 0 (corrupt page data)
 */
export async function guardWasm<T>(path: string, where: string, run: () => Promise<T>): Promise<T> {
  let entry: Pending | undefined;
  const trapped = new Promise<never>((_, reject) => {
    entry = { path, where, reject };
  });
  pending.add(entry as Pending);
  attach();
  try {
    return await Promise.race([run(), trapped]);
  } catch (error) {
    if (isWasmTrap(error)) {
      throw new InputError(path, "corrupt", decodeFailure(where, (error as Error).message), undefined, {
        cause: error,
      });
    }
    throw error;
  } finally {
    pending.delete(entry as Pending);
    detach();
  }
}
