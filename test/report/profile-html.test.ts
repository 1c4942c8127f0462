import { describe, expect, it } from "vitest";
import type { TableProfile } from "../../src/metrics/types.js";
import { profileToHtml } from "../../src/report/profile-html.js";

const profile: TableProfile = {
  rows: 4,
  sources: ["t.parquet"],
  columns: {
    flag: { type: "boolean", rows: 4, nulls: 0, true: 3, false: 1 },
    x: {
      type: "double",
      rows: 4,
      nulls: 1,
      nan: 0,
      posInf: 0,
      negInf: 0,
      min: -2,
      max: 5,
      mean: 1.5,
      stddev: 3.5,
      distinct: null,
      quantiles: { "0.01": -2, "0.5": 1.25, "0.99": 5 },
    },
  },
};

describe("profile HTML", () => {
  it("shows a boolean's true/false counts and a number's spread, distinct and quantiles, as the JSON has them", () => {
    const html = profileToHtml({ T: profile }, "t");
    expect(html).toContain('<td class="n" colspan="2">3 true / 1 false</td>');
    const x = html.slice(html.indexOf("<code>x</code>"));
    expect(x).toMatch(
      /<td class="n">-2<\/td><td class="n">5<\/td><td class="n">1\.50000<\/td><td class="n">3\.50000<\/td>/,
    );
    expect(x).toContain("-2 · 1.25000 · 5");
    expect(html).toContain("<th>stddev</th><th>distinct</th><th>1% · median · 99%</th>");
  });
});
