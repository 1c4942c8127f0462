/**
 * Units of the science metrics and the units a gate may state them in, with the factor from the metric's own
 * unit (astropy spellings: `arcmin-2`, `mmag`, `mas`).
 */

const FACTORS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  "arcmin-2": { "arcmin-2": 1, "deg-2": 3600, "arcsec-2": 1 / 3600 },
  mmag: { mmag: 1, mag: 1e-3 },
  mag: { mag: 1, mmag: 1e3 },
  mas: { mas: 1, arcsec: 1e-3 },
  fraction: { "": 1, "%": 100 },
  count: { "": 1, count: 1 },
};

/**
 * The factor that turns a value in a science metric's unit into `unit`, or undefined when it cannot be stated so.
 * @example scienceUnitFactor("mmag", "mag") // 0.001
 * @example scienceUnitFactor("mas", "mag") // undefined
 */
export function scienceUnitFactor(natural: string, unit: string): number | undefined {
  return FACTORS[natural]?.[unit];
}

/**
 * The units a gate may state a science metric in.
 * @example scienceUnits("mas") // ["mas", "arcsec"]
 */
export function scienceUnits(natural: string): string[] {
  return Object.keys(FACTORS[natural] ?? {});
}
