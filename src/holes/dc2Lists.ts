/**
 * Missing-patch lists in the shape DC2 users wrote by hand (LSSTDESC/DC2-production#402,
 * LSSTDESC/gcr-catalogs#512): `2723 : only 2,6 3,6 4,6`, `3256 : 5,3 through 6,6 missing`,
 * `2735 : entirely missing`, `2899 1,0; 1,1; 3,1; 5,2`. Patches are "x,y" in a 7 × 7 grid and
 * "a through b" runs in x-major order (0,0 … 0,6, 1,0 …), which is how #402 reads ("0,0 through 1,6 and 2,6").
 */
import { type Completeness, isPresent } from "./completeness.js";

const N = 7;

function parsePair(token: string): number {
  const m = /^(\d+),(\d+)$/.exec(token);
  if (!m) throw new RangeError(`cannot read the patch "${token}" (expected x,y)`);
  const x = Number(m[1]);
  const y = Number(m[2]);
  if (x >= N || y >= N) throw new RangeError(`patch ${token} is outside the 7 × 7 grid`);
  return N * x + y;
}

const pairText = (k: number) => `${Math.floor(k / N)},${k % N}`;

/**
 * The set of "x,y" patches a verbatim DC2 patch list names (tokens: x,y pairs, "through", "and", ";",
 * "the x,6 row", a leading "through b" meaning from 0,0).
 * @example [...parseDc2PatchList("0,0 through 0,2 and 2,6")] // ["0,0", "0,1", "0,2", "2,6"]
 */
export function parseDc2PatchList(text: string): Set<string> {
  const out = new Set<number>();
  const row = /the x,(\d) row/.exec(text);
  if (row) for (let x = 0; x < N; x++) out.add(N * x + Number(row[1]));
  const tokens = text
    .replace(/the x,\d row/, " ")
    .replace(/[;]/g, " ")
    .split(/\s+/)
    .filter((t) => t !== "" && t !== "and" && t !== "only" && t !== "missing");
  let previous: number | null = null;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === "through") {
      const end = parsePair(tokens[++i] ?? "");
      const start = previous === null ? 0 : previous;
      for (let k = start; k <= end; k++) out.add(k);
      previous = end;
      continue;
    }
    previous = parsePair(tokens[i]);
    out.add(previous);
  }
  return new Set([...out].sort((a, b) => a - b).map(pairText));
}

/** All 49 patches as "x,y", x-major. */
export function allPatches(): string[] {
  return Array.from({ length: N * N }, (_, k) => pairText(k));
}

/**
 * One line per tract with a problem, as DC2 users wrote them: `TRACT : entirely missing`,
 * `TRACT : only …` or `TRACT : missing …` (whichever is shorter), then `; low …` for low-density patches.
 * @example
 * const p = await readPositions(source, { where: parseWhere(["detect_isPrimary"]) });
 * const footprint = footprintFromTracts(dc2SkyMap, new Map([[4431, null]]));
 * const completeness = patchCompleteness(detectHoles(p.ra, p.dec, { footprint }));
 * formatDc2Lists(completeness) // "4431 : low 2,2\n"
 */
export function formatDc2Lists(completeness: Completeness): string {
  const lines: string[] = [];
  for (const t of completeness.tracts) {
    if (t.status === "complete") continue;
    const parts: string[] = [];
    if (t.status === "missing") parts.push("entirely missing");
    else if (t.missing.length > 0) {
      // An edge patch with none of its objects is not present (it was listed as if it were).
      const present = t.patches
        .filter(isPresent)
        .map((p) => p.xy)
        .sort((a, b) => parsePair(a) - parsePair(b));
      parts.push(
        present.length < t.missing.length ? `only ${present.join(" ")}` : `missing ${t.missing.join(" ")}`,
      );
    }
    if (t.low.length > 0) parts.push(`low ${t.low.join(" ")}`);
    lines.push(`${t.tract} : ${parts.join("; ")}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/**
 * Reads back one line written by {@link formatDc2Lists}: the missing and low patches of a tract.
 * @example readDc2Line("3256 : missing 5,3 5,4; low 1,5") // { tract: 3256, missing: new Set(["5,3", "5,4"]), low: new Set(["1,5"]) }
 */
export function readDc2Line(line: string): { tract: number; missing: Set<string>; low: Set<string> } {
  const m = /^(\d+)\s*:\s*(.*)$/.exec(line.trim());
  if (!m) throw new RangeError(`cannot read "${line}" (expected TRACT : …)`);
  const missing = new Set<string>();
  const low = new Set<string>();
  for (const part of m[2].split(";").map((s) => s.trim())) {
    if (part === "entirely missing") for (const p of allPatches()) missing.add(p);
    else if (part.startsWith("only ")) {
      const present = parseDc2PatchList(part.slice(5));
      for (const p of allPatches()) if (!present.has(p)) missing.add(p);
    } else if (part.startsWith("missing ")) for (const p of parseDc2PatchList(part.slice(8))) missing.add(p);
    else if (part.startsWith("low ")) for (const p of parseDc2PatchList(part.slice(4))) low.add(p);
  }
  return { tract: Number(m[1]), missing, low };
}
