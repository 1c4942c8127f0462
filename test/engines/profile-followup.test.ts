// Float columns planned with `infinities: "followUp"`: NaN and finite counts in the main query, +Inf split from
// −Inf by a second query only when the first shows infinities. Checked by running both queries in DuckDB.
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { duckdbDialect } from "../../src/engines/sql/dialect.js";
import {
  type Aggregate,
  decodeProfile,
  infinityFollowUp,
  profilePlan,
} from "../../src/engines/sql/profile-sql.js";

const columns = [
  { name: "clean", type: "float64" as const },
  { name: "nanOnly", type: "float64" as const },
  { name: "both", type: "float64" as const },
  { name: "negOnly", type: "float32" as const },
];
// 6 rows: NULL, NaN, ±Inf mixed in per column
const values = `VALUES
  (1.0, 'NaN'::DOUBLE, 'Infinity'::DOUBLE, '-Infinity'::FLOAT),
  (2.0, 1.5, '-Infinity'::DOUBLE, 2.0::FLOAT),
  (NULL, 'NaN'::DOUBLE, 'Infinity'::DOUBLE, '-Infinity'::FLOAT),
  (4.0, NULL, 'NaN'::DOUBLE, NULL),
  (5.0, 2.5, 3.0, 'NaN'::FLOAT),
  (6.0, 3.5, NULL, 1.0::FLOAT)`;
const relation = `(SELECT * FROM (${values}) v(clean, nanOnly, "both", negOnly))`;

async function run(aggregates: readonly Aggregate[]): Promise<Record<string, unknown>> {
  const db = await DuckDBInstance.create(":memory:");
  const connection = await db.connect();
  const sql = `SELECT ${aggregates.map((a) => `${a.sql} AS ${a.alias}`).join(", ")} FROM ${relation}`;
  const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, unknown>;
  connection.closeSync();
  return row;
}

describe("profilePlan with infinities: followUp", () => {
  const plan = profilePlan(columns, duckdbDialect, { infinities: "followUp" });

  it("counts NaN and finite values in the main query, without the packed special count", () => {
    const aliases = plan.aggregates.map((a) => a.alias);
    expect(aliases).toContain("c0_nan");
    expect(aliases).toContain("c0_finite");
    expect(aliases.some((a) => a.endsWith("_special") || a.endsWith("_posInf"))).toBe(false);
  });

  it("asks the second query only for the columns holding infinities", async () => {
    const first = await run(plan.aggregates);
    expect(infinityFollowUp(plan, first).map((a) => a.alias)).toEqual([
      "c2_posInf",
      "c2_negInf",
      "c3_posInf",
      "c3_negInf",
    ]);
  });

  it("refuses to decode a column with infinities before the second query ran", async () => {
    const first = await run(plan.aggregates);
    expect(() => decodeProfile(plan, first)).toThrow(/±Inf counts missing/);
  });

  it("gives the packed plan's profile once both rows are merged", async () => {
    const first = await run(plan.aggregates);
    const row = { ...first, ...(await run(infinityFollowUp(plan, first))) };
    const followUp = decodeProfile(plan, row);
    const packed = profilePlan(columns, duckdbDialect);
    expect(followUp).toEqual(decodeProfile(packed, await run(packed.aggregates)));
    expect(followUp.both).toMatchObject({ nulls: 1, nan: 1, posInf: 2, negInf: 1, min: 3, max: 3 });
    expect(followUp.negOnly).toMatchObject({ nulls: 1, nan: 1, posInf: 0, negInf: 2, min: 1, max: 2 });
    expect(followUp.nanOnly).toMatchObject({ nulls: 1, nan: 2, posInf: 0, negInf: 0, min: 1.5, max: 3.5 });
    expect(followUp.clean).toMatchObject({ nulls: 1, nan: 0, posInf: 0, negInf: 0, min: 1, max: 6 });
  });

  it("counts ±Inf outright when a footer's null count disagrees with the data (no phantom infinities)", async () => {
    // `clean` holds 5 non-null values; a footer claiming 6 would make valid − NaN − finite = 1
    const lying = profilePlan([columns[0]], duckdbDialect, {
      infinities: "followUp",
      known: new Map([["clean", { valid: 6 }]]),
    });
    const first = await run(lying.aggregates);
    const followUp = infinityFollowUp(lying, first);
    expect(followUp.map((a) => a.alias)).toEqual(["c0_posInf", "c0_negInf"]);
    const decoded = decodeProfile(lying, { ...first, ...(await run(followUp)) });
    expect(decoded.clean).toMatchObject({ nan: 0, posInf: 0, negInf: 0 });
  });
});
