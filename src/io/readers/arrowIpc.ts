/** Arrow IPC, both the file format (`ARROW1` magic, Feather v2) and the stream format. */

import { readFile } from "node:fs/promises";
import { type Table as ArrowTable, tableFromIPC } from "apache-arrow";
import { firstLine, InputError } from "../../core/errors.js";
import { assertUniqueNames } from "../arrow.js";
import { type FileReader, wholeFileReader } from "./types.js";

const FILE_MAGIC = "ARROW1";

/**
 * An Arrow table from IPC bytes (file or stream format). Throws InputError `truncated`/`corrupt`.
 * @example parseArrowIpc(tableToIPC(tableFromArrays({ x: [1, 2] })), "t.arrow").numRows // 2
 */
export function parseArrowIpc(bytes: Uint8Array, path: string): ArrowTable {
  const head = Buffer.from(bytes.subarray(0, 6)).toString("latin1");
  const isFile = head === FILE_MAGIC;
  if (isFile) {
    const tail = Buffer.from(bytes.subarray(bytes.length - 6)).toString("latin1");
    if (tail !== FILE_MAGIC)
      throw new InputError(path, "truncated", "Arrow IPC file ends early (no ARROW1 footer)");
  } else if (
    bytes.length < 8 ||
    bytes[0] !== 0xff ||
    bytes[1] !== 0xff ||
    bytes[2] !== 0xff ||
    bytes[3] !== 0xff
  ) {
    // Streams since Arrow 0.15 start with the 0xFFFFFFFF continuation marker.
    throw new InputError(path, "corrupt", "not an Arrow IPC file or stream");
  }
  let table: ArrowTable;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    const message = firstLine(error);
    const kind = /expected|end of|offset|out of bounds|range/i.test(message) ? "truncated" : "corrupt";
    throw new InputError(path, kind, `unreadable Arrow IPC: ${message}`, undefined, { cause: error });
  }
  if (table.schema.fields.length === 0 && bytes.length > 8 && !isFile) {
    throw new InputError(path, "corrupt", "Arrow IPC stream has no schema");
  }
  assertUniqueNames(
    path,
    table.schema.fields.map((f) => f.name),
  );
  return table;
}

/** The reader openTable uses for `.arrow`, `.feather`, `.ipc` and `.arrows` files. */
export const arrowIpcReader: FileReader = wholeFileReader(async (path) =>
  parseArrowIpc(new Uint8Array(await readFile(path)), path),
);
