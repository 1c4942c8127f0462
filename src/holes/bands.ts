/**
 * Per-band detection flags: which column says that an object was seen in a band, so patch completeness can be
 * judged band by band (a band whose coadd failed in one patch leaves the all-band catalogue complete there).
 *
 * The rule, first match per band:
 * - `merge_peak_<band>` (HSC and LSST deblender merge: the object has a peak detected in that band), true;
 * - `<band>_inputCount` (DP0.2 Object: number of input visits of the band's coadd at the object), above 0.
 *   DP0.2's Object has no per-band detection flag; its input count is 0 or NULL where the band's coadd has no
 *   data, which is exactly the per-band coverage fault to find.
 */
import type { Condition } from "../engines/condition.js";

/** The Rubin bands, in wavelength order. */
export const RUBIN_BANDS: readonly string[] = ["u", "g", "r", "i", "z", "y"];

/** A band and the condition that selects the objects detected in it. */
export interface BandDetection {
  band: string;
  column: string;
  /** Human-readable rule, for reports. */
  rule: string;
  where: Condition;
}

/**
 * The per-band detection conditions a table's columns allow (bands without such a column are left out).
 * @example
 * bandDetections(["coord_ra", "g_inputCount", "merge_peak_r", "r_inputCount"]).map((b) => b.rule)
 * // ["g_inputCount > 0", "merge_peak_r"]
 */
export function bandDetections(
  columns: readonly string[],
  bands: readonly string[] = RUBIN_BANDS,
): BandDetection[] {
  const have = new Set(columns);
  const out: BandDetection[] = [];
  for (const band of bands) {
    const peak = `merge_peak_${band}`;
    const inputs = `${band}_inputCount`;
    if (have.has(peak)) out.push({ band, column: peak, rule: peak, where: { op: "isTrue", column: peak } });
    else if (have.has(inputs))
      out.push({
        band,
        column: inputs,
        rule: `${inputs} > 0`,
        where: { op: "gt", column: inputs, value: 0 },
      });
  }
  return out;
}
