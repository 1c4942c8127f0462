// Growable list of sorted, disjoint half-open pixel ranges [start, end), merged on append.

export class RangeList {
  data = new Float64Array(64);
  length = 0; // number of stored numbers (2 per range)

  /** Appends [a, b), merging with the last range when they touch; input must be increasing. */
  append(a: number, b: number): void {
    const n = this.length;
    if (n > 0 && this.data[n - 1] >= a) {
      if (b > this.data[n - 1]) this.data[n - 1] = b;
      return;
    }
    if (n + 2 > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
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
    const out = new Array<number>(count);
    let k = 0;
    for (let i = 0; i < this.length; i += 2) {
      const end = this.data[i + 1];
      for (let p = this.data[i]; p < end; p++) out[k++] = p;
    }
    return out;
  }
}
