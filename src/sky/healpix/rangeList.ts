// Growable list of sorted, disjoint half-open pixel ranges [start, end), merged on append.

/**
 * An array of `count` numbers backed by unboxed doubles. `new Array(n)` above ~10^5 elements makes
 * V8 store every pixel index as a boxed heap number (5x slower to fill); an array that starts with a
 * double and is then lengthened keeps a double backing store up to 2^25 elements. With `reuse` (a
 * caller's array, see QueryOptions.out) its backing store is kept when large enough: above 16k
 * elements a fresh one lives in V8's large-object space, whose pages are mapped anew (and page-faulted)
 * on every allocation.
 */
function pixelArray(count: number, reuse: number[] | undefined): number[] {
  if (reuse !== undefined) {
    reuse.length = count;
    return reuse;
  }
  if (count === 0 || count > 2 ** 25) return new Array<number>(count);
  const out = [0.5];
  out.length = count;
  return out;
}

/**
 * Writes every pixel of the ranges r[0..n) into out from index 0, unrolled by 8 (V8 does not
 * vectorise; the plain loop costs twice as much per pixel).
 */
function fillPixels(r: ArrayLike<number>, n: number, out: number[]): void {
  let k = 0;
  for (let i = 0; i < n; i += 2) {
    let p = r[i];
    const end = r[i + 1];
    for (; p + 8 <= end; p += 8) {
      out[k] = p;
      out[k + 1] = p + 1;
      out[k + 2] = p + 2;
      out[k + 3] = p + 3;
      out[k + 4] = p + 4;
      out[k + 5] = p + 5;
      out[k + 6] = p + 6;
      out[k + 7] = p + 7;
      k += 8;
    }
    for (; p < end; p++) out[k++] = p;
  }
}

/** fillPixels into a Float64Array. */
function fillPixelsTyped(r: ArrayLike<number>, n: number, out: Float64Array): void {
  let k = 0;
  for (let i = 0; i < n; i += 2) {
    let p = r[i];
    const end = r[i + 1];
    for (; p + 8 <= end; p += 8) {
      out[k] = p;
      out[k + 1] = p + 1;
      out[k + 2] = p + 2;
      out[k + 3] = p + 3;
      out[k + 4] = p + 4;
      out[k + 5] = p + 5;
      out[k + 6] = p + 6;
      out[k + 7] = p + 7;
      k += 8;
    }
    for (; p < end; p++) out[k++] = p;
  }
}

// Backing store lent to one RangeList at a time: allocating a Float64Array (off-heap) per query cost
// about a fifth of a small RING query, plus garbage-collector work. Kept up to 2^20 numbers (8 MB).
let scratch: Float64Array | null = new Float64Array(1024);
const SCRATCH_MAX = 2 ** 20;

export class RangeList {
  data: Float64Array;
  length = 0; // number of stored numbers (2 per range)
  /** Whether `data` is the shared scratch store, given back by toRanges, toPixels or release. */
  private lent: boolean;

  constructor() {
    if (scratch !== null) {
      this.data = scratch;
      scratch = null;
      this.lent = true;
    } else {
      // another list holds the scratch (or one that threw was not released): a 1-degree disc at
      // order 12 has ~500 ranges, so start at 256 numbers and grow 4x
      this.data = new Float64Array(256);
      this.lent = false;
    }
  }

  /** Gives the scratch store back (the list must not be used afterwards); idempotent. */
  release(): void {
    if (this.lent) {
      this.lent = false;
      if (this.data.length <= SCRATCH_MAX) scratch = this.data;
    }
  }

  /** Appends [a, b), merging with the last range when they touch; input must be increasing. */
  append(a: number, b: number): void {
    const n = this.length;
    if (n > 0 && this.data[n - 1] >= a) {
      if (b > this.data[n - 1]) this.data[n - 1] = b;
      return;
    }
    if (n + 2 > this.data.length) {
      const grown = new Float64Array(this.data.length * 4);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[n] = a;
    this.data[n + 1] = b;
    this.length = n + 2;
  }

  /** The ranges as a flat [start0, end0, start1, end1, ...] array (releases the list). */
  toRanges(): Float64Array {
    const out = this.data.slice(0, this.length);
    this.release();
    return out;
  }

  /** Every pixel of every range, ascending, into `reuse` (resized) when given (releases the list). */
  toPixels(reuse?: number[]): number[] {
    let count = 0;
    for (let i = 0; i < this.length; i += 2) count += this.data[i + 1] - this.data[i];
    const out = pixelArray(count, reuse);
    fillPixels(this.data, this.length, out);
    this.release();
    return out;
  }
}

/**
 * Every pixel of sorted half-open ranges [start0, end0, ...] (as the *Ranges queries return) in a
 * Float64Array: the typed counterpart of the queries' number[] (healpy returns an int64 array).
 * @example rangesToPixels(new Float64Array([3, 5, 9, 10])) // Float64Array [3, 4, 9]
 */
export function rangesToPixels(ranges: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < ranges.length; i += 2) count += ranges[i + 1] - ranges[i];
  const out = new Float64Array(count);
  fillPixelsTyped(ranges, ranges.length, out);
  return out;
}
