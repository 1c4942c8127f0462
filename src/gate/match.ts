/** Result-id patterns of gate files: `*` matches any run of characters, everything else literally. */

/**
 * Whether a result id matches a pattern (`*` is a wildcard; ids contain dots, which match literally).
 * @example
 * idMatches("Object.*_psfFlux.nanWithoutFlag", "Object.g_psfFlux.nanWithoutFlag") // true
 * idMatches("Object.g_psfFlux.nan", "Object.g_psfFlux.nanWithoutFlag") // false
 */
export function idMatches(pattern: string, id: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`).test(id);
}

/**
 * The known word closest to a misspelt one (edit distance ≤ 1/3 of its length), for "did you mean" messages.
 * @example
 * closest("waviers", ["waivers", "warn", "metrics"]) // "waivers"
 * closest("zzz", ["waivers"]) // undefined
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Levenshtein distance with transpositions counted as one edit (optimal string alignment).
 * @example
 * editDistance("waviers", "waivers") // 1
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Uint32Array(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}
