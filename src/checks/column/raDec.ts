import type { RowCheck } from "../types.js";
import { formatRange, outsideRange, type ValueRange } from "./range.js";

/**
 * The valid interval of a right ascension or declination in the column's unit (afw catalogs store radians).
 * @example
 * raDecRange("ra", "deg") // { min: 0, max: 360, maxExclusive: true, … }
 */
export function raDecRange(axis: "ra" | "dec", unit: "deg" | "rad"): ValueRange {
  const full = unit === "deg" ? 360 : 2 * Math.PI;
  if (axis === "ra") return { min: 0, max: full, maxExclusive: true, reason: `right ascension in ${unit}` };
  return { min: -full / 4, max: full / 4, reason: `declination in ${unit}` };
}

/**
 * Fails on RA outside [0°, 360°) or Dec outside [-90°, 90°], in the column's unit.
 * @example
 * raDec("Object", "coord_ra", "ra", "deg").check // "raDec"
 */
export function raDec(table: string, column: string, axis: "ra" | "dec", unit: "deg" | "rad"): RowCheck {
  const valid = raDecRange(axis, unit);
  return {
    kind: "rows",
    table,
    column,
    check: "raDec",
    where: outsideRange(column, valid),
    describe: `${axis === "ra" ? "RA" : "Dec"} outside ${formatRange(valid)} ${unit}`,
    passesWhen: [[{ column, within: valid }]],
    needs: [column],
  };
}
