/**
 * A linter for ADQL that Rubin's Qserv would reject or run as a full-table scan (sky-and-scale.md §2.3,
 * lsst/qserv doc/user/sql.rst, lsst-tap-service's Qserv region converter). Works on tokens (string literals and
 * quoted identifiers are blanked first), so it explains rather than parses: each finding names the rule, the
 * offending text and what to write instead. The TAP engine's own ADQL is linted in tests; gate files can lint
 * the ADQL users write.
 */

/** One reason Qserv would reject (or badly run) a query. */
export interface QservLintIssue {
  rule:
    | "subquery"
    | "aggregate"
    | "countDistinct"
    | "box"
    | "region"
    | "spatialCount"
    | "spatialFirst"
    | "spatialOr"
    | "betweenRaDec"
    | "orderByExpression"
    | "udf"
    | "notEqual";
  /** Character offset in the query. */
  at: number;
  message: string;
}

const OTHER_AGGREGATES = new Set([
  "STDDEV",
  "STDDEV_SAMP",
  "STDDEV_POP",
  "VARIANCE",
  "VAR_SAMP",
  "VAR_POP",
  "MEDIAN",
  "PERCENTILE",
  "PERCENTILE_CONT",
  "PERCENTILE_DISC",
  "MODE",
  "STRING_AGG",
  "ARRAY_AGG",
  "GROUP_CONCAT",
  "BIT_AND",
  "BIT_OR",
  "EVERY",
  "BOOL_AND",
  "BOOL_OR",
]);
const UNSUPPORTED_REGIONS = new Set([
  "INTERSECTS",
  "AREA",
  "CENTROID",
  "REGION",
  "COORDSYS",
  "COORD1",
  "COORD2",
]);
/** Column names that hold a sky position (BETWEEN on them is not recognised as a spatial constraint). */
const RA_DEC = /^(?:\w+_)?(?:ra|dec|decl|ra_?j2000|dec_?j2000|raj2000|dej2000|alpha|delta)(?:_\w+)?$/i;

/** The query with string literals and quoted identifiers replaced by spaces (offsets preserved). */
function blank(adql: string): string {
  return adql
    .replace(/'(?:[^']|'')*'/g, (m) => `'${" ".repeat(m.length - 2)}'`)
    .replace(/"(?:[^"]|"")*"/g, (m) => `"${"x".repeat(Math.max(0, m.length - 2))}"`)
    .replace(/--[^\n]*/g, (m) => " ".repeat(m.length));
}

/** Offset of the parenthesis closing the one at `open`, or the end. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return text.length;
}

/** Top-level end of a WHERE clause (GROUP BY, HAVING, ORDER BY, or the end). */
function whereEnd(text: string, from: number): number {
  const re = /\b(GROUP\s+BY|HAVING|ORDER\s+BY|OFFSET|LIMIT)\b/gi;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(from, m.index);
    const depth = (before.match(/\(/g)?.length ?? 0) - (before.match(/\)/g)?.length ?? 0);
    if (depth === 0) return m.index;
  }
  return text.length;
}

/**
 * Everything in an ADQL query that Qserv would reject or run as a full scan, with explanations; empty when fine.
 * @example
 * lintQservAdql("SELECT COUNT(*) FROM t WHERE coord_ra BETWEEN 1 AND 2").map((i) => i.rule) // ["betweenRaDec"]
 * lintQservAdql("SELECT MIN(x) AS lo FROM t").length // 0
 */
export function lintQservAdql(adql: string): QservLintIssue[] {
  const text = blank(adql);
  const issues: QservLintIssue[] = [];
  const add = (rule: QservLintIssue["rule"], at: number, message: string) =>
    issues.push({ rule, at, message });
  const selects = [...text.matchAll(/\bSELECT\b/gi)];
  for (const s of selects.slice(1)) {
    add(
      "subquery",
      s.index ?? 0,
      "Qserv does not support sub-queries: run the inner query first and put its result in as literals",
    );
  }
  for (const call of text.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
    const name = (call[1] as string).toUpperCase();
    const at = call.index ?? 0;
    if (OTHER_AGGREGATES.has(name)) {
      add(
        "aggregate",
        at,
        `${name} is not a distributed aggregate in Qserv (only COUNT, SUM, MIN, MAX, AVG): compute variance from SUM(x), SUM(x*x) and COUNT(x), quantiles from a histogram (GROUP BY FLOOR(x / width))`,
      );
    } else if (name === "COUNT" && /^\s*\(\s*DISTINCT\b/i.test(text.slice(at + call[0].length - 1))) {
      add(
        "countDistinct",
        at,
        "COUNT(DISTINCT …) is not merged across Qserv chunks: count per group with GROUP BY and add the groups client-side",
      );
    } else if (name === "BOX") {
      add(
        "box",
        at,
        "ADQL BOX is not supported by Rubin's TAP service: use POLYGON with the four corners (or CIRCLE)",
      );
    } else if (UNSUPPORTED_REGIONS.has(name)) {
      add(
        "region",
        at,
        `${name} is not supported by Rubin's TAP service (only POINT, CIRCLE, POLYGON, CONTAINS, DISTANCE)`,
      );
    } else if (/^(IVO_|GAVO_|Q3C_|PG_)/.test(name)) {
      add("udf", at, `${name} is a function of another TAP service (DaCHS/PostgreSQL), unknown to Qserv`);
    }
  }
  if (/<>/.test(text)) {
    // Accepted by Qserv (MySQL), rejected by DaCHS: flagged so shared gate files stay portable.
    const at = text.indexOf("<>");
    add("notEqual", at, "`<>` is rejected by some TAP services (DaCHS): write `!=`");
  }
  const spatial = [...text.matchAll(/\bCONTAINS\s*\(/gi)];
  if (spatial.length > 1) {
    add(
      "spatialCount",
      spatial[1]?.index ?? 0,
      "Qserv accepts one spatial constraint (CONTAINS) per query: split the query, one region each",
    );
  }
  const where = /\bWHERE\b/i.exec(text);
  if (spatial.length > 0) {
    const first = spatial[0] as RegExpMatchArray;
    const at = first.index ?? 0;
    const whereAt = where ? where.index + where[0].length : -1;
    const before = whereAt >= 0 ? text.slice(whereAt, at).trim() : null;
    if (before === null || !(before === "" || /^1\s*=$/.test(before) || /^\($/.test(before))) {
      add(
        "spatialFirst",
        at,
        "Qserv needs the spatial constraint (CONTAINS(POINT, CIRCLE|POLYGON) = 1) first in WHERE, or it scans every chunk",
      );
    }
    const end = closing(text, text.indexOf("(", at));
    const after = text.slice(end + 1).replace(/^\s*=\s*1\b/, "");
    if (/^\s*OR\b/i.test(after))
      add("spatialOr", end + 1, "Qserv does not allow OR right after the spatial constraint");
  }
  if (where) {
    const start = where.index + where[0].length;
    const clause = text.slice(start, whereEnd(text, start));
    for (const m of clause.matchAll(/([A-Za-z_][A-Za-z0-9_.]*)\s+(?:NOT\s+)?BETWEEN\b/gi)) {
      const column = (m[1] as string).split(".").pop() as string;
      if (RA_DEC.test(column)) {
        add(
          "betweenRaDec",
          start + (m.index ?? 0),
          `${column} BETWEEN … is not recognised as a spatial constraint (a full-table scan in Qserv): use CONTAINS(POINT('ICRS', ra, dec), POLYGON(…)) = 1`,
        );
      }
    }
  }
  for (const m of text.matchAll(/\bORDER\s+BY\b/gi)) {
    const from = (m.index ?? 0) + m[0].length;
    const list = text.slice(
      from,
      whereEnd(
        text.replace(/\bORDER\s+BY\b/gi, (x) => " ".repeat(x.length)),
        from,
      ),
    );
    for (const item of list.split(",")) {
      const bare = item.trim().replace(/\s+(ASC|DESC)$/i, "");
      if (bare !== "" && !/^[A-Za-z_"][A-Za-z0-9_."]*$/.test(bare)) {
        add(
          "orderByExpression",
          from,
          `Qserv does not accept expressions in ORDER BY (${bare}): select the expression with an alias and order by the alias`,
        );
      }
    }
  }
  return issues.sort((a, b) => a.at - b.at);
}
