// A deterministic corpus of broken or hostile inputs, one per class of issue 9, written into a folder at test
// time (small files, nothing committed but this generator). Each case says how to run the CLI on it and which exit
// code is right under `check`, `check --schema` and `profile`, on each engine that applies.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Float64, Int64, Table, tableFromArrays, tableToIPC, Utf8, vectorFromArray } from "apache-arrow";
import { Compression, Table as ParquetWasmTable, WriterPropertiesBuilder, writeParquet } from "parquet-wasm";

export type Command = "check" | "schema" | "profile";
export type EngineName = "arrow" | "duckdb";

/** What a run must show besides its exit code. */
export interface RunExpectation {
  /** Exit code per command; a command left out is not run. */
  exit: Partial<Record<Command, number>>;
  /** Text stderr must contain when the exit code is 2 (the file or folder named). */
  names?: string;
  /** A check on the JSON written by `--json` (report for check, profile for profile). */
  json?: (command: Command, json: Record<string, unknown>) => string | null;
  /** A check on the Markdown written by `--md` (check only). */
  markdown?: (md: string) => string | null;
  /** Files that must NOT exist after the run (e.g. a JSON report when an output path was invalid). */
  absent?: string[];
}

export interface CorpusCase {
  id: string;
  /** The class this case stands for. */
  klass: string;
  /** `--table` values. */
  tables: string[];
  /** Further options for every command (check-only options are dropped for profile). */
  extra?: string[];
  /** Engines that apply (DuckDB reads Parquet only). */
  engines: EngineName[];
  /** Run as an unprivileged user (permission cases: root reads everything). */
  unprivileged?: boolean;
  expect: RunExpectation;
}

const SCHEMA_YAML = `name: corpus
"@id": "#corpus"
description: Felis schema of the issue-9 corpus tables.
tables:
  - name: T
    "@id": "#T"
    primaryKey: "#T.id"
    columns:
      - { name: id, "@id": "#T.id", datatype: long, nullable: false }
      - { name: ra, "@id": "#T.ra", datatype: double, "fits:tunit": deg, "ivoa:ucd": pos.eq.ra;meta.main }
      - { name: dec, "@id": "#T.dec", datatype: double, "fits:tunit": deg, "ivoa:ucd": pos.eq.dec;meta.main }
      - { name: flux, "@id": "#T.flux", datatype: double, "fits:tunit": nJy }
  - name: A
    "@id": "#A"
    primaryKey: "#A.id"
    columns:
      - { name: id, "@id": "#A.id", datatype: long, nullable: false }
      - { name: ra, "@id": "#A.ra", datatype: double, "fits:tunit": deg, "ivoa:ucd": pos.eq.ra;meta.main }
      - { name: dec, "@id": "#A.dec", datatype: double, "fits:tunit": deg, "ivoa:ucd": pos.eq.dec;meta.main }
      - { name: flux, "@id": "#A.flux", datatype: double, "fits:tunit": nJy }
`;

/** The T table every file format carries: 10 clean rows (id, ra, dec, flux). */
function baseTable(rows = 10, decValue?: number): Table {
  const id = new BigInt64Array(rows);
  const ra = new Float64Array(rows);
  const dec = new Float64Array(rows);
  const flux = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    id[i] = BigInt(1000 + i);
    ra[i] = 50 + i * 0.1;
    dec[i] = decValue ?? -30 + i * 0.1;
    flux[i] = 100 + i;
  }
  return tableFromArrays({ id, ra, dec, flux });
}

/**
 * A 2000-row T table (zstd) whose first page (or every page) cannot be decompressed, footer and page headers
 * intact: the damage shows only mid-run, when the data are decoded.
 */
export function writeCorruptPageParquet(path: string, everyPage = false): void {
  const bytes = Buffer.from(parquetBytes(baseTable(2000), Compression.ZSTD));
  // Break the zstd frame headers of the pages.
  const magic = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
  for (let frame = bytes.indexOf(magic, 4); frame >= 0; frame = bytes.indexOf(magic, frame + 40)) {
    for (let i = frame + 4; i < frame + 40; i++) bytes[i] = 0xff;
    if (!everyPage) break;
  }
  writeFileSync(path, bytes);
}

function parquetBytes(table: Table, compression: Compression = Compression.UNCOMPRESSED): Uint8Array {
  const props = new WriterPropertiesBuilder().setCompression(compression).build();
  return writeParquet(ParquetWasmTable.fromIPCStream(tableToIPC(table, "stream")), props);
}

function writeParquetFile(path: string, table: Table, compression?: Compression): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, parquetBytes(table, compression));
  return path;
}

/** One 80-character FITS card. */
function card(key: string, value?: string | number | boolean): string {
  if (value === undefined) return key.padEnd(80);
  const v =
    typeof value === "string"
      ? `'${value.padEnd(8)}'`.padEnd(20)
      : typeof value === "boolean"
        ? (value ? "T" : "F").padStart(20)
        : String(value).padStart(20);
  return `${key.padEnd(8)}= ${v}`.padEnd(80);
}

function block(text: string): Buffer {
  const padded = text.padEnd(Math.ceil(text.length / 2880) * 2880 || 2880);
  return Buffer.from(padded, "latin1");
}

/** A BINTABLE HDU of (id K, ra D, dec D, flux D) rows. */
function fitsTableHdu(rows: number): Buffer {
  const cards = [
    card("XTENSION", "BINTABLE"),
    card("BITPIX", 8),
    card("NAXIS", 2),
    card("NAXIS1", 32),
    card("NAXIS2", rows),
    card("PCOUNT", 0),
    card("GCOUNT", 1),
    card("TFIELDS", 4),
    card("TTYPE1", "id"),
    card("TFORM1", "K"),
    card("TTYPE2", "ra"),
    card("TFORM2", "D"),
    card("TUNIT2", "deg"),
    card("TTYPE3", "dec"),
    card("TFORM3", "D"),
    card("TUNIT3", "deg"),
    card("TTYPE4", "flux"),
    card("TFORM4", "D"),
    card("END"),
  ];
  const data = Buffer.alloc(Math.ceil((rows * 32) / 2880) * 2880);
  for (let i = 0; i < rows; i++) {
    data.writeBigInt64BE(BigInt(1000 + i), i * 32);
    data.writeDoubleBE(50 + i * 0.1, i * 32 + 8);
    data.writeDoubleBE(-30 + i * 0.1, i * 32 + 16);
    data.writeDoubleBE(100 + i, i * 32 + 24);
  }
  return Buffer.concat([block(cards.join("")), data]);
}

function fitsPrimary(): Buffer {
  return block(
    [card("SIMPLE", true), card("BITPIX", 8), card("NAXIS", 0), card("EXTEND", true), card("END")].join(""),
  );
}

function votable(body: string, tableAttrs = "", after = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">
<RESOURCE type="results">
<TABLE${tableAttrs}>
<FIELD name="id" datatype="long"/>
<FIELD name="ra" datatype="double" unit="deg" ucd="pos.eq.ra;meta.main"/>
<FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>
<FIELD name="flux" datatype="double"/>
${body}
</TABLE>
${after}
</RESOURCE>
</VOTABLE>
`;
}

function tabledata(rows: number): string {
  const trs: string[] = [];
  for (let i = 0; i < rows; i++)
    trs.push(
      `<TR><TD>${1000 + i}</TD><TD>${50 + i * 0.1}</TD><TD>${-30 + i * 0.1}</TD><TD>${100 + i}</TD></TR>`,
    );
  return `<DATA><TABLEDATA>\n${trs.join("\n")}\n</TABLEDATA></DATA>`;
}

const exits = (check: number, schema: number, profile: number) => ({ check, schema, profile });
const all = (code: number) => exits(code, code, code);

/** The JSON check of the Hive cases: a column's profile min/max, and (for check) the disagreement finding. */
function hiveJson(column: string, min: number, max: number, finding: number | null, uniqueClean = false) {
  return (command: Command, json: Record<string, unknown>): string | null => {
    if (command === "profile") {
      const tables = json.tables as Record<string, { columns: Record<string, { min: number; max: number }> }>;
      const p = tables.T?.columns[column];
      if (!p) return `profile has no column ${column}`;
      if (Number(p.min) !== min || Number(p.max) !== max)
        return `${column} profiled as ${p.min}..${p.max}, file holds ${min}..${max}`;
      return null;
    }
    const results = json.results as Array<{
      column: string | null;
      check: string;
      status: string;
      failing: number;
    }>;
    if (finding !== null) {
      const hit = results.find((r) => r.check === "partitionValue" && r.column === column);
      if (hit?.status !== "fail" || hit.failing !== finding)
        return `no partitionValue failure of ${finding} rows on ${column}: ${JSON.stringify(hit)}`;
    }
    if (uniqueClean) {
      const unique = results.find((r) => r.check === "unique");
      if (unique?.status !== "pass") return `unique is ${unique?.status} (folder values replaced the ids?)`;
    }
    return null;
  };
}

/**
 * Writes the corpus into `dir` and returns its cases.
 * @example
 * const cases = makeCorpus(mkdtempSync(join(tmpdir(), "corpus-"))); cases.length // > 20
 */
export function makeCorpus(dir: string): { cases: CorpusCase[]; schema: string; dir: string } {
  mkdirSync(dir, { recursive: true });
  // mkdtemp folders are private: the permission cases run as another user, who must reach everything else.
  chmodSync(dir, 0o755);
  const p = (...parts: string[]) => join(dir, ...parts);
  const schema = p("corpus.yaml");
  writeFileSync(schema, SCHEMA_YAML);
  const cases: CorpusCase[] = [];
  const add = (c: CorpusCase) => cases.push(c);
  const both: EngineName[] = ["arrow", "duckdb"];
  const arrowOnly: EngineName[] = ["arrow"];

  // --- Hive folder names colliding with the file's columns
  writeParquetFile(p("hive-dec", "dec=10", "part.parquet"), baseTable(10, 95));
  add({
    id: "hive-dec=10",
    klass: "hive",
    tables: [`T=${p("hive-dec")}`],
    engines: both,
    expect: { exit: exits(1, 1, 0), json: hiveJson("dec", 95, 95, 10) },
  });
  {
    const rows = 49;
    const t = baseTable(rows);
    const patch = new Int32Array(rows).map((_, i) => i);
    const tract = new Int32Array(rows).fill(4431);
    const table = tableFromArrays({
      id: t.getChild("id")?.toArray() as BigInt64Array,
      ra: t.getChild("ra")?.toArray() as Float64Array,
      dec: t.getChild("dec")?.toArray() as Float64Array,
      flux: t.getChild("flux")?.toArray() as Float64Array,
      tract,
      patch,
    });
    writeParquetFile(p("hive-patch", "tract=4431", "patch=9", "part.parquet"), table);
    add({
      id: "hive-tract=4431/patch=9",
      klass: "hive",
      tables: [`T=${p("hive-patch")}`],
      engines: both,
      // 48 of 49 rows are not in patch 9; tract agrees. With the schema, patch/tract are also extra columns.
      expect: { exit: exits(1, 1, 0), json: hiveJson("patch", 0, 48, 48) },
    });
  }
  {
    const t = baseTable(10);
    const table = new Table({
      id: vectorFromArray(
        Array.from({ length: 10 }, (_, i) => `obj${i}`),
        new Utf8(),
      ),
      ra: t.getChild("ra") as never,
      dec: t.getChild("dec") as never,
      flux: t.getChild("flux") as never,
    });
    writeParquetFile(p("hive-id", "id=abc", "part.parquet"), table);
    add({
      id: "hive-id=abc",
      klass: "hive",
      tables: [`T=${p("hive-id")}`],
      engines: both,
      // every id disagrees with its folder (a finding); ids stay unique. With the schema, id is also the wrong type.
      expect: { exit: exits(1, 1, 0), json: hiveJson("ra", 50, 50.9, 10, true) },
    });
    cases[cases.length - 1].expect.json = (command, json) => {
      if (command === "profile") {
        const cols = (
          json.tables as Record<string, { columns: Record<string, { distinct?: number | null }> }>
        ).T?.columns;
        const d = cols?.id?.distinct;
        return d === 1 ? "id profiled with 1 distinct value: the folder replaced it" : null;
      }
      return hiveJson("id", 0, 0, 10, command === "check")(command, json);
    };
  }

  // --- Empty tables: a finding (exit 1), except a VOTable whose data are only a STREAM href (input error)
  writeParquetFile(p("empty", "empty.parquet"), baseTable(0));
  add({
    id: "empty-parquet",
    klass: "empty",
    tables: [`T=${p("empty", "empty.parquet")}`],
    engines: both,
    expect: { exit: exits(1, 1, 0) },
  });
  writeFileSync(p("empty", "empty.fits"), Buffer.concat([fitsPrimary(), fitsTableHdu(0)]));
  add({
    id: "empty-fits-naxis2=0",
    klass: "empty",
    tables: [`T=${p("empty", "empty.fits")}`],
    engines: arrowOnly,
    expect: { exit: exits(1, 1, 0) },
  });
  writeFileSync(p("empty", "empty.arrow"), tableToIPC(baseTable(0), "file"));
  add({
    id: "empty-arrow-ipc",
    klass: "empty",
    tables: [`T=${p("empty", "empty.arrow")}`],
    engines: arrowOnly,
    expect: { exit: exits(1, 1, 0) },
  });
  writeFileSync(p("empty", "empty.csv"), "id,ra,dec,flux\n");
  add({
    id: "empty-csv-header-only",
    klass: "empty",
    tables: [`T=${p("empty", "empty.csv")}`],
    engines: arrowOnly,
    expect: { exit: exits(1, 1, 0) },
  });
  writeFileSync(
    p("empty", "empty.ecsv"),
    [
      "# %ECSV 1.0",
      "# ---",
      "# datatype:",
      "# - {name: id, datatype: int64}",
      "# - {name: ra, unit: deg, datatype: float64}",
      "# - {name: dec, unit: deg, datatype: float64}",
      "# - {name: flux, datatype: float64}",
      "# schema: astropy-2.0",
      "id ra dec flux",
      "",
    ].join("\n"),
  );
  add({
    id: "empty-ecsv-header-only",
    klass: "empty",
    tables: [`T=${p("empty", "empty.ecsv")}`],
    engines: arrowOnly,
    expect: { exit: exits(1, 1, 0) },
  });
  writeFileSync(
    p("empty", "stream-href.vot"),
    votable('<DATA><BINARY2><STREAM href="https://example.org/data.bin"/></BINARY2></DATA>'),
  );
  add({
    id: "votable-stream-href",
    klass: "empty",
    tables: [`T=${p("empty", "stream-href.vot")}`],
    engines: arrowOnly,
    expect: { exit: all(2), names: "stream-href.vot" },
  });

  // --- Truncated or inconsistent files
  {
    const whole = Buffer.concat([fitsPrimary(), fitsTableHdu(100), fitsTableHdu(2000)]);
    const cut = whole.subarray(0, whole.length - 2880 * 8);
    writeFileSync(p("fits-cut-later-hdu.fits"), cut);
    add({
      id: "fits-truncated-later-hdu",
      klass: "truncated",
      tables: [`T=${p("fits-cut-later-hdu.fits")}`],
      engines: arrowOnly,
      expect: { exit: all(2), names: "fits-cut-later-hdu.fits" },
    });
  }
  {
    const bytes = Buffer.concat([fitsPrimary(), fitsTableHdu(10)]);
    const text = bytes.toString("latin1");
    const at = text.indexOf("TUNIT2  = 'deg");
    bytes[at + 12] = 0; // 'd' of deg
    bytes[at + 40] = 0;
    writeFileSync(p("fits-nul-card.fits"), bytes);
    add({
      id: "fits-nul-in-header-card",
      klass: "truncated",
      tables: [`T=${p("fits-nul-card.fits")}`],
      engines: arrowOnly,
      expect: { exit: all(2), names: "fits-nul-card.fits" },
    });
  }
  {
    const bytes = Buffer.from(parquetBytes(baseTable(10)));
    bytes.write("XXXX", 0, "latin1");
    writeFileSync(p("bad-magic.parquet"), bytes);
    add({
      id: "parquet-wrong-leading-magic",
      klass: "truncated",
      tables: [`T=${p("bad-magic.parquet")}`],
      engines: both,
      expect: { exit: all(2), names: "bad-magic.parquet" },
    });
  }
  writeFileSync(p("nrows.vot"), votable(tabledata(3), ' nrows="5"'));
  add({
    id: "votable-nrows-disagree",
    klass: "truncated",
    tables: [`T=${p("nrows.vot")}`],
    engines: arrowOnly,
    expect: { exit: all(2), names: "nrows.vot" },
  });
  writeFileSync(
    p("overflow.vot"),
    votable(
      tabledata(3),
      "",
      '<INFO name="QUERY_STATUS" value="OVERFLOW">result truncated at MAXREC=3</INFO>',
    ),
  );
  add({
    id: "votable-query-status-overflow",
    klass: "truncated",
    tables: [`T=${p("overflow.vot")}`],
    engines: arrowOnly,
    expect: { exit: all(2), names: "overflow.vot" },
  });

  // --- Corrupt data page (footer intact), alone and next to a good table
  const good = writeParquetFile(p("good.parquet"), baseTable(10));
  writeCorruptPageParquet(p("corrupt-page.parquet"));
  add({
    id: "parquet-corrupt-data-page",
    klass: "decode",
    tables: [`T=${p("corrupt-page.parquet")}`],
    engines: both,
    expect: { exit: all(2), names: "corrupt-page.parquet" },
  });
  add({
    id: "good-and-corrupt-tables",
    klass: "decode",
    tables: [`A=${good}`, `T=${p("corrupt-page.parquet")}`],
    engines: both,
    expect: {
      exit: all(2),
      names: "corrupt-page.parquet",
      json: (command, json) => {
        if (command === "profile") {
          const tables = json.tables as Record<string, unknown>;
          return tables.A ? null : "profile of the good table A was lost";
        }
        const results = (json.results as Array<{ table: string }> | undefined) ?? [];
        return results.some((r) => r.table === "A") ? null : "findings of the good table A were lost";
      },
    },
  });

  // --- Permission denied (file and folder); root reads everything, so these run as an unprivileged user
  {
    const file = p("denied", "file.parquet");
    writeParquetFile(file, baseTable(10));
    chmodSync(file, 0o000);
    const folder = p("denied-folder", "inner");
    writeParquetFile(join(folder, "part.parquet"), baseTable(10));
    chmodSync(folder, 0o000);
    add({
      id: "permission-denied-file",
      klass: "permission",
      tables: [`T=${file}`],
      engines: both,
      unprivileged: true,
      expect: { exit: all(2), names: "file.parquet" },
    });
    add({
      id: "permission-denied-folder",
      klass: "permission",
      tables: [`T=${p("denied-folder")}`],
      engines: both,
      unprivileged: true,
      expect: { exit: all(2), names: "inner" },
    });
  }

  // --- XML with external entities: never resolved, an input error
  writeFileSync(
    p("xxe.vot"),
    `<?xml version="1.0"?>
<!DOCTYPE VOTABLE [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<VOTABLE version="1.4"><RESOURCE><TABLE>
<FIELD name="id" datatype="long"/><FIELD name="note" datatype="char" arraysize="*"/>
<DATA><TABLEDATA><TR><TD>1</TD><TD>&xxe;</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>
`,
  );
  add({
    id: "xml-external-entity",
    klass: "crash",
    tables: [`T=${p("xxe.vot")}`],
    engines: arrowOnly,
    expect: { exit: all(2), names: "xxe.vot" },
  });

  // --- Hostile names for Markdown; column names differing only in case
  writeFileSync(p("hostile.csv"), 'id,"a`<img src=x onerror=alert(1)>`b"\n1,NaN\n2,3\n');
  add({
    id: "markdown-hostile-names",
    klass: "hostile",
    tables: [`Obj<script>=${p("hostile.csv")}`],
    engines: arrowOnly,
    expect: {
      exit: { check: 1, profile: 0 },
      markdown: (md) => (/<img|<script/i.test(md) ? "raw HTML tag in the Markdown report" : null),
    },
  });
  {
    const rows = 10;
    const ra = new Float64Array(rows).map((_, i) => 50 + i);
    const RA = new Float64Array(rows).map((_, i) => (i === 3 ? Number.NaN : 10 + i));
    const table = new Table({
      id: vectorFromArray(
        Array.from({ length: rows }, (_, i) => BigInt(i)),
        new Int64(),
      ),
      ra: vectorFromArray([...ra], new Float64()),
      RA: vectorFromArray([...RA], new Float64()),
    });
    writeParquetFile(p("case.parquet"), table);
    add({
      id: "case-differing-ra-RA",
      klass: "hostile",
      tables: [`T=${p("case.parquet")}`],
      engines: both,
      expect: {
        exit: { check: 1, profile: 0 },
        json: (command, json) => {
          if (command === "profile") {
            const cols = (
              json.tables as Record<string, { columns: Record<string, { nan: number; min: number }> }>
            ).T?.columns;
            if (cols?.RA?.nan !== 1 || cols?.ra?.nan !== 0 || cols.RA.min !== 10 || cols.ra.min !== 50)
              return `ra/RA profiled as ${JSON.stringify({ ra: cols?.ra, RA: cols?.RA })}`;
            return null;
          }
          const results = json.results as Array<{
            column: string | null;
            check: string;
            status: string;
            failing: number;
          }>;
          const nan = (c: string) => results.find((r) => r.column === c && r.check === "nan");
          if (nan("RA")?.failing !== 1 || nan("ra")?.status !== "pass")
            return `nan on RA/ra: ${JSON.stringify([nan("RA"), nan("ra")])}`;
          return null;
        },
      },
    });
  }

  // --- Options that must apply or fail
  add({
    id: "expect-rows-unknown-table",
    klass: "options",
    tables: [`T=${good}`],
    extra: ["--expect-rows", "Other=10"],
    engines: both,
    expect: { exit: { check: 2, schema: 2 }, names: "Other" },
  });
  add({
    id: "range-unknown-unit",
    klass: "options",
    tables: [`T=${good}`],
    extra: ["--range", "T.flux=1..5furlong"],
    engines: both,
    expect: { exit: { check: 2, schema: 2 }, names: "furlong" },
  });
  add({
    id: "range-empty-interval",
    klass: "options",
    tables: [`T=${good}`],
    extra: ["--range", "T.flux=5..1"],
    engines: both,
    expect: { exit: { check: 2, schema: 2 }, names: "5..1" },
  });

  // --- Output into a missing folder: refused before any work, no report left behind
  {
    const json = p("out", "report.json");
    const html = p("no-such-folder", "report.html");
    add({
      id: "output-into-missing-folder",
      klass: "options",
      tables: [`T=${good}`],
      extra: ["--json", json, "--html", html],
      engines: both,
      expect: { exit: { check: 2, schema: 2 }, names: "no-such-folder", absent: [json] },
    });
    mkdirSync(p("out"), { recursive: true });
  }
  return { cases, schema, dir };
}
