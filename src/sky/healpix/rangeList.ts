// Growable list of sorted, disjoint half-open pixel ranges [start, end), merged on append.

/**
 * An array of `count` numbers backed by unboxed doubles. `new Array(n)` above ~10^5 elements makes
 * V8 store every pixel index as a boxed heap number (5x slower to fill); an array that starts with a
 * double and is then lengthened keeps a double backing store up to 2^25 elements.
 */
function pixelArray(count: number): number[] {
  if (count === 0 || count > 2 ** 25) return new Array<number>(count);
  const out = [0.5];
  out.length = count;
  return out;
}

export class RangeList {
  // a 1-degree disc at order 12 has ~500 ranges: start at 256 numbers and grow 4x (few reallocations)
  data = new Float64Array(256);
  length = 0; // number of stored numbers (2 per range)

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

  /** The ranges as a flat [start0, end0, start1, end1, ...] array. */
  toRanges(): Float64Array {
    return this.data.slice(0, this.length);
  }

  /** Every pixel of every range, ascending. */
  toPixels(): number[] {
    let count = 0;
    for (let i = 0; i < this.length; i += 2) count += this.data[i + 1] - this.data[i];
    const out = pixelArray(count);
    let k = 0;
    for (let i = 0; i < this.length; i += 2) {
      const end = this.data[i + 1];
      for (let p = this.data[i]; p < end; p++) out[k++] = p;
    }
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
  let k = 0;
  for (let i = 0; i < ranges.length; i += 2) {
    const end = ranges[i + 1];
    for (let p = ranges[i]; p < end; p++) out[k++] = p;
  }
  return out;
}
