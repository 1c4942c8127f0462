/**
 * ADQL as real TAP services run it. The plain `adqlDialect` (dialect.ts) is the least common denominator; a TAP
 * engine needs to know the backend behind the service, because NaN, infinities, counting aggregates and
 * identifier case differ (tap-services.md):
 * - `postgres` (DaCHS, GAVO, most TAP services): NaN is stored and equals itself (`x = 'NaN'`, the literal
 *   cast to the column's type, finds it; NaN sorts above every number), ±Infinity can be written with CAST, `<>` is rejected
 *   (`!=`), and `SUM(CASE … 1 ELSE 0 END)` is a 16-bit integer in binary VOTable: count with `COUNT(CASE … END)`.
 * - `qserv` (Rubin's RSP): MySQL stores no NaN or infinity, so a NaN test cannot be written (its counts are
 *   unknown, never 0) and finite means not null; only COUNT, SUM, MIN, MAX and AVG are distributed.
 * Identifiers are written bare when ADQL allows it (DaCHS matches bare names case-insensitively but quoted
 * names exactly, and TAP_SCHEMA may list them in another case than the data file), quoted otherwise.
 */
import type { Literal } from "../condition.js";
import { adqlDialect, type SqlDialect } from "./dialect.js";

/** Which database stands behind a TAP service: PostgreSQL (DaCHS) or Qserv (Rubin). */
export type AdqlFlavor = "postgres" | "qserv";

/** ADQL 2.x reserved words that are also plausible column names (a bare one would be a syntax error). */
const RESERVED = new Set(
  (
    "abs absolute action add all allocate alter and any are area as asc assertion at authorization avg begin " +
    "between bit bit_length both box by cascade cascaded case cast catalog ceiling centroid char char_length " +
    "character character_length check circle close coalesce collate collation column commit connect connection " +
    "constraint constraints contains continue convert coordsys corresponding cos count create cross current " +
    "current_date current_time current_timestamp current_user cursor date day deallocate dec decimal declare " +
    "default deferrable deferred degrees delete desc describe descriptor diagnostics disconnect distance " +
    "distinct domain double drop else end end-exec escape except exception exec execute exists exp external " +
    "extract false fetch first float floor for foreign found from full get global go goto grant group having " +
    "hour identity immediate in indicator initially inner input insensitive insert int integer intersect " +
    "intersects interval into is isolation join key language last leading left level like log log10 local lower " +
    "match max min minute mod module month names national natural nchar next no not null nullif numeric " +
    "octet_length of offset on only open option or order outer output overlaps pad partial pi point polygon " +
    "position power precision prepare preserve primary prior privileges procedure public radians rand read real " +
    "references region relative restrict revoke right rollback round rows schema scroll second section select " +
    "session session_user set sin size smallint some space sql sqlcode sqlerror sqlstate sqrt substring " +
    "sum system_user table tan temporary then time timestamp timezone_hour timezone_minute to top trailing " +
    "transaction translate translation trim true truncate union unique unknown update upper usage user using " +
    "value values varchar varying view when whenever where with work write year zone"
  ).split(" "),
);

/**
 * An ADQL identifier: bare when it is a regular, unreserved name, double-quoted otherwise.
 * @example
 * adqlIdentifier("g_psfFlux") // "g_psfFlux"
 * adqlIdentifier("dec") // "\"dec\""
 */
export function adqlIdentifier(name: string): string {
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase())) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A table name `schema.table` in ADQL (each part as {@link adqlIdentifier}).
 * @example adqlTableName("dp02_dc2_catalogs.Object") // "dp02_dc2_catalogs.Object"
 */
export function adqlTableName(name: string): string {
  return name.split(".").map(adqlIdentifier).join(".");
}

const doubleCast = (text: string): string => `CAST('${text}' AS DOUBLE PRECISION)`;

/**
 * An ADQL literal of a double: plain digits or exponent notation (`1e-7` → `1E-7`).
 * @example adqlDouble(1e21) // "1E+21"
 */
export function adqlDouble(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`ADQL has no literal for ${value}`);
  return String(value).toUpperCase();
}

/**
 * The ADQL dialect for a TAP service backed by PostgreSQL (DaCHS) or Qserv.
 * @example
 * adqlTapDialect("postgres").isNaN("x") // "(x = 'NaN')"
 * adqlTapDialect("qserv").isNaN("x") // null
 */
export function adqlTapDialect(flavor: AdqlFlavor): SqlDialect {
  const common: SqlDialect = {
    ...adqlDialect,
    name: flavor === "qserv" ? "adql-qserv" : "adql-postgres",
    notEqual: "!=",
    quote: adqlIdentifier,
    literal(value: Literal) {
      if (typeof value === "number" && !Number.isInteger(value)) return this.doubleLiteral(value);
      if (typeof value === "number") return String(value);
      return adqlDialect.literal(value);
    },
    // COUNT of a CASE: exact and 64-bit everywhere (SUM of CASE is a 16-bit integer in DaCHS's binary VOTable).
    countIf: (p) => `COUNT(CASE WHEN ${p} THEN 1 END)`,
    countTrue: (x) => `COUNT(CASE WHEN ${x} = 1 THEN 1 END)`,
    // Moments are computed by the TAP engine from SUMs around a centre (no distributed STDDEV in Qserv).
    stddevSamp: () => "NULL",
  };
  if (flavor === "qserv") {
    return { ...common, doubleLiteral: adqlDouble };
  }
  const posInf = doubleCast("Infinity");
  const negInf = doubleCast("-Infinity");
  return {
    ...common,
    hasInfinity: true,
    doubleLiteral(value) {
      if (Number.isNaN(value)) return doubleCast("NaN");
      if (value === Number.POSITIVE_INFINITY) return posInf;
      if (value === Number.NEGATIVE_INFINITY) return negInf;
      return adqlDouble(value);
    },
    // PostgreSQL casts a quoted literal to the other side's type: `x = 'NaN'` is `x = CAST('NaN' AS DOUBLE
    // PRECISION)` in fewer tokens (a TAP service parses every one: DaCHS spends ~20 ms on each CAST).
    isNaN: (x) => `(${x} = 'NaN')`,
    // Found against DaCHS (test/tap-server): its ADQL has no string-length function (CHAR_LENGTH, LENGTH and
    // OCTET_LENGTH fail to parse), and booleans are PostgreSQL booleans: `x = 1` fails, `x = 'true'` works.
    length: () => null,
    isTrue: (x) => `(${x} = 'true')`,
    isFalse: (x) => `(${x} = 'false')`,
    countTrue: (x) => `COUNT(CASE WHEN ${x} = 'true' THEN 1 END)`,
    // PostgreSQL sorts NaN above +Infinity, and |NaN| is NaN: one bound excludes NaN and both infinities.
    isFinite: (x) => `(ABS(${x}) < 'Infinity')`,
  };
}
