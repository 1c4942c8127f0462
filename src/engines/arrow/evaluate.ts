/**
 * Vectorized evaluation of a row Condition over one Arrow record batch: typed-array loops that fill a
 * byte mask (1 = the row matches). Semantics exactly as documented in condition.ts: nulls never match
 * anything but `isNull`; NaN matches only `isNaN` (comparisons and `notIn` are false for it).
 */
import { type RecordBatch, Type } from "apache-arrow";
import type { Condition, Literal } from "../condition.js";
import { type ColumnChunk, columnChunk, isValid, stringValues, validityMask, valueAt } from "./columns.js";

type Comparison = "lt" | "le" | "gt" | "ge" | "eq" | "ne";

function fail(c: ColumnChunk, what: string): never {
  throw new Error(`condition ${what} does not apply to column ${c.name} of type ${c.physicalType}`);
}

function numericMask(c: ColumnChunk, test: (x: number) => boolean): Uint8Array {
  const out = new Uint8Array(c.length);
  if (c.kind === "float" || c.kind === "int") {
    const values = c.data.values as ArrayLike<number>;
    for (let i = 0; i < c.length; i++) if (isValid(c, i) && test(values[i])) out[i] = 1;
  } else if (c.kind === "bigint") {
    const values = c.data.values as ArrayLike<bigint>;
    for (let i = 0; i < c.length; i++) if (isValid(c, i) && test(Number(values[i]))) out[i] = 1;
  } else {
    for (let i = 0; i < c.length; i++) {
      const v = valueAt(c, i);
      if (v !== null && test(Number(v))) out[i] = 1;
    }
  }
  return out;
}

function isNumericKind(c: ColumnChunk): boolean {
  return c.kind === "float" || c.kind === "int" || c.kind === "bigint" || c.physicalType === "float16";
}

function compareNumbers(op: Comparison, x: number, v: number): boolean {
  switch (op) {
    case "lt":
      return x < v;
    case "le":
      return x <= v;
    case "gt":
      return x > v;
    case "ge":
      return x >= v;
    case "eq":
      return x === v;
    case "ne":
      return x !== v;
  }
}

function compareMask(c: ColumnChunk, op: Comparison, value: Literal): Uint8Array {
  const n = c.length;
  const out = new Uint8Array(n);
  if (typeof value === "number" && Number.isNaN(value)) return out;
  if (c.kind === "bool") {
    if (typeof value !== "boolean") fail(c, `${op} ${String(value)}`);
    if (op !== "eq" && op !== "ne") fail(c, op);
    const want = (op === "eq") === value ? 1 : 0;
    const values = c.data.values as Uint8Array;
    for (let i = 0; i < n; i++) {
      if (!isValid(c, i)) continue;
      const bit = c.data.offset + i;
      if (((values[bit >> 3] >> (bit & 7)) & 1) === want) out[i] = 1;
    }
    return out;
  }
  if (c.kind === "string") {
    if (typeof value !== "string") fail(c, `${op} ${String(value)}`);
    const strings = stringValues(c);
    for (let i = 0; i < n; i++) {
      const s = strings[i];
      if (s === null) continue;
      const cmp = s < value ? -1 : s > value ? 1 : 0;
      if (compareNumbers(op, cmp, 0)) out[i] = 1;
    }
    return out;
  }
  if (!isNumericKind(c)) fail(c, op);
  if (typeof value !== "number" && typeof value !== "bigint") fail(c, `${op} ${String(value)}`);
  if (c.kind === "bigint" && (typeof value === "bigint" || Number.isInteger(value))) {
    // Exact 64-bit comparison; literals beyond ±2^63 still compare correctly as bigint.
    const v = BigInt(value);
    const values = c.data.values as ArrayLike<bigint>;
    for (let i = 0; i < n; i++) {
      if (!isValid(c, i)) continue;
      const x = values[i];
      const hit =
        op === "lt"
          ? x < v
          : op === "le"
            ? x <= v
            : op === "gt"
              ? x > v
              : op === "ge"
                ? x >= v
                : op === "eq"
                  ? x === v
                  : x !== v;
      if (hit) out[i] = 1;
    }
    return out;
  }
  const v = Number(value);
  return numericMask(c, (x) => !Number.isNaN(x) && compareNumbers(op, x, v));
}

function notInMask(c: ColumnChunk, values: readonly Literal[]): Uint8Array {
  const n = c.length;
  const out = new Uint8Array(n);
  if (c.kind === "string") {
    const allowed = new Set(values.map((v) => String(v)));
    const strings = stringValues(c);
    for (let i = 0; i < n; i++) {
      const s = strings[i];
      if (s !== null && !allowed.has(s)) out[i] = 1;
    }
    return out;
  }
  if (c.kind === "bool") {
    const allowed = new Set(values.map((v) => v === true || v === 1 || v === "true"));
    for (let i = 0; i < n; i++) {
      const v = valueAt(c, i);
      if (v !== null && !allowed.has(v as boolean)) out[i] = 1;
    }
    return out;
  }
  if (c.kind === "bigint") {
    const allowed = new Set<bigint>();
    for (const v of values) {
      if (typeof v === "bigint") allowed.add(v);
      else if (typeof v === "number" && Number.isInteger(v)) allowed.add(BigInt(v));
    }
    const data = c.data.values as ArrayLike<bigint>;
    for (let i = 0; i < n; i++) if (isValid(c, i) && !allowed.has(data[i])) out[i] = 1;
    return out;
  }
  if (!isNumericKind(c)) fail(c, "notIn");
  const allowed = new Set(values.map((v) => Number(v)));
  return numericMask(c, (x) => !Number.isNaN(x) && !allowed.has(x));
}

function boolMask(c: ColumnChunk, want: 0 | 1): Uint8Array {
  if (c.kind !== "bool") fail(c, want ? "isTrue" : "isFalse");
  const out = new Uint8Array(c.length);
  const values = c.data.values as Uint8Array;
  for (let i = 0; i < c.length; i++) {
    if (!isValid(c, i)) continue;
    const bit = c.data.offset + i;
    if (((values[bit >> 3] >> (bit & 7)) & 1) === want) out[i] = 1;
  }
  return out;
}

/**
 * Evaluate a condition over every row of a batch.
 * @example
 * const batch = tableFromArrays({ g_psfFlux: Float64Array.of(1, Number.NaN) }).batches[0];
 * evaluateCondition(batch, { op: "isNaN", column: "g_psfFlux" }) // Uint8Array [0, 1]
 */
export function evaluateCondition(batch: RecordBatch, condition: Condition): Uint8Array {
  const n = batch.numRows;
  switch (condition.op) {
    case "const":
      return new Uint8Array(n).fill(condition.value ? 1 : 0);
    case "and":
    case "or": {
      const out = new Uint8Array(n).fill(condition.op === "and" ? 1 : 0);
      for (const arg of condition.args) {
        const m = evaluateCondition(batch, arg);
        if (condition.op === "and") for (let i = 0; i < n; i++) out[i] &= m[i];
        else for (let i = 0; i < n; i++) out[i] |= m[i];
      }
      return out;
    }
    case "not": {
      const m = evaluateCondition(batch, condition.arg);
      for (let i = 0; i < n; i++) m[i] ^= 1;
      return m;
    }
    default:
      break;
  }
  const c = columnChunk(batch, condition.column);
  // An Arrow Null chunk (pandas' all-null column, possibly typed in the table's other files) holds only nulls,
  // and nulls match nothing but isNull.
  if (c.data.typeId === Type.Null && condition.op !== "isNull") return new Uint8Array(n);
  switch (condition.op) {
    case "isNull": {
      const m = validityMask(c);
      for (let i = 0; i < n; i++) m[i] ^= 1;
      return m;
    }
    case "isNaN":
      if (!isNumericKind(c)) fail(c, "isNaN");
      return numericMask(c, (x) => Number.isNaN(x));
    case "isPosInf":
      if (!isNumericKind(c)) fail(c, "isPosInf");
      return numericMask(c, (x) => x === Number.POSITIVE_INFINITY);
    case "isNegInf":
      if (!isNumericKind(c)) fail(c, "isNegInf");
      return numericMask(c, (x) => x === Number.NEGATIVE_INFINITY);
    case "isFinite":
      if (!isNumericKind(c)) fail(c, "isFinite");
      return numericMask(c, (x) => x - x === 0);
    case "isTrue":
      return boolMask(c, 1);
    case "isFalse":
      return boolMask(c, 0);
    case "notIn":
      return notInMask(c, condition.values);
    default:
      return compareMask(c, condition.op, condition.value);
  }
}

export { isValid };
