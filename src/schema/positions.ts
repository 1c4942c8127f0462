/**
 * Sky-position columns of a table: every (RA, Dec) pair and the main one, with the unit the values are in
 * (afw catalogs store radians; felis schemas say `deg`).
 *
 * A column is an RA (Dec) when its UCD's first word is `pos.eq.ra` (`pos.eq.dec`), or, without a UCD, when
 * its name is one (`coord_ra`, `ra`, `s_ra`, `g_ra`, `trailRa`, `llcra` …); and its unit is deg, rad or none.
 * Not positions: errors, covariances, proper motions, rates, and observed-minus-computed offsets
 * (`ephOffsetRa` carries `pos.eq.ra;stat.fit.omc` in arcsec; dp1 `residualRa` is a residual in deg).
 * The Dec partner is the same name with `ra` → `dec`/`decl` (`Ra` → `Dec`): `coord_dec`, `decl`, `llcdec`.
 * The main pair is the one whose UCD says `meta.main`, else `coord_ra`, `ra`, `s_ra` in that order.
 */
import type { FelisDatatype, FelisTable } from "./felis.js";
import { normalizeUnit } from "./units.js";

/** Column facts position detection needs (FelisColumn has them; data-only columns can provide them). */
export interface PositionColumn {
  name: string;
  unit?: string;
  ucd?: string;
  datatype?: FelisDatatype;
}

/** One RA/Dec pair. */
export interface PositionPair {
  ra: string;
  dec: string;
  /** Unit of both columns; "deg" when neither declares one (`unitDeclared` false). */
  unit: "deg" | "rad";
  unitDeclared: boolean;
  /** Whether this is the table's main position. */
  main: boolean;
}

const NOT_A_POSITION = /(Err|err|Sigma|_Cov|Cov$|PM|pm$|Rate|Offset|residual|Resid)/;
const RA_NAME = /(^|_)ra$|[a-z0-9]Ra$|^(ll|lr|ul|ur)cra$/;
const MAIN_ORDER = ["coord_ra", "ra", "s_ra"];

function ucdWords(ucd: string | undefined): string[] {
  return (ucd ?? "")
    .split(";")
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w !== "");
}

function angleUnit(column: PositionColumn): { unit: "deg" | "rad"; declared: boolean } | undefined {
  const unit = normalizeUnit(column.unit);
  if (unit === undefined) return { unit: "deg", declared: false };
  if (unit === "deg" || unit === "rad") return { unit, declared: true };
  return undefined;
}

/**
 * Whether a column holds an absolute RA or Dec (see the module comment), or neither.
 * @example
 * positionAxis({ name: "coord_ra", unit: "rad" }); // "ra"
 * positionAxis({ name: "coord_raErr", unit: "deg", ucd: "stat.error;pos.eq.ra" }); // undefined
 */
export function positionAxis(column: PositionColumn): "ra" | "dec" | undefined {
  if (column.datatype !== undefined && column.datatype !== "double" && column.datatype !== "float")
    return undefined;
  if (NOT_A_POSITION.test(column.name) || angleUnit(column) === undefined) return undefined;
  const words = ucdWords(column.ucd);
  if (words.length > 0) {
    if (words.some((w) => w === "stat.fit.omc" || w === "pos.pm")) return undefined;
    if (words[0] === "pos.eq.ra") return "ra";
    if (words[0] === "pos.eq.dec") return "dec";
    return undefined;
  }
  if (RA_NAME.test(column.name)) return "ra";
  if (/(^|_)(dec|decl)$|[a-z0-9](Dec|Decl)$|^(ll|lr|ul|ur)cdecl?$/.test(column.name)) return "dec";
  return undefined;
}

/** Dec names that pair with an RA name, in the order tried. */
function decNames(ra: string): string[] {
  const m = /^(.*?)(ra|Ra|RA)$/.exec(ra);
  if (!m) return [];
  const [, head, token] = m;
  if (token === "Ra") return [`${head}Dec`, `${head}Decl`];
  if (token === "RA") return [`${head}DEC`, `${head}DECL`];
  return [`${head}dec`, `${head}decl`];
}

/**
 * Every RA/Dec pair of a table, main pair first.
 * @example
 * positionPairs(requireTable(dp02, "CcdVisit")).map((p) => p.ra); // ["ra", "llcra", "ulcra", "urcra", "lrcra"]
 */
export function positionPairs(table: FelisTable | readonly PositionColumn[]): PositionPair[] {
  const columns: readonly PositionColumn[] = Array.isArray(table) ? table : (table as FelisTable).columns;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const pairs: Array<PositionPair & { mainUcd: boolean }> = [];
  for (const column of columns) {
    if (positionAxis(column) !== "ra") continue;
    const dec = decNames(column.name)
      .map((name) => byName.get(name))
      .find((c) => c !== undefined && positionAxis(c) === "dec");
    if (!dec) continue;
    const raUnit = angleUnit(column);
    const decUnit = angleUnit(dec);
    if (!raUnit || !decUnit || (raUnit.declared && decUnit.declared && raUnit.unit !== decUnit.unit))
      continue;
    const unit = raUnit.declared ? raUnit : decUnit;
    const mainUcd = ucdWords(column.ucd).includes("meta.main") && ucdWords(dec.ucd).includes("meta.main");
    pairs.push({
      ra: column.name,
      dec: dec.name,
      unit: unit.unit,
      unitDeclared: unit.declared,
      main: false,
      mainUcd,
    });
  }
  const rank = (p: { ra: string; mainUcd: boolean }) => {
    if (p.mainUcd) return -1;
    const k = MAIN_ORDER.indexOf(p.ra);
    return k === -1 ? MAIN_ORDER.length : k;
  };
  const best = pairs.reduce<(typeof pairs)[number] | undefined>(
    (a, p) => (a === undefined || rank(p) < rank(a) ? p : a),
    undefined,
  );
  const ordered = best ? [best, ...pairs.filter((p) => p !== best)] : pairs;
  return ordered.map(({ mainUcd: _, ...pair }) => ({ ...pair, main: pair.ra === best?.ra }));
}

/**
 * The main RA/Dec pair of a table, or undefined when it has none.
 * @example
 * positionColumns(requireTable(dp02, "DiaObject")); // { ra: "ra", dec: "decl", unit: "deg", … }
 */
export function positionColumns(table: FelisTable | readonly PositionColumn[]): PositionPair | undefined {
  return positionPairs(table)[0];
}
