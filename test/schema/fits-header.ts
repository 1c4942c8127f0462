// Columns of a FITS binary table read straight from its header cards (TTYPEn, TFORMn, TUNITn, and afw's
// TFLAGn bit names), so schema tests can use real afw catalogs without a FITS reader.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { FelisDatatype } from "../../src/schema/index.js";

export interface HeaderColumn {
  name: string;
  datatype: FelisDatatype;
  unit?: string;
}

/** TFORM type codes (FITS standard, table 18) → felis datatypes. */
const FORM: Record<string, FelisDatatype> = {
  L: "boolean",
  B: "byte",
  I: "short",
  J: "int",
  K: "long",
  E: "float",
  D: "double",
  A: "char",
};

/** Scalar columns (repeat count 1, or strings) and afw flag bits, in header order (`.gz` files gunzipped). */
export function fitsHeaderColumns(path: string, blocks = 60): HeaderColumn[] {
  const raw = readFileSync(path);
  const header = (path.endsWith(".gz") ? gunzipSync(raw) : raw).subarray(0, 2880 * blocks).toString("latin1");
  const keys = new Map<string, string>();
  for (let i = 0; i + 80 <= header.length; i += 80) {
    const m = /^(T(?:TYPE|FORM|UNIT|FLAG)\d+)\s*=\s*'([^']*)'/.exec(header.slice(i, i + 80));
    if (m) keys.set(m[1], m[2].trim());
  }
  const out: HeaderColumn[] = [];
  for (let n = 1; keys.has(`TTYPE${n}`); n++) {
    const form = /^(\d*)([A-Z])/.exec(keys.get(`TFORM${n}`) ?? "");
    if (!form || form[2] === "X" || ((form[1] === "" ? 1 : Number(form[1])) !== 1 && form[2] !== "A"))
      continue;
    const unit = keys.get(`TUNIT${n}`);
    out.push({ name: keys.get(`TTYPE${n}`) ?? "", datatype: FORM[form[2]], ...(unit ? { unit } : {}) });
  }
  for (let n = 1; keys.has(`TFLAG${n}`); n++)
    out.push({ name: keys.get(`TFLAG${n}`) ?? "", datatype: "boolean" });
  return out;
}
