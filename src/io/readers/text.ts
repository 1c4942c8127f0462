/** Reading a text table file: gunzip when needed, refuse binary bytes. */

import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { firstLine, InputError } from "../../core/errors.js";

/**
 * The bytes of a file, gunzipped when it starts with the gzip magic. Throws InputError `truncated`/`corrupt`
 * when the gzip stream is damaged.
 * @example (await readMaybeGzip("test/data/faro_hsc/tract9813_patches55to72_gri_filtered.fits.gz")).subarray(0, 6).toString() // "SIMPLE"
 */
export async function readMaybeGzip(path: string): Promise<Buffer> {
  return gunzipped(path, await readFile(path));
}

/**
 * A file's bytes gunzipped when they start with the gzip magic, else as they are (`path` names the file in the
 * InputError `truncated`/`corrupt` of a damaged stream).
 * @example gunzipped("notes.txt", Buffer.from("plain")).toString() // "plain"
 */
export function gunzipped(path: string, raw: Buffer): Buffer {
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw);
    } catch (error) {
      const message = firstLine(error);
      const kind = /unexpected end/i.test(message) ? "truncated" : "corrupt";
      throw new InputError(path, kind, `bad gzip data: ${message}`, undefined, { cause: error });
    }
  }
  return raw;
}

/**
 * A file's text (UTF-8, gunzipped if needed). Throws InputError `corrupt` when it holds NUL bytes (not text).
 * @example (await readText("test/data/qserv_dp02_object/derived_dp02_object_row_with_header.csv")).slice(0, 8) // "objectId"
 */
export async function readText(path: string): Promise<string> {
  const bytes = await readMaybeGzip(path);
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = bytes.subarray(0, nul).toString("latin1").split("\n").length;
    throw new InputError(path, "corrupt", "binary data (NUL byte) in a text table", { line });
  }
  return bytes.toString("utf8");
}
