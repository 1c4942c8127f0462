/**
 * The HDU walk, written once for bytes in memory and for files read block by block: every header must end (END
 * card) and every HDU's data must fit in the file, later HDUs included, so a file cut anywhere is `truncated`
 * (the first table being whole is not enough).
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { InputError } from "../../../core/errors.js";
import { addCard, BLOCK, CARD, dataBytes, type FitsHeader } from "./cards.js";

/** One header-data unit: its header and where its data lie. */
export interface Hdu {
  header: FitsHeader;
  dataStart: number;
  dataBytes: number;
}

/** Random access to the bytes of a FITS file. */
export interface ByteSource {
  size: number;
  /** Up to `length` bytes at `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

/**
 * Bytes in memory as a ByteSource.
 * @example
 * memoryBytes(new Uint8Array(2880)).size // 2880
 */
export function memoryBytes(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) };
}

function latin1(bytes: Uint8Array, start: number, length: number): string {
  return Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start,
    Math.max(0, Math.min(length, bytes.length - start)),
  ).toString("latin1");
}

/**
 * Every HDU of a FITS file. Throws InputError `corrupt` (no SIMPLE card, a bad header byte) or `truncated` (a header
 * without END, data running past the end of the file), naming the HDU.
 * @example
 * walkHdus(memoryBytes(readFileSync("test/data/pipe_tasks_sdss_refcat/903281.fits")), "903281.fits").length // 2
 */
export function walkHdus(source: ByteSource, path: string): Hdu[] {
  const first = source.read(0, CARD);
  if (!latin1(first, 0, 9).startsWith("SIMPLE  ="))
    throw new InputError(path, "corrupt", "not a FITS file (does not start with SIMPLE =)");
  // A FITS file starts with a whole 2880-byte header block: a shorter one was cut, not mistyped.
  if (source.size < BLOCK)
    throw new InputError(
      path,
      "truncated",
      `truncated FITS file: ${source.size} bytes, less than its first 2880-byte header block`,
    );
  const hdus: Hdu[] = [];
  let offset = 0;
  while (offset < source.size) {
    const index = hdus.length;
    const header: FitsHeader = new Map();
    let cursor = offset;
    let previous: string | undefined;
    for (let ended = false; !ended; ) {
      const block = source.read(cursor, BLOCK);
      for (let c = 0; c < block.length && !ended; c += CARD) {
        if (c + CARD > block.length) break;
        previous = addCard(header, latin1(block, c, CARD), previous, path, index);
        if (previous === "END") ended = true;
      }
      if (!ended && block.length < BLOCK)
        throw new InputError(path, "truncated", `FITS header of HDU ${index} ends early (no END card)`);
      cursor += BLOCK;
    }
    const bytes = dataBytes(header);
    if (cursor + bytes > source.size) {
      throw new InputError(
        path,
        "truncated",
        `FITS file ends inside HDU ${index} (its data need ${bytes} bytes, ${Math.max(0, source.size - cursor)} left)`,
      );
    }
    hdus.push({ header, dataStart: cursor, dataBytes: bytes });
    offset = cursor + Math.ceil(bytes / BLOCK) * BLOCK;
    // What follows the last HDU must be another XTENSION; shorter trailing bytes are padding.
    if (offset + CARD > source.size || latin1(source.read(offset, 8), 0, 8).trim() !== "XTENSION") break;
  }
  return hdus;
}

/**
 * Walks the HDUs of a file on disk reading its headers only (a few blocks each), not the data.
 * @example
 * walkFileHdus("test/data/pipe_tasks_sdss_refcat/903281.fits")[1].header.get("NAXIS2") // "899"
 */
export function walkFileHdus(path: string): Hdu[] {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const read = (offset: number, length: number): Uint8Array => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const n = buffer.length > 0 ? readSync(fd, buffer, 0, buffer.length, offset) : 0;
      return buffer.subarray(0, n);
    };
    return walkHdus({ size, read }, path);
  } finally {
    closeSync(fd);
  }
}
