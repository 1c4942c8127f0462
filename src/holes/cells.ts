/**
 * Small helpers over sorted NEST cell lists (Float64Array, ascending, unique): the representation the
 * hole detector uses at each order, so lookups are binary searches and coarsening is a linear sweep.
 */

/**
 * Cells of half-open runs [s0, e0, s1, e1, …] as one sorted list.
 * @example cellsFromRuns(Float64Array.of(4, 7)) // Float64Array [4, 5, 6]
 */
export function cellsFromRuns(runs: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < runs.length; i += 2) total += runs[i + 1] - runs[i];
  const out = new Float64Array(total);
  let k = 0;
  for (let i = 0; i < runs.length; i += 2) for (let c = runs[i]; c < runs[i + 1]; c++) out[k++] = c;
  return out;
}

/**
 * Sorts and removes duplicates (in place on a copy).
 * @example uniqueSorted([3, 1, 3]) // Float64Array [1, 3]
 */
export function uniqueSorted(cells: ArrayLike<number>): Float64Array {
  const s = Float64Array.from(cells).sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[i - 1]) s[n++] = s[i];
  return s.slice(0, n);
}

/**
 * Index of `v` in a sorted list, or -1.
 * @example indexOfCell(Float64Array.of(2, 5, 9), 5) // 1
 */
export function indexOfCell(sorted: ArrayLike<number>, v: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = sorted[mid];
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * 1 where a cell of `a` is also in `b` (both sorted).
 * @example membership(Float64Array.of(1, 2, 3), Float64Array.of(2)) // Uint8Array [0, 1, 0]
 */
export function membership(a: ArrayLike<number>, b: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(a.length);
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (j < b.length && b[j] === a[i]) out[i] = 1;
  }
  return out;
}

/**
 * Cells of a sorted list at a coarser order (`levels` orders up): parents, sorted and unique, with the
 * index of each child's parent.
 * @example coarsen(Float64Array.of(0, 1, 5), 1) // { parents: [0, 1], parentOf: [0, 0, 1] }
 */
export function coarsen(
  cells: ArrayLike<number>,
  levels: number,
): { parents: Float64Array; parentOf: Int32Array } {
  const div = 4 ** levels;
  const parentOf = new Int32Array(cells.length);
  const parents = new Float64Array(cells.length);
  let n = 0;
  for (let i = 0; i < cells.length; i++) {
    const p = Math.floor(cells[i] / div);
    if (n === 0 || parents[n - 1] !== p) parents[n++] = p;
    parentOf[i] = n - 1;
  }
  return { parents: parents.slice(0, n), parentOf };
}
