/**
 * FITS binary tables (BINTABLE, first one in the file), plain or gzip-compressed. The pieces live in fits/:
 * header cards (cards.ts), the HDU walk shared by in-memory and on-disk reads (hdus.ts), TFORM parsing
 * (tform.ts), the table-driven column decoder (decode.ts) and the BINTABLE assembly with afw flags (bintable.ts).
 */
import { open } from "node:fs/promises";
import type { Table as ArrowTable } from "apache-arrow";
import { InputError } from "../../core/errors.js";
import { bintable } from "./fits/bintable.js";
import type { FitsHeader } from "./fits/cards.js";
import { type Hdu, memoryBytes, walkFileHdus, walkHdus } from "./fits/hdus.js";
import { readMaybeGzip } from "./text.js";
import { type FileDescription, type FileReader, wholeFileReader } from "./types.js";

export type { FitsHeader };

function firstTable(hdus: readonly Hdu[], path: string): Hdu {
  const hdu = hdus.find((h) => h.header.get("XTENSION")?.trim() === "BINTABLE");
  if (!hdu) throw new InputError(path, "unsupported", "FITS file has no binary table (BINTABLE) extension");
  return hdu;
}

function tableShape(hdu: Hdu, path: string): { rowBytes: number; rows: number } {
  const rowBytes = Number(hdu.header.get("NAXIS1") ?? 0);
  const rows = Number(hdu.header.get("NAXIS2") ?? 0);
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(rowBytes) || rowBytes < 0)
    throw new InputError(path, "corrupt", `FITS table has NAXIS1 = ${rowBytes}, NAXIS2 = ${rows}`);
  return { rowBytes, rows };
}

/**
 * An Arrow table from the first binary-table HDU of FITS bytes (gunzipped already). Every HDU is walked, so a
 * file cut in a later HDU is `truncated` too.
 * @example
 * const bytes = readFileSync("test/data/pipe_tasks_sdss_refcat/903253.fits");
 * parseFits(bytes, "903253.fits").numRows // 2
 */
export function parseFits(bytes: Uint8Array, path: string): ArrowTable {
  const hdu = firstTable(walkHdus(memoryBytes(bytes), path), path);
  const { rowBytes, rows } = tableShape(hdu, path);
  return bintable(
    hdu.header,
    new DataView(bytes.buffer, bytes.byteOffset + hdu.dataStart, rowBytes * rows),
    rows,
    path,
  );
}

/**
 * Schema and row count of an uncompressed FITS table from its headers alone (reads a few blocks per HDU, not the
 * data); undefined for gzip files, which must be inflated whole.
 * @example (await describeFitsHeaders("test/data/pipe_tasks_sdss_refcat/903281.fits"))?.rows // 899
 */
export async function describeFitsHeaders(path: string): Promise<FileDescription | undefined> {
  const head = await readHead(path);
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return undefined;
  const hdu = firstTable(walkFileHdus(path), path);
  const { rows } = tableShape(hdu, path);
  const schema = bintable(hdu.header, new DataView(new ArrayBuffer(0)), 0, path).schema;
  return { schema, rows };
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The reader openTable uses for `.fits`, `.fit`, `.fts` (and gzip-compressed) files. */
const wholeFits: FileReader = wholeFileReader(async (path) => {
  const bytes = await readMaybeGzip(path);
  return parseFits(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), path);
});

/** Uncompressed files are described from their headers (cheap for many refcat shards); data is read whole. */
export const fitsReader: FileReader = {
  async describe(path) {
    return (await describeFitsHeaders(path)) ?? wholeFits.describe(path);
  },
  read: wholeFits.read,
  scan: wholeFits.scan,
};
