// The same table in ECSV and in VOTable gets the same verdicts. Rule (README, "NULL and NaN"): in VOTable a float
// NaN is the null (the standard; TAP services write SQL NULL so), in ECSV `nan` is NaN and an empty field is null;
// every rule judging a missing measurement treats NaN and null alike, and a column missing in every row is judged
// once, by allNull. Real case: the Gaia DR3 ECSV and its VOTable written by astropy (scripts/golden/gaia_votable.py).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Report } from "../../src/core/results.js";
import { openTable } from "../../src/io/open.js";
import { external } from "../helpers/paths.js";
import { runSuite } from "./helpers.js";

const statuses = (report: Report) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));
const check = async (path: string) => runSuite({ tables: { T: await openTable("T", path) } });

describe("ECSV NaN and VOTable null", () => {
  it("give the same status for every one of the 454 results of the real Gaia table in both formats", async () => {
    const ecsv = await check(external("astroquery_gaia", "1712337806100O-result.ecsv"));
    const vot = await check(external("astroquery_gaia", "derived_1712337806100O-result_astropy.vot"));
    expect(ecsv.results.length).toBe(454);
    expect(statuses(vot)).toEqual(statuses(ecsv));
    // The 22 columns NaN in all 5 rows (ECSV) are null in the VOTable: allNull in both, nan not repeated in both.
    const skipped = ecsv.results.filter((r) => r.check === "nan" && r.status === "skip");
    expect(skipped.length).toBe(22);
    expect(ecsv.status).toBe(vot.status);
  }, 60_000);

  it("give the same verdict for a flagged measurement and a column missing everywhere; differ only as stated", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skygate-formats-"));
    const ecsv = join(dir, "t.ecsv");
    writeFileSync(
      ecsv,
      `# %ECSV 1.0
# ---
# datatype:
# - {name: id, datatype: int64}
# - {name: f, datatype: float64}
# - {name: f_flag, datatype: bool}
# - {name: gone, datatype: float64}
# - {name: x, datatype: float64}
# schema: astropy-2.0
id f f_flag gone x
1 2.0 False nan 1.5
2 nan True nan nan
3 nan False "" 2.5
`,
    );
    // The same table as astropy writes it: NaN as "NaN", masked as an empty cell.
    const vot = join(dir, "t.vot");
    const row = (cells: string[]) =>
      `<TR>${cells.map((c) => (c === "" ? "<TD/>" : `<TD>${c}</TD>`)).join("")}</TR>`;
    writeFileSync(
      vot,
      `<?xml version="1.0" encoding="utf-8"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>
<FIELD name="id" datatype="long"/><FIELD name="f" datatype="double"/><FIELD name="f_flag" datatype="boolean"/>
<FIELD name="gone" datatype="double"/><FIELD name="x" datatype="double"/>
<DATA><TABLEDATA>${row(["1", "2.0", "F", "NaN", "1.5"])}${row(["2", "NaN", "T", "NaN", "NaN"])}${row(["3", "NaN", "F", "", "2.5"])}</TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`,
    );
    const a = statuses(await check(ecsv));
    const b = statuses(await check(vot));
    // f: missing with its flag false in row 3 — a finding in both; gone: allNull in both.
    for (const id of ["T.f.nanWithoutFlag", "T.f.nan", "T.gone.allNull", "T.gone.nan"])
      expect([id, a[id]]).toEqual([id, b[id]]);
    expect([a["T.f.nanWithoutFlag"], a["T.gone.allNull"], a["T.gone.nan"]]).toEqual(["fail", "fail", "skip"]);
    // The stated difference: an unexplained NaN in a column with no flag is a `nan` finding in ECSV; in VOTable it
    // is a null (NaN is the format's null), which only notNull judges, where a schema forbids nulls.
    expect([a["T.x.nan"], b["T.x.nan"]]).toEqual(["fail", "pass"]);
  });
});
