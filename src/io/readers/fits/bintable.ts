/** An Arrow table from a BINTABLE header and its row bytes; afw's packed flag bits become named booleans. */
import type { Table as ArrowTable, Field, Vector } from "apache-arrow";
import { InputError } from "../../../core/errors.js";
import { assertUniqueNames, tableFromVectors } from "../../arrow.js";
import type { FitsHeader } from "./cards.js";
import { decodeColumn } from "./decode.js";
import { columnSpecs } from "./tform.js";

/**
 * The Arrow table of a BINTABLE header and its row bytes (`rows` = 0 gives just the schema). lsst.afw.table
 * catalogs pack their flags as bits of one `X` column named by `TFLAGn` keys (FLAGCOL, or the column `flags`);
 * those become one boolean column per flag, in place of the packed column.
 * @example
 * const header = walkFileHdus("test/data/pipe_tasks_sdss_refcat/903281.fits")[1].header;
 * bintable(header, new DataView(new ArrayBuffer(0)), 0, "903281.fits").schema.fields.length // 16 (15 columns, 2 flag bits in `flags`)
 */
export function bintable(header: FitsHeader, view: DataView, rows: number, path: string): ArrowTable {
  const rowBytes = Number(header.get("NAXIS1") ?? 0);
  const specs = columnSpecs(header, path);
  const width = specs.reduce((sum, s) => sum + s.width, 0);
  if (width !== rowBytes)
    throw new InputError(path, "corrupt", `TFORM widths add up to ${width} bytes, NAXIS1 says ${rowBytes}`);
  const flagColumn = Number(header.get("FLAGCOL") ?? 0);
  const flagNames: string[] = [];
  const flagDocs: Array<string | undefined> = [];
  for (let n = 1; header.has(`TFLAG${n}`); n++) {
    flagNames.push((header.get(`TFLAG${n}`) as string).trim());
    flagDocs.push(header.get(`TFDOC${n}`)?.trim());
  }
  const fields: Field[] = [];
  const vectors: Vector[] = [];
  specs.forEach((spec, index) => {
    const isFlagColumn =
      spec.code === "X" &&
      flagNames.length > 0 &&
      (flagColumn === index + 1 || (flagColumn === 0 && spec.name === "flags"));
    for (const { field, vector } of decodeColumn(
      view,
      rows,
      rowBytes,
      spec,
      isFlagColumn ? flagNames : undefined,
      flagDocs,
    )) {
      fields.push(field);
      vectors.push(vector);
    }
  });
  assertUniqueNames(
    path,
    fields.map((f) => f.name),
  );
  return tableFromVectors(fields, vectors);
}
