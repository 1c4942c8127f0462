// splitWork (src/engines/duckdb/split.ts): a wide request cut into one query per thread keeps each condition
// with the columns it reads, uses every item exactly once, balances the columns each part decodes, and without
// conditions deals columns in turn.
import { describe, expect, it } from "vitest";
import { splitWork } from "../../src/engines/duckdb/split.js";

const column = (name: string) => ({ name });

/** 40 families (value, flag, error) with two conditions each, and 20 lone columns. */
function catalogue() {
  const columns = [];
  const conditions = [];
  for (let f = 0; f < 40; f++) {
    columns.push(column(`v${f}`), column(`v${f}_flag`), column(`v${f}Err`));
    conditions.push({ id: `nan${f}`, columns: [`v${f}`, `v${f}_flag`] });
    conditions.push({ id: `err${f}`, columns: [`v${f}`, `v${f}Err`, `v${f}_flag`] });
  }
  for (let i = 0; i < 20; i++) columns.push(column(`lone${i}`));
  return { columns, conditions };
}

describe("splitWork", () => {
  it("keeps every condition in the part that profiles the columns it reads", () => {
    const { columns, conditions } = catalogue();
    const cut = splitWork(columns, conditions, 2);
    cut.conditions.forEach((part, k) => {
      const profiled = new Set(cut.columns[k]?.map((c) => c.name));
      for (const c of part) expect([c.id, c.columns.every((n) => profiled.has(n))]).toEqual([c.id, true]);
    });
  });

  it("uses every column and condition exactly once, columns in the order asked", () => {
    const { columns, conditions } = catalogue();
    for (const parts of [1, 2, 3, 4]) {
      const cut = splitWork(columns, conditions, parts);
      expect(cut.columns).toHaveLength(parts);
      expect(
        cut.columns
          .flat()
          .map((c) => c.name)
          .sort(),
      ).toEqual(columns.map((c) => c.name).sort());
      expect(
        cut.conditions
          .flat()
          .map((c) => c.id)
          .sort(),
      ).toEqual(conditions.map((c) => c.id).sort());
      for (const part of cut.columns) {
        const at = part.map((c) => columns.indexOf(c));
        expect(at).toEqual([...at].sort((a, b) => a - b));
      }
    }
  });

  it("gives each part about as many columns to decode, and deals columns in turn without conditions", () => {
    const { columns, conditions } = catalogue();
    const cut = splitWork(columns, conditions, 2);
    const [a, b] = cut.columns.map((p) => p.length);
    expect(Math.abs((a ?? 0) - (b ?? 0))).toBeLessThanOrEqual(3); // one family
    const plain = splitWork(columns, [], 3);
    expect(plain.columns).toEqual([0, 1, 2].map((k) => columns.filter((_, i) => i % 3 === k)));
  });

  it("deals items in turn when one column links everything (no part could be fair)", () => {
    const columns = [column("shared"), column("a"), column("b"), column("c")];
    const conditions = ["a", "b", "c"].map((n) => ({ id: n, columns: [n, "shared"] }));
    const cut = splitWork(columns, conditions, 2);
    expect(cut.columns.map((p) => p.map((c) => c.name))).toEqual([
      ["shared", "b"],
      ["a", "c"],
    ]);
    expect(cut.conditions.map((p) => p.map((c) => c.id))).toEqual([["a", "c"], ["b"]]);
  });

  it("spreads conditions that read no column (constants) over the parts", () => {
    const cut = splitWork(
      [column("a"), column("b")],
      [
        { id: "t", columns: [] },
        { id: "f", columns: [] },
      ],
      2,
    );
    expect(cut.conditions.map((p) => p.map((c) => c.id))).toEqual([["t"], ["f"]]);
  });
});
