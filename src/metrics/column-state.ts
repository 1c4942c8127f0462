/**
 * Mergeable per-column profile states (Deequ-style monoids). `updateColumnState` folds one Arrow
 * column chunk into a state with typed-array loops (no per-row objects), `mergeColumnStates` combines
 * states from other files, row groups, partitions or threads, and `finalizeColumnState` gives the
 * ColumnProfile JSON. Moments use the Chan et al. parallel formula: each chunk is summarised with a
 * two-pass mean / sum of squared deviations, then merged, so any split of the data gives the same
 * result up to floating-point rounding (~1e-15 relative).
 */
import { type Data, makeVector, Type } from "apache-arrow";
import { isIntegerKind, kindOf } from "../io/kind.js";
import type { PhysicalType } from "../io/table.js";
import { profileTypeName, stateKind, validityBitmap } from "./arrow-types.js";
import { HASH_OUT, hashBytes, hashWords } from "./hash.js";
import { boundDistinct, createHll, type Hll, hllAddHashed, hllEstimate, mergeHllInto } from "./hll.js";
import { createKll, type Kll, kllMergeInto, kllQuantiles, kllUpdate } from "./kll.js";
import {
  type BooleanProfile,
  type ColumnProfile,
  exactInteger,
  type NumericProfile,
  type StringProfile,
} from "./types.js";

export interface StateOptions {
  /** Keep a HyperLogLog distinct-count sketch (integers and strings). Default true. */
  distinct?: boolean;
  /** Keep a KLL quantile sketch (numeric columns). Default false: it costs extra. */
  quantiles?: boolean;
}

interface BaseState {
  physicalType: PhysicalType;
  rows: number;
  nulls: number;
}

export interface NumericState extends BaseState {
  kind: "numeric";
  nan: number;
  posInf: number;
  negInf: number;
  /** Finite values seen, their mean and sum of squared deviations from the mean. */
  count: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  /** Exact extrema of 64-bit integer columns (doubles lose precision above 2^53). */
  bigMin: bigint | null;
  bigMax: bigint | null;
  /**
   * 64-bit integer columns: moments are taken of (value − shift), exact in doubles while the data's spread
   * is below 2^53 (ids near 10^18 would otherwise round to multiples of 256); `mean` is relative to it.
   */
  shift: bigint | null;
  hll: Hll | null;
  kll: Kll | null;
}

export interface BooleanState extends BaseState {
  kind: "boolean";
  trues: number;
  falses: number;
}

export interface StringState extends BaseState {
  kind: "string";
  minLength: number;
  maxLength: number;
  hll: Hll | null;
}

export interface OtherState extends BaseState {
  kind: "other";
}

export type ColumnState = NumericState | BooleanState | StringState | OtherState;

/**
 * An empty state for a column of the given physical type.
 * @example
 * const s = createColumnState("float64", { quantiles: true });
 */
export function createColumnState(physicalType: PhysicalType, options: StateOptions = {}): ColumnState {
  const kind = stateKind(physicalType);
  const distinct = options.distinct ?? true;
  const base = { physicalType, rows: 0, nulls: 0 };
  if (kind === "numeric") {
    return {
      ...base,
      kind,
      nan: 0,
      posInf: 0,
      negInf: 0,
      count: 0,
      mean: 0,
      m2: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
      bigMin: null,
      bigMax: null,
      shift: null,
      hll: distinct && isIntegerKind(kindOf(physicalType)) ? createHll() : null,
      kll: options.quantiles ? createKll() : null,
    };
  }
  if (kind === "boolean") return { ...base, kind, trues: 0, falses: 0 };
  if (kind === "string") {
    return {
      ...base,
      kind,
      minLength: Number.POSITIVE_INFINITY,
      maxLength: Number.NEGATIVE_INFINITY,
      hll: distinct ? createHll() : null,
    };
  }
  return { ...base, kind: "other" };
}

/** Row indices to fold, or null for every row of the chunk. */
export type Selection = Int32Array | null;

type Bitmap = Uint8Array | null;

/** Folds the finite-value moments of one chunk (count, mean, m2) into the state (Chan et al.). */
function mergeMoments(s: NumericState, count: number, mean: number, m2: number): void {
  if (count === 0) return;
  if (s.count === 0) {
    s.count = count;
    s.mean = mean;
    s.m2 = m2;
    return;
  }
  const n = s.count + count;
  const delta = mean - s.mean;
  s.mean += (delta * count) / n;
  s.m2 += m2 + ((delta * delta * s.count) / n) * count;
  s.count = n;
}

type NumberArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array;

function float16ToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Dense doubles (no nulls, no selection): the common case, one tight loop per pass. */
function updateDenseDoubles(s: NumericState, values: Float64Array, n: number): void {
  let count = 0;
  let sum = 0;
  let min = s.min;
  let max = s.max;
  let nan = 0;
  let posInf = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x - x !== 0) {
      if (Number.isNaN(x)) nan++;
      else if (x > 0) posInf++;
      continue;
    }
    count++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const special = n - count;
  const mean = count > 0 ? sum / count : 0;
  let m2 = 0;
  if (count > 1) {
    let c = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (x - x === 0) {
        const d = x - mean;
        m2 += d * d;
        c += d;
      }
    }
    m2 -= (c * c) / count;
  }
  s.rows += n;
  s.nan += nan;
  s.posInf += posInf;
  s.negInf += special - nan - posInf;
  s.min = min;
  s.max = max;
  mergeMoments(s, count, mean, m2);
}

function updateNumbers(
  s: NumericState,
  values: Float64Array,
  offset: number,
  bitmap: Bitmap,
  sel: Selection,
  n: number,
): void {
  let count = 0;
  let sum = 0;
  let min = s.min;
  let max = s.max;
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let nulls = 0;
  const hll = s.hll;
  const kll = s.kll;
  const integer = hll !== null;
  for (let j = 0; j < n; j++) {
    const i = sel === null ? j : sel[j];
    if (bitmap !== null) {
      const bit = offset + i;
      if (((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) {
        nulls++;
        continue;
      }
    }
    const x = values[i];
    if (x - x !== 0) {
      if (Number.isNaN(x)) nan++;
      else if (x > 0) posInf++;
      else negInf++;
      continue;
    }
    count++;
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
    if (integer) {
      hashWords(x | 0, x < 0 ? -1 : 0);
      hllAddHashed(hll as Hll, HASH_OUT[0], HASH_OUT[1]);
    }
    if (kll !== null) kllUpdate(kll, x);
  }
  let m2 = 0;
  const mean = count > 0 ? sum / count : 0;
  if (count > 1) {
    // Second pass over the chunk (it is in cache): sum of squared deviations, stable.
    let c = 0;
    for (let j = 0; j < n; j++) {
      const i = sel === null ? j : sel[j];
      if (bitmap !== null) {
        const bit = offset + i;
        if (((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) continue;
      }
      const x = values[i];
      if (x - x !== 0) continue;
      const d = x - mean;
      m2 += d * d;
      c += d;
    }
    // Compensates the rounding of `mean` (Chan, Golub & LeVeque's corrected two-pass algorithm).
    m2 -= (c * c) / count;
  }
  s.rows += n;
  s.nulls += nulls;
  s.nan += nan;
  s.posInf += posInf;
  s.negInf += negInf;
  s.min = min;
  s.max = max;
  mergeMoments(s, count, mean, m2);
}

function updateBigInts(
  s: NumericState,
  values: BigInt64Array | BigUint64Array,
  offset: number,
  bitmap: Bitmap,
  sel: Selection,
  n: number,
): void {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let count = 0;
  let sum = 0;
  let bigMin = s.bigMin;
  let bigMax = s.bigMax;
  let nulls = 0;
  const hll = s.hll;
  const kll = s.kll;
  const shifted = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const i = sel === null ? j : sel[j];
    if (bitmap !== null) {
      const bit = offset + i;
      if (((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) {
        nulls++;
        continue;
      }
    }
    const v = values[i];
    if (s.shift === null) s.shift = v;
    const x = Number(v - s.shift);
    shifted[count++] = x;
    sum += x;
    if (bigMin === null || v < bigMin) bigMin = v;
    if (bigMax === null || v > bigMax) bigMax = v;
    if (hll !== null) {
      hashWords(words[2 * i], words[2 * i + 1]);
      hllAddHashed(hll, HASH_OUT[0], HASH_OUT[1]);
    }
    if (kll !== null) kllUpdate(kll, Number(v));
  }
  let m2 = 0;
  const mean = count > 0 ? sum / count : 0;
  if (count > 1) {
    let c = 0;
    for (let k = 0; k < count; k++) {
      const d = shifted[k] - mean;
      m2 += d * d;
      c += d;
    }
    m2 -= (c * c) / count;
  }
  s.rows += n;
  s.nulls += nulls;
  s.bigMin = bigMin;
  s.bigMax = bigMax;
  if (bigMin !== null) s.min = Number(bigMin);
  if (bigMax !== null) s.max = Number(bigMax);
  mergeMoments(s, count, mean, m2);
}

function updateBooleans(s: BooleanState, data: Data, sel: Selection, n: number): void {
  const values = data.values as Uint8Array;
  const bitmap = validityBitmap(data);
  const offset = data.offset;
  let trues = 0;
  let nulls = 0;
  for (let j = 0; j < n; j++) {
    const bit = offset + (sel === null ? j : sel[j]);
    if (bitmap !== null && ((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) {
      nulls++;
      continue;
    }
    trues += (values[bit >> 3] >> (bit & 7)) & 1;
  }
  s.rows += n;
  s.nulls += nulls;
  s.trues += trues;
  s.falses += n - nulls - trues;
}

/** Unicode code points in a UTF-8 byte range (what SQL `length` counts). */
function codePoints(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let k = start; k < end; k++) if ((bytes[k] & 0xc0) !== 0x80) count++;
  return count;
}

const encoder = new TextEncoder();

function updateStrings(s: StringState, data: Data, sel: Selection, n: number): void {
  const bitmap = validityBitmap(data);
  const offset = data.offset;
  let nulls = 0;
  let minLength = s.minLength;
  let maxLength = s.maxLength;
  const hll = s.hll;
  // Dictionary-encoded columns: look each index up in the dictionary's bytes.
  const dictionary = data.dictionary?.data.length === 1 ? data.dictionary.data[0] : null;
  const source = dictionary ?? data;
  const bytes = source.values as Uint8Array;
  const offsets = source.valueOffsets as Int32Array | BigInt64Array | undefined;
  const indices = dictionary ? (data.values as ArrayLike<number>) : null;
  const generic = offsets === undefined || (data.dictionary !== undefined && dictionary === null);
  for (let j = 0; j < n; j++) {
    const i = sel === null ? j : sel[j];
    if (bitmap !== null) {
      const bit = offset + i;
      if (((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) {
        nulls++;
        continue;
      }
    }
    let b: Uint8Array;
    let start: number;
    let end: number;
    if (generic) {
      b = encoder.encode(String(getValue(data, i)));
      start = 0;
      end = b.length;
    } else {
      const k = indices === null ? i : Number(indices[i]);
      b = bytes;
      start = Number((offsets as Int32Array)[k]);
      end = Number((offsets as Int32Array)[k + 1]);
    }
    const length = codePoints(b, start, end);
    if (length < minLength) minLength = length;
    if (length > maxLength) maxLength = length;
    if (hll !== null) {
      hashBytes(b, start, end);
      hllAddHashed(hll, HASH_OUT[0], HASH_OUT[1]);
    }
  }
  s.rows += n;
  s.nulls += nulls;
  s.minLength = minLength;
  s.maxLength = maxLength;
}

function getValue(data: Data, i: number): unknown {
  // Rare layouts (string views, multi-chunk dictionaries): go through Arrow's own getter.
  return makeVector(data).get(i);
}

/**
 * Fold one Arrow column chunk (optionally only the selected rows) into the state.
 * @example
 * const state = createColumnState("float64");
 * updateColumnState(state, vectorFromArray([1, 2, Number.NaN]).data[0]);
 * finalizeColumnState(state).nan // 1
 */
export function updateColumnState(state: ColumnState, data: Data, sel: Selection = null): void {
  const n = sel === null ? data.length : sel.length;
  if (n === 0) return;
  if (data.typeId === Type.Null) {
    // An Arrow Null chunk (pandas' all-null column) has no values: every row is null, whatever type the column
    // has in the other files of the table.
    state.rows += n;
    state.nulls += n;
    return;
  }
  switch (state.kind) {
    case "numeric": {
      const values = data.values as unknown;
      const bitmap = validityBitmap(data);
      if (values instanceof BigInt64Array || values instanceof BigUint64Array) {
        updateBigInts(state, values, data.offset, bitmap, sel, n);
      } else if (state.physicalType === "float16") {
        const raw = values as Uint16Array;
        const converted = new Float64Array(raw.length);
        for (let i = 0; i < raw.length; i++) converted[i] = float16ToNumber(raw[i]);
        updateNumbers(state, converted, data.offset, bitmap, sel, n);
      } else {
        // One array type keeps the hot loop monomorphic (a mix of Float32Array/Int32Array… call sites
        // made it ~10x slower); the native conversion costs about a nanosecond per value.
        const f64 = values instanceof Float64Array ? values : new Float64Array(values as NumberArray);
        if (bitmap === null && sel === null && state.hll === null && state.kll === null) {
          updateDenseDoubles(state, f64, n);
        } else updateNumbers(state, f64, data.offset, bitmap, sel, n);
      }
      return;
    }
    case "boolean":
      updateBooleans(state, data, sel, n);
      return;
    case "string":
      updateStrings(state, data, sel, n);
      return;
    default: {
      const bitmap = validityBitmap(data);
      let nulls = 0;
      if (bitmap !== null) {
        for (let j = 0; j < n; j++) {
          const bit = data.offset + (sel === null ? j : sel[j]);
          if (((bitmap[bit >> 3] >> (bit & 7)) & 1) === 0) nulls++;
        }
      }
      state.rows += n;
      state.nulls += nulls;
    }
  }
}

/**
 * Merge state b into state a (same column; b is left unchanged). Order does not matter for counts,
 * extrema and distinct sketches; moments agree to rounding.
 * @example
 * const fileA = createColumnState("float64");
 * updateColumnState(fileA, vectorFromArray([1, 2]).data[0]);
 * const fileB = createColumnState("float64");
 * updateColumnState(fileB, vectorFromArray([6]).data[0]);
 * finalizeColumnState(mergeColumnStates(fileA, fileB)).mean // 3
 */
export function mergeColumnStates(a: ColumnState, b: ColumnState): ColumnState {
  if (a.kind !== b.kind) {
    throw new Error(`cannot merge profile states of different kinds (${a.physicalType}, ${b.physicalType})`);
  }
  a.rows += b.rows;
  a.nulls += b.nulls;
  if (a.kind === "numeric" && b.kind === "numeric") {
    a.nan += b.nan;
    a.posInf += b.posInf;
    a.negInf += b.negInf;
    if (b.min < a.min) a.min = b.min;
    if (b.max > a.max) a.max = b.max;
    if (b.bigMin !== null && (a.bigMin === null || b.bigMin < a.bigMin)) a.bigMin = b.bigMin;
    if (b.bigMax !== null && (a.bigMax === null || b.bigMax > a.bigMax)) a.bigMax = b.bigMax;
    if (b.shift !== null && a.shift === null && a.count === 0) a.shift = b.shift;
    const offset = b.shift !== null && a.shift !== null ? Number(b.shift - a.shift) : 0;
    mergeMoments(a, b.count, b.mean + offset, b.m2);
    if (a.hll && b.hll) mergeHllInto(a.hll, b.hll);
    else a.hll = null;
    if (a.kll && b.kll) kllMergeInto(a.kll, b.kll);
    else a.kll = null;
  } else if (a.kind === "boolean" && b.kind === "boolean") {
    a.trues += b.trues;
    a.falses += b.falses;
  } else if (a.kind === "string" && b.kind === "string") {
    if (b.minLength < a.minLength) a.minLength = b.minLength;
    if (b.maxLength > a.maxLength) a.maxLength = b.maxLength;
    if (a.hll && b.hll) mergeHllInto(a.hll, b.hll);
    else a.hll = null;
  }
  return a;
}

/** Quantile keys as the profile JSON writes them: `"0.5"`, `"0.99"`. */
export function quantileKey(q: number): string {
  return String(q);
}

/**
 * The ColumnProfile JSON of a state: min/max/mean/stddev over finite values (null if none), stddev with n − 1.
 * @example
 * const state = createColumnState("float64", { quantiles: true });
 * updateColumnState(state, vectorFromArray([1, 2, 3]).data[0]);
 * finalizeColumnState(state, [0.5]).mean // 2
 */
export function finalizeColumnState(state: ColumnState, quantiles: readonly number[] = []): ColumnProfile {
  const type = profileTypeName(state.physicalType);
  if (state.kind === "numeric") {
    const finite = state.count > 0;
    const profile: NumericProfile = {
      type,
      rows: state.rows,
      nulls: state.nulls,
      nan: state.nan,
      posInf: state.posInf,
      negInf: state.negInf,
      min: finite ? (state.bigMin !== null ? exactInteger(state.bigMin) : state.min) : null,
      max: finite ? (state.bigMax !== null ? exactInteger(state.bigMax) : state.max) : null,
      mean: finite ? (state.shift !== null ? Number(state.shift) + state.mean : state.mean) : null,
      stddev: state.count > 1 ? Math.sqrt(Math.max(0, state.m2) / (state.count - 1)) : null,
      distinct: state.hll ? boundDistinct(hllEstimate(state.hll), state.rows - state.nulls) : null,
    };
    if (state.kll && quantiles.length > 0) {
      const values = kllQuantiles(state.kll, quantiles);
      profile.quantiles = {};
      quantiles.forEach((q, i) => {
        (profile.quantiles as Record<string, number | null>)[quantileKey(q)] = values[i];
      });
    }
    return profile;
  }
  if (state.kind === "boolean") {
    const profile: BooleanProfile = {
      type: "boolean",
      rows: state.rows,
      nulls: state.nulls,
      true: state.trues,
      false: state.falses,
    };
    return profile;
  }
  if (state.kind === "string") {
    const some = state.rows > state.nulls;
    const profile: StringProfile = {
      type,
      rows: state.rows,
      nulls: state.nulls,
      distinct: state.hll ? boundDistinct(hllEstimate(state.hll), state.rows - state.nulls) : null,
      minLength: some ? state.minLength : null,
      maxLength: some ? state.maxLength : null,
    };
    return profile;
  }
  return { type, rows: state.rows, nulls: state.nulls, distinct: null, minLength: null, maxLength: null };
}
