/**
 * BINTABLE column layout from TFORMn (repeat count and type code, FITS standard table 18) and the keys that go
 * with it: TTYPE, TUNIT, TDOC, TSCAL, TZERO, TNULL.
 */
import { InputError } from "../../../core/errors.js";
import type { FitsHeader } from "./cards.js";

/** One BINTABLE column: where its bytes lie in a row and how to read them. */
export interface ColumnSpec {
  name: string;
  repeat: number;
  code: string;
  /** Byte offset in the row. */
  offset: number;
  /** Bytes per row. */
  width: number;
  unit?: string;
  description?: string;
  scale?: number;
  zero?: string;
  tnull?: string;
}

/** Bytes per element of each TFORM code (`X` bits are counted separately; P/Q are array descriptors). */
export const WIDTHS: Readonly<Record<string, number>> = {
  L: 1,
  X: 0,
  B: 1,
  I: 2,
  J: 4,
  K: 8,
  A: 1,
  E: 4,
  D: 8,
  C: 8,
  M: 16,
  P: 8,
  Q: 16,
};

/**
 * Repeat count and type code of a TFORM value; undefined when the code is unknown.
 * @example
 * parseTform("3D") // { repeat: 3, code: "D" }
 */
export function parseTform(form: string): { repeat: number; code: string } | undefined {
  const match = /^(\d*)([LXBIJKAEDCMPQ])/.exec(form.trim());
  if (!match) return undefined;
  return { repeat: match[1] === "" ? 1 : Number(match[1]), code: match[2] as string };
}

/**
 * The columns of a BINTABLE header, in order, with their byte offsets. Throws InputError `unsupported` on an
 * unknown TFORM.
 * @example
 * const header = walkFileHdus("test/data/pipe_tasks_sdss_refcat/903281.fits")[1].header;
 * columnSpecs(header, "903281.fits").map((c) => c.name).slice(0, 4) // ["flags", "id", "coord_ra", "coord_dec"]
 */
export function columnSpecs(header: FitsHeader, path: string): ColumnSpec[] {
  const count = Number(header.get("TFIELDS") ?? 0);
  const specs: ColumnSpec[] = [];
  let offset = 0;
  for (let n = 1; n <= count; n++) {
    const form = (header.get(`TFORM${n}`) ?? "").trim();
    const parsed = parseTform(form);
    if (!parsed) throw new InputError(path, "unsupported", `column ${n}: unknown TFORM "${form}"`);
    const { repeat, code } = parsed;
    const width = code === "X" ? Math.ceil(repeat / 8) : repeat * (WIDTHS[code] as number);
    const spec: ColumnSpec = {
      name: header.get(`TTYPE${n}`)?.trim() || `col${n}`,
      repeat,
      code,
      offset,
      width,
    };
    const unit = header.get(`TUNIT${n}`)?.trim();
    const description = header.get(`TDOC${n}`)?.trim();
    if (unit) spec.unit = unit;
    if (description) spec.description = description;
    if (header.has(`TSCAL${n}`)) spec.scale = Number(header.get(`TSCAL${n}`));
    if (header.has(`TZERO${n}`)) spec.zero = header.get(`TZERO${n}`);
    if (header.has(`TNULL${n}`)) spec.tnull = header.get(`TNULL${n}`);
    specs.push(spec);
    offset += width;
  }
  return specs;
}
