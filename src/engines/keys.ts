/**
 * Exact key checks without hash sets: keys go into one typed array (BigInt64Array for integers,
 * Float64Array for floating point), sorted natively, and compared by runs or binary search.
 * A JS Set dies near 1.7e7 entries; 1e8 int64 keys here take 800 MB and one native sort.
 */

export type KeyArray = BigInt64Array | Float64Array | string[];

/** A growable buffer of keys of one kind; nulls are never added. */
export class KeyBuffer {
  kind: "bigint" | "number" | "string" | null = null;
  private big: BigInt64Array = new BigInt64Array(0);
  private num: Float64Array = new Float64Array(0);
  private str: string[] = [];
  length = 0;

  /** @param capacity expected number of keys (e.g. the table's row count) to avoid regrowth. */
  constructor(private capacity = 1024) {}

  private ensure(extra: number): void {
    const need = this.length + extra;
    if (this.kind === "bigint" && need > this.big.length) {
      const grown = new BigInt64Array(Math.max(need, this.capacity, this.big.length * 2));
      grown.set(this.big.subarray(0, this.length));
      this.big = grown;
    } else if (this.kind === "number" && need > this.num.length) {
      const grown = new Float64Array(Math.max(need, this.capacity, this.num.length * 2));
      grown.set(this.num.subarray(0, this.length));
      this.num = grown;
    }
  }

  private setKind(kind: "bigint" | "number" | "string"): void {
    if (this.kind === kind) return;
    if (this.kind === null) {
      this.kind = kind;
      return;
    }
    // Mixed integer widths and floats across files: fall back to doubles (exact below 2^53).
    if (kind !== "string" && this.kind !== "string") {
      if (this.kind === "bigint") {
        const num = new Float64Array(Math.max(this.length, this.capacity));
        for (let i = 0; i < this.length; i++) num[i] = Number(this.big[i]);
        this.num = num;
        this.big = new BigInt64Array(0);
        this.kind = "number";
      }
      return;
    }
    throw new Error("key column mixes string and numeric values across inputs");
  }

  /** Append int64 keys. */
  pushBigInt(value: bigint): void {
    this.setKind("bigint");
    if (this.kind === "number") {
      this.pushNumber(Number(value));
      return;
    }
    this.ensure(1);
    this.big[this.length++] = value;
  }

  /** Append a whole int64 array (no nulls) with one native copy. */
  pushBigInt64Array(values: BigInt64Array): void {
    this.setKind("bigint");
    if (this.kind === "number") {
      for (let i = 0; i < values.length; i++) this.pushNumber(Number(values[i]));
      return;
    }
    this.ensure(values.length);
    this.big.set(values, this.length);
    this.length += values.length;
  }

  /** Append an integer that fits a double, stored as int64 so it meets int64 keys exactly. */
  pushInteger(value: number): void {
    if (this.kind === "number") this.pushNumber(value);
    else this.pushBigInt(BigInt(value));
  }

  pushNumber(value: number): void {
    this.setKind("number");
    this.ensure(1);
    this.num[this.length++] = value;
  }

  pushString(value: string): void {
    this.setKind("string");
    this.str.push(value);
    this.length++;
  }

  /** The keys, sorted ascending (the buffer is consumed). */
  sorted(): KeyArray {
    if (this.kind === "bigint") return this.big.subarray(0, this.length).sort();
    if (this.kind === "number") return this.num.subarray(0, this.length).sort();
    if (this.kind === "string") return this.str.sort();
    return new Float64Array(0);
  }
}

/**
 * Duplicated keys in a sorted array: how many entries belong to a repeated key, and the repeated keys (sorted).
 * @example
 * duplicateRuns(new Float64Array([1, 2, 2, 3])) // { rows: 2, keys: Float64Array [2] }
 */
export function duplicateRuns(sorted: KeyArray): { rows: number; keys: KeyArray } {
  let rows = 0;
  const n = sorted.length;
  const picked: number[] = [];
  // int64 keys compare as two 32-bit words: reading BigInt64Array elements would allocate BigInts.
  const words =
    sorted instanceof BigInt64Array ? new Int32Array(sorted.buffer, sorted.byteOffset, 2 * n) : null;
  const same =
    words !== null
      ? (a: number, b: number) => words[2 * a] === words[2 * b] && words[2 * a + 1] === words[2 * b + 1]
      : (a: number, b: number) => sorted[a] === sorted[b];
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && same(j, i)) j++;
    if (j - i > 1) {
      rows += j - i;
      picked.push(i);
    }
    i = j;
  }
  let keys: KeyArray;
  if (sorted instanceof BigInt64Array) keys = BigInt64Array.from(picked, (k) => sorted[k]);
  else if (sorted instanceof Float64Array) keys = Float64Array.from(picked, (k) => sorted[k]);
  else keys = picked.map((k) => sorted[k]);
  return { rows, keys };
}

/**
 * Whether a key occurs in a sorted array (binary search; numbers and bigints compare by value).
 * @example
 * sortedHas(new Float64Array([1, 5, 9]), 5) // true
 */
export function sortedHas(sorted: KeyArray, key: bigint | number | string): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  const probe =
    sorted instanceof BigInt64Array
      ? typeof key === "bigint"
        ? key
        : typeof key === "number" && Number.isInteger(key)
          ? BigInt(key)
          : null
      : sorted instanceof Float64Array
        ? typeof key === "string"
          ? null
          : Number(key)
        : String(key);
  if (probe === null) return false;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (v === probe) return true;
    if (v < probe) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Compares element i of a with element j of b for sorted int64 arrays given as 32-bit word views. */
function compareWords(a: Int32Array, i: number, b: Int32Array, j: number): number {
  const ha = a[2 * i + 1];
  const hb = b[2 * j + 1];
  if (ha !== hb) return ha < hb ? -1 : 1;
  const la = a[2 * i] >>> 0;
  const lb = b[2 * j] >>> 0;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/**
 * How many entries of sorted `source` are absent from sorted `target` (one merge walk, O(n + m)).
 * @example
 * countMissing(new Float64Array([1, 2, 2, 7]), new Float64Array([2, 3])) // 2 (the 1 and the 7)
 */
export function countMissing(source: KeyArray, target: KeyArray): number {
  let missing = 0;
  let j = 0;
  const m = target.length;
  if (source instanceof BigInt64Array && target instanceof BigInt64Array) {
    const a = new Int32Array(source.buffer, source.byteOffset, 2 * source.length);
    const b = new Int32Array(target.buffer, target.byteOffset, 2 * m);
    for (let i = 0; i < source.length; i++) {
      while (j < m && compareWords(b, j, a, i) < 0) j++;
      if (j === m || compareWords(b, j, a, i) !== 0) missing++;
    }
    return missing;
  }
  for (let i = 0; i < source.length; i++) {
    const x = source[i];
    while (j < m && target[j] < x) j++;
    if (j === m || target[j] !== x) missing++;
  }
  return missing;
}

/**
 * Brings two sorted key arrays to a common kind (int64 with doubles → doubles; anything with strings → strings).
 * @example
 * commonKind(new BigInt64Array([1n]), new Float64Array([1.5])) // [Float64Array [1], Float64Array [1.5]]
 */
export function commonKind(a: KeyArray, b: KeyArray): [KeyArray, KeyArray] {
  const kind = (k: KeyArray) => (k instanceof BigInt64Array ? 0 : k instanceof Float64Array ? 1 : 2);
  if (kind(a) === kind(b) || a.length === 0 || b.length === 0) return [a, b];
  const to = Math.max(kind(a), kind(b));
  const convert = (k: KeyArray): KeyArray => {
    if (kind(k) === to) return k;
    if (to === 1) return Float64Array.from(k as BigInt64Array, (v) => Number(v)).sort();
    return Array.from(k as ArrayLike<unknown>, (v) => String(v)).sort();
  };
  return [convert(a), convert(b)];
}

/**
 * Binary search in a sorted int64 array given as its 32-bit word view (no BigInt allocation per probe).
 * @example
 * const keys = new BigInt64Array([1n, 5n]);
 * sortedHasInt64(new Int32Array(keys.buffer), 5, 0) // true
 */
export function sortedHasInt64(words: Int32Array, lo32: number, hi32: number): boolean {
  let lo = 0;
  let hi = (words.length >> 1) - 1;
  const ulo = lo32 >>> 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = words[2 * mid + 1];
    const l = words[2 * mid] >>> 0;
    const c = h !== hi32 ? (h < hi32 ? -1 : 1) : l === ulo ? 0 : l < ulo ? -1 : 1;
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
