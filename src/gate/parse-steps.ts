/**
 * The `holes`, `failures` and `notebook` sections of a gate file: keys, types, table names and spec kinds are
 * checked with the line of each problem; every file named is resolved from the gate file's folder (a gate
 * table's name may stand for its path where a table is read).
 */
import { isAbsolute, resolve } from "node:path";
import { type Dict, type GateDoc, isDict, type Path, substitute } from "./gate-doc.js";
import { closest } from "./match.js";
import type { FailuresSpec, HolesSpec, IngestSpec, NotebookSpec } from "./types.js";

/** Keys of the `holes` section (gates/gate.schema.json lists the same; a test keeps them equal). */
export const HOLES_KEYS: readonly string[] = [
  "tables",
  "footprint",
  "masks",
  "where",
  "order",
  "alpha",
  "ra",
  "dec",
  "unit",
];
/** Keys of the `failures` section (gates/gate.schema.json lists the same; a test keeps them equal). */
export const FAILURES_KEYS: readonly string[] = [
  "reports",
  "knownErrors",
  "expected",
  "ccdvisit",
  "visit",
  "refcat",
  "camera",
  "distortion",
  "minReferenceObjects",
];
/** Keys of a `notebook` entry (gates/gate.schema.json lists the same; a test keeps them equal). */
export const NOTEBOOK_KEYS: readonly string[] = ["path", "params", "timeout"];

/** Keys of the `ingest` section (gates/gate.schema.json lists the same; a test keeps them equal). */
export const INGEST_KEYS: readonly string[] = ["tables", "director", "key", "ra", "dec", "children", "rows"];

const FOOTPRINTS = ["tracts", "manifest", "moc", "healpix", "ccdvisit", "extent"];
const MASKS = ["ds9", "moc", "circle", "stars"];

/** What the section readers need besides the document. */
export interface StepContext {
  /** The gate file's folder. */
  base: string;
  params: Readonly<Record<string, string>>;
  /** The gate's tables (name → resolved paths). */
  tables: Readonly<Record<string, string[]>>;
}

function file(g: GateDoc, raw: string, at: Path, ctx: StepContext, tableOk: boolean): string {
  const p = substitute(g, raw, at, ctx.params);
  if (tableOk && p in ctx.tables) {
    const paths = ctx.tables[p];
    if (paths.length !== 1)
      g.fail(at, `table ${p} has ${paths.length} paths; name one file (or a folder) here instead`);
    return paths[0];
  }
  return isAbsolute(p) ? p : resolve(ctx.base, p);
}

function tableNames(g: GateDoc, names: string[], at: Path, ctx: StepContext): void {
  names.forEach((name, i) => {
    if (name in ctx.tables) return;
    const guess = closest(name, Object.keys(ctx.tables));
    g.fail(
      names.length === 1 && g.position([...at, 0]) === undefined ? at : [...at, i],
      `${name} is not among the gate's tables${guess ? ` (did you mean ${guess}?)` : ` (${Object.keys(ctx.tables).join(", ")})`}`,
    );
  });
}

/** `kind:rest` with the file part of `rest` (before `:suffix` where the kind has one) resolved. */
function specWithFile(
  g: GateDoc,
  spec: string,
  at: Path,
  ctx: StepContext,
  kinds: readonly string[],
  what: string,
): string {
  const colon = spec.indexOf(":");
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  const rest = colon < 0 ? "" : spec.slice(colon + 1);
  if (what === "mask" && (colon < 0 || !kinds.includes(kind)) && /\.reg$/i.test(spec))
    return file(g, spec, at, ctx, false);
  if (!kinds.includes(kind)) {
    const guess = closest(kind, kinds);
    g.fail(
      at,
      `holes: unknown ${what} kind \`${kind}\`${guess ? ` (did you mean \`${guess}\`?)` : ` (known: ${kinds.join(", ")}${what === "mask" ? ", FILE.reg" : ""})`}`,
    );
  }
  switch (kind) {
    case "extent":
    case "tracts":
    case "circle":
      return spec;
    case "healpix":
    case "stars": {
      const [path, ...suffix] = rest.split(":");
      return [kind, file(g, path, at, ctx, kind === "stars"), ...suffix].join(":");
    }
    default:
      return `${kind}:${file(g, rest, at, ctx, kind === "ccdvisit")}`;
  }
}

function optionalNumber(
  g: GateDoc,
  obj: Dict,
  at: Path,
  key: string,
  ok: (x: number) => boolean,
): number | undefined {
  if (obj[key] === undefined) return undefined;
  const x = g.number(obj, at, key, "holes: ");
  if (!ok(x)) g.fail([...at, key], `holes: \`${key}\` is out of range`);
  return x;
}

/**
 * The `holes` section: tables (names of the gate's tables), footprint, masks, where, order, alpha, ra/dec/unit.
 * @example
 * parseGate("gate: g\ntables:\n  Object: o.parquet\nholes:\n  tables: Object\n  footprint: tracts:4431\n", "/d/g.yaml").holes?.footprint // "tracts:4431"
 */
export function readHoles(g: GateDoc, raw: unknown, ctx: StepContext): HolesSpec {
  const at: Path = ["holes"];
  if (!isDict(raw)) g.fail(at, "`holes` is a mapping (tables, footprint, masks, where, order, alpha)");
  g.onlyKeys(raw, at, HOLES_KEYS, "holes: ");
  const tables = g.strings(raw, at, "tables", "holes: ");
  if (tables.length === 0) g.fail(at, "holes: name the `tables` whose positions are mapped (e.g. Object)");
  tableNames(g, tables, [...at, "tables"], ctx);
  const footprint =
    raw.footprint === undefined
      ? undefined
      : specWithFile(
          g,
          g.text(raw, at, "footprint", "holes: "),
          [...at, "footprint"],
          ctx,
          FOOTPRINTS,
          "footprint",
        );
  const masks = g
    .strings(raw, at, "masks", "holes: ")
    .map((m, i) => specWithFile(g, m, [...at, "masks", i], ctx, MASKS, "mask"));
  const where = g.strings(raw, at, "where", "holes: ");
  const order = optionalNumber(g, raw, at, "order", (x) => Number.isInteger(x) && x >= 0 && x <= 20);
  const alpha = optionalNumber(g, raw, at, "alpha", (x) => x > 0 && x < 1);
  if ((raw.ra === undefined) !== (raw.dec === undefined)) g.fail(at, "holes: `ra` and `dec` go together");
  const unit = raw.unit;
  if (unit !== undefined && unit !== "deg" && unit !== "rad")
    g.fail([...at, "unit"], "holes: `unit` is deg or rad");
  return {
    tables,
    ...(footprint !== undefined ? { footprint } : {}),
    masks,
    where,
    ...(order !== undefined ? { order } : {}),
    ...(alpha !== undefined ? { alpha } : {}),
    ...(raw.ra !== undefined ? { ra: g.text(raw, at, "ra", "holes: ") } : {}),
    ...(raw.dec !== undefined ? { dec: g.text(raw, at, "dec", "holes: ") } : {}),
    ...(unit !== undefined ? { unit } : {}),
    line: g.lineOf(at),
  };
}

/**
 * The `failures` section: reports, knownErrors, expected, ccdvisit, visit, refcat, camera, distortion,
 * minReferenceObjects.
 * @example
 * parseGate("gate: g\ntables:\n  CcdVisit: c.parquet\nfailures:\n  reports: r.json\n  ccdvisit: CcdVisit\n", "/d/g.yaml").failures?.ccdvisit // "/d/c.parquet"
 */
export function readFailures(g: GateDoc, raw: unknown, ctx: StepContext): FailuresSpec {
  const at: Path = ["failures"];
  if (!isDict(raw)) g.fail(at, "`failures` is a mapping (reports, knownErrors, ccdvisit, visit, refcat, …)");
  g.onlyKeys(raw, at, FAILURES_KEYS, "failures: ");
  const reports = g.strings(raw, at, "reports", "failures: ");
  if (reports.length === 0) g.fail(at, "failures: name at least one failure report in `reports`");
  const expected: Record<string, number> = {};
  if (raw.expected !== undefined) {
    if (!isDict(raw.expected)) g.fail([...at, "expected"], "failures: `expected` maps task names to quanta");
    for (const [task, n] of Object.entries(raw.expected)) {
      if (typeof n !== "number" || !Number.isInteger(n) || n <= 0)
        g.fail([...at, "expected", task], `failures: expected quanta of ${task} must be a positive count`);
      expected[task] = n;
    }
  }
  const distortion = raw.distortion ?? true;
  if (typeof distortion !== "boolean")
    g.fail([...at, "distortion"], "failures: `distortion` is true or false");
  const minRef = raw.minReferenceObjects ?? 1;
  if (typeof minRef !== "number" || !Number.isInteger(minRef) || minRef < 0)
    g.fail([...at, "minReferenceObjects"], "failures: `minReferenceObjects` is a whole number");
  const camera = raw.camera === undefined ? "LSSTCam-imSim" : g.text(raw, at, "camera", "failures: ");
  const one = (key: string, i: number | null, v: string, tableOk: boolean) =>
    file(g, v, i === null ? [...at, key] : [...at, key, i], ctx, tableOk);
  return {
    reports: reports.map((r, i) => one("reports", i, r, false)),
    ...(raw.knownErrors !== undefined
      ? { knownErrors: one("knownErrors", null, g.text(raw, at, "knownErrors", "failures: "), false) }
      : {}),
    expected,
    ...(raw.ccdvisit !== undefined
      ? { ccdvisit: one("ccdvisit", null, g.text(raw, at, "ccdvisit", "failures: "), true) }
      : {}),
    visits: g.strings(raw, at, "visit", "failures: ").map((v, i) => one("visit", i, v, true)),
    refcat: g.strings(raw, at, "refcat", "failures: ").map((v, i) => one("refcat", i, v, true)),
    // An obs_lsst policy directory is a path; the built-in camera a name.
    camera: /[/\\]/.test(camera) ? file(g, camera, [...at, "camera"], ctx, false) : camera,
    distortion,
    minReferenceObjects: minRef,
    line: g.lineOf(at),
  };
}

function readNotebook(g: GateDoc, raw: unknown, at: Path, ctx: StepContext): NotebookSpec {
  if (typeof raw === "string") return { path: file(g, raw, at, ctx, false), params: {}, line: g.lineOf(at) };
  if (!isDict(raw)) g.fail(at, "a notebook is a path, or a mapping with path, params and timeout");
  g.onlyKeys(raw, at, NOTEBOOK_KEYS, "notebook: ");
  const path = file(g, g.text(raw, at, "path", "notebook: "), [...at, "path"], ctx, false);
  const params: Record<string, string | number | boolean> = {};
  if (raw.params !== undefined) {
    if (!isDict(raw.params)) g.fail([...at, "params"], "notebook: `params` maps names to values");
    for (const [name, v] of Object.entries(raw.params)) {
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name))
        g.fail([...at, "params", name], `notebook: parameter ${name} is not a variable name`);
      if (typeof v === "string") params[name] = substitute(g, v, [...at, "params", name], ctx.params);
      else if (typeof v === "number" || typeof v === "boolean") params[name] = v;
      else g.fail([...at, "params", name], `notebook: parameter ${name} must be a string, number or boolean`);
    }
  }
  let timeout: number | undefined;
  if (raw.timeout !== undefined) {
    timeout = g.number(raw, at, "timeout", "notebook: ");
    if (timeout <= 0) g.fail([...at, "timeout"], "notebook: `timeout` is seconds per cell (> 0)");
  }
  return { path, params, ...(timeout !== undefined ? { timeout } : {}), line: g.lineOf(at) };
}

/**
 * The `notebook` section: one notebook (a path or a mapping with path, params, timeout) or a list of them.
 * @example
 * parseGate("gate: g\ntables:\n  T: t.csv\nnotebook: [a.ipynb, { path: b.ipynb, timeout: 9 }]\n", "/d/g.yaml").notebooks.map((n) => n.path) // ["/d/a.ipynb", "/d/b.ipynb"]
 */
export function readNotebooks(g: GateDoc, raw: unknown, ctx: StepContext): NotebookSpec[] {
  if (Array.isArray(raw)) return raw.map((n, i) => readNotebook(g, n, ["notebook", i], ctx));
  return [readNotebook(g, raw, ["notebook"], ctx)];
}

function countsOf(
  g: GateDoc,
  raw: unknown,
  at: Path,
  ctx: StepContext,
  what: string,
): Record<string, number> {
  if (raw === undefined) return {};
  if (!isDict(raw)) g.fail(at, `ingest: \`${what}\` maps table names to row counts`);
  const out: Record<string, number> = {};
  for (const [table, n] of Object.entries(raw)) {
    tableNames(g, [table], [...at, table], ctx);
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
      g.fail([...at, table], `ingest: expected rows of ${table} must be a count`);
    out[table] = n;
  }
  return out;
}

/**
 * The `ingest` section: tables (default all), director, key, ra, dec, children (table → key column), rows.
 * @example
 * parseGate("gate: g\ntables:\n  Object: o.parquet\n  ForcedSource: f.parquet\ningest:\n  director: Object\n  children: { ForcedSource: objectId }\n", "/d/g.yaml").ingest?.tables // ["Object", "ForcedSource"]
 */
export function readIngest(g: GateDoc, raw: unknown, ctx: StepContext): IngestSpec {
  const at: Path = ["ingest"];
  if (!isDict(raw)) g.fail(at, "`ingest` is a mapping (tables, director, key, ra, dec, children, rows)");
  g.onlyKeys(raw, at, INGEST_KEYS, "ingest: ");
  const tables =
    raw.tables === undefined ? Object.keys(ctx.tables) : g.strings(raw, at, "tables", "ingest: ");
  tableNames(g, tables, [...at, "tables"], ctx);
  const director = raw.director === undefined ? undefined : g.text(raw, at, "director", "ingest: ");
  if (director !== undefined) tableNames(g, [director], [...at, "director"], ctx);
  const children: Record<string, string> = {};
  if (raw.children !== undefined) {
    if (director === undefined) g.fail([...at, "children"], "ingest: children need a `director`");
    if (!isDict(raw.children))
      g.fail(
        [...at, "children"],
        "ingest: `children` maps child tables to their column holding the director's key",
      );
    for (const [child, column] of Object.entries(raw.children)) {
      tableNames(g, [child], [...at, "children", child], ctx);
      if (typeof column !== "string" || column.trim() === "")
        g.fail([...at, "children", child], `ingest: name ${child}'s column holding the director's key`);
      children[child] = column;
    }
  }
  for (const key of ["key", "ra", "dec"]) {
    if (raw[key] === undefined) continue;
    if (director === undefined)
      g.fail([...at, key], `ingest: \`${key}\` is the director's; name the \`director\``);
    g.text(raw, at, key, "ingest: ");
  }
  if ((raw.ra === undefined) !== (raw.dec === undefined)) g.fail(at, "ingest: `ra` and `dec` go together");
  return {
    tables,
    ...(director !== undefined ? { director } : {}),
    ...(raw.key !== undefined ? { key: raw.key as string } : {}),
    ...(raw.ra !== undefined ? { ra: raw.ra as string, dec: raw.dec as string } : {}),
    children,
    rows: countsOf(g, raw.rows, [...at, "rows"], ctx, "rows"),
    line: g.lineOf(at),
  };
}
