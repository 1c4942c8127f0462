/**
 * `skygate schema draft`: a felis YAML fragment for the columns the data has and the schema lacks, so the
 * schema can catch up with the pipelines in minutes ("timely schema metadata is hard to get", RTN-041).
 * Datatypes come from the data, nullability from the data's null counts, units and UCDs are guessed from the
 * column name and marked `guess` for a person to confirm or correct.
 */
import { stringify } from "yaml";
import type { PhysicalType } from "../io/table.js";
import { felisTypeOfPhysical } from "./datatypes.js";

/** One column of the data, as the draft needs it. */
export interface DraftColumnInput {
  name: string;
  type: PhysicalType;
  /** Null count from a profile (undefined when not profiled). */
  nulls?: number;
  /** Rows the null count was taken over. */
  rows?: number;
  /** Unit and UCD the file itself declares (VOTable, ECSV, FITS), which beat any guess. */
  unit?: string;
  ucd?: string;
  description?: string;
}

/** A unit and UCD guessed from a column name, with the pattern that matched. */
export interface NameGuess {
  unit?: string;
  ucd?: string;
  because: string;
}

/** Name patterns in the order tried; the first match wins. Rubin DRP naming (`g_psfFlux`, `coord_ra`, …). */
const RULES: readonly { test: RegExp; unit?: string; ucd?: string; because: string }[] = [
  { test: /(^|_)(coord_)?ra(Err|_err)$/i, unit: "deg", ucd: "stat.error;pos.eq.ra", because: "RA error" },
  { test: /(^|_)(coord_)?dec(Err|_err)$/i, unit: "deg", ucd: "stat.error;pos.eq.dec", because: "Dec error" },
  { test: /(^|_)(coord_)?ra(_\w+)?$|^RA(_ICRS|J2000)?$/i, unit: "deg", ucd: "pos.eq.ra", because: "RA" },
  {
    test: /(^|_)(coord_)?dec(l)?(_\w+)?$|^DE(_ICRS|J2000)?$/i,
    unit: "deg",
    ucd: "pos.eq.dec",
    because: "Dec",
  },
  { test: /Flux(Err|_err|Sigma)$/, unit: "nJy", ucd: "stat.error;phot.flux", because: "flux error" },
  { test: /Flux$/, unit: "nJy", ucd: "phot.flux", because: "flux" },
  { test: /(Mag|_mag)(Err|_err)$/, unit: "mag", ucd: "stat.error;phot.mag", because: "magnitude error" },
  { test: /(Mag|_mag)$/, unit: "mag", ucd: "phot.mag", because: "magnitude" },
  { test: /^ebv$|E_?B_?V/i, unit: "mag", ucd: "phot.color.excess", because: "colour excess E(B-V)" },
  { test: /_flag(_\w+)?$|^flag/i, ucd: "meta.code.qual", because: "flag" },
  { test: /(^|_)(i?[xy]{2})(Round|Err)?$/, unit: "pixel**2", because: "second moment" },
  { test: /(^|_)xErr$/, unit: "pixel", ucd: "stat.error;pos.cartesian.x", because: "pixel position error" },
  { test: /(^|_)yErr$/, unit: "pixel", ucd: "stat.error;pos.cartesian.y", because: "pixel position error" },
  { test: /(^|_)x$/, unit: "pixel", ucd: "pos.cartesian.x", because: "pixel position" },
  { test: /(^|_)y$/, unit: "pixel", ucd: "pos.cartesian.y", because: "pixel position" },
  { test: /mjd|Mjd|MJD/, unit: "d", ucd: "time.epoch", because: "MJD" },
  { test: /(Id|ID|_id)$|^id$/, ucd: "meta.id", because: "identifier" },
  { test: /(Err|_err|Sigma|_sigma)$/, ucd: "stat.error", because: "uncertainty" },
];

/**
 * A unit and UCD guessed from a column name (undefined when no rule applies).
 * @example
 * guessFromName("g_psfFluxErr") // { unit: "nJy", ucd: "stat.error;phot.flux", because: "flux error" }
 * guessFromName("ebv")?.ucd // "phot.color.excess"
 * guessFromName("footprintArea") // undefined
 */
export function guessFromName(name: string): NameGuess | undefined {
  for (const rule of RULES) {
    if (rule.test.test(name)) {
      const guess: NameGuess = { because: rule.because };
      if (rule.unit !== undefined) guess.unit = rule.unit;
      if (rule.ucd !== undefined) guess.ucd = rule.ucd;
      return guess;
    }
  }
  return undefined;
}

/**
 * A felis YAML fragment (a list of columns, to paste under the table's `columns:`) for the given columns.
 * Guessed values and the description placeholder carry a trailing `# guess …` / `# TODO` comment.
 * @example
 * draftColumns("Object", [{ name: "ebv", type: "float64", nulls: 0, rows: 1500 }]).includes("ivoa:ucd: phot.color.excess # guess") // true
 */
export function draftColumns(table: string, columns: readonly DraftColumnInput[]): string {
  const blocks: string[] = [];
  for (const c of columns) {
    const datatype = felisTypeOfPhysical(c.type);
    const guess = guessFromName(c.name);
    const entry: Record<string, string | boolean | number> = { name: c.name, "@id": `#${table}.${c.name}` };
    entry.datatype = datatype ?? "string";
    if (datatype === "string" || datatype === undefined) entry.length = 256;
    const notes: Record<string, string> = {};
    if (datatype === undefined) notes.datatype = `# TODO: ${c.type} has no felis datatype`;
    if (datatype === "string") notes.length = "# TODO: the longest value the column may hold";
    if (c.nulls !== undefined) {
      entry.nullable = c.nulls > 0;
      notes.nullable = `# from the data: ${c.nulls} nulls${c.rows !== undefined ? ` in ${c.rows} rows` : ""}`;
    }
    entry.description = c.description ?? "TODO";
    if (c.description === undefined) notes.description = "# TODO: say what it is";
    const unit = c.unit ?? guess?.unit;
    if (unit !== undefined) {
      entry["ivoa:unit"] = unit;
      if (c.unit === undefined) notes["ivoa:unit"] = `# guess (${guess?.because}): confirm`;
    }
    const ucd = c.ucd ?? guess?.ucd;
    if (ucd !== undefined) {
      entry["ivoa:ucd"] = ucd;
      if (c.ucd === undefined) notes["ivoa:ucd"] = `# guess (${guess?.because}): confirm`;
    }
    const lines = stringify([entry], { lineWidth: 0 }).trimEnd().split("\n");
    blocks.push(
      lines
        .map((line) => {
          const key = Object.keys(notes).find((k) => line.startsWith(`  ${k}:`));
          return key === undefined ? line : `${line} ${notes[key]}`;
        })
        .join("\n"),
    );
  }
  return `${blocks.join("\n")}\n`;
}
