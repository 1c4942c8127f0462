/**
 * Per-partition counts of failing rows, kept typed: NEST pixel indices and counts in Float64Arrays for HEALPix
 * breakdowns (what coverage holes, failure maps and sky plots read), partition values and counts for column
 * breakdowns (tract, band…). The contract's JSON shape, `{ "<partition>": count }`, is made only when the
 * report is serialised: `JSON.stringify` calls `toJSON()`.
 */

/** How rows were broken down: by HEALPix NEST pixel at an order, or by the values of a column. */
export type PartitionBy = { kind: "healpix"; order: number } | { kind: "column"; column: string };

/** Orders text keys as the JSON report always has: by UTF-16 code units (`Array.prototype.sort`'s default). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Failing rows per partition; immutable once built. */
export class PartitionCounts {
  private constructor(
    /** The breakdown these counts belong to. */
    readonly by: PartitionBy,
    /** HEALPix: NEST pixel indices, ascending and distinct. Column: the partition values as text, distinct. */
    readonly keys: Float64Array | readonly string[],
    /** Rows counted in each partition, parallel to `keys` (every count > 0). */
    readonly counts: Float64Array,
    /** Rows in no pixel (no finite position); always 0 for column breakdowns, whose nulls are the value "null". */
    readonly nulls: number,
  ) {}

  /**
   * Counts per NEST pixel from parallel arrays (pixels need not be sorted or distinct; zero counts are dropped).
   * @example PartitionCounts.fromPixels(4, [7, 3, 7], [1, 2, 1], 0).toJSON() // { "3": 2, "7": 2 }
   */
  static fromPixels(
    order: number,
    pixels: ArrayLike<number>,
    counts: ArrayLike<number>,
    nulls: number,
  ): PartitionCounts {
    const sums = new Map<number, number>();
    for (let i = 0; i < pixels.length; i++) sums.set(pixels[i], (sums.get(pixels[i]) ?? 0) + counts[i]);
    return PartitionCounts.fromPixelMap(order, sums, nulls);
  }

  /**
   * Counts per NEST pixel from a map pixel → count (the engines' accumulator; zero counts are dropped).
   * @example PartitionCounts.fromPixelMap(4, new Map([[9, 1], [2, 5]]), 1).toJSON() // { "2": 5, "9": 1, null: 1 }
   */
  static fromPixelMap(order: number, counts: ReadonlyMap<number, number>, nulls: number): PartitionCounts {
    const pixels = Float64Array.from([...counts.keys()].filter((p) => (counts.get(p) as number) > 0)).sort();
    const values = Float64Array.from(pixels, (p) => counts.get(p) as number);
    return new PartitionCounts({ kind: "healpix", order }, pixels, values, nulls);
  }

  /**
   * Counts per value of a partition column (values as text; null rows under "null"; zero counts dropped).
   * @example PartitionCounts.fromValues("band", new Map([["r", 2], ["g", 0]])).toJSON() // { r: 2 }
   */
  static fromValues(column: string, counts: ReadonlyMap<string, number>): PartitionCounts {
    const keys = [...counts.keys()].filter((k) => (counts.get(k) as number) > 0).sort(byCodeUnits);
    return new PartitionCounts(
      { kind: "column", column },
      keys,
      Float64Array.from(keys, (k) => counts.get(k) as number),
      0,
    );
  }

  /**
   * Rows counted, over every partition and the rows in none.
   * @example PartitionCounts.fromPixels(4, [1, 2], [3, 4], 1).total // 8
   */
  get total(): number {
    let sum = this.nulls;
    for (let i = 0; i < this.counts.length; i++) sum += this.counts[i];
    return sum;
  }

  /**
   * The contract's JSON shape: partition (as text) → count, keys in code-unit order, "null" for rows in none.
   * @example JSON.stringify(PartitionCounts.fromValues("tract", new Map([["4431", 3]]))) // '{"4431":3}'
   */
  toJSON(): Record<string, number> {
    const entries: [string, number][] = [];
    for (let i = 0; i < this.counts.length; i++) entries.push([String(this.keys[i]), this.counts[i]]);
    if (this.nulls > 0) entries.push(["null", this.nulls]);
    entries.sort((a, b) => byCodeUnits(a[0], b[0]));
    const out: Record<string, number> = {};
    for (const [key, count] of entries) out[key] = (out[key] ?? 0) + count;
    return out;
  }
}
