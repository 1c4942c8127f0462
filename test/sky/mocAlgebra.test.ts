import { describe, expect, it } from "vitest";
import {
  type Moc,
  mocCells,
  mocComplement,
  mocDegrade,
  mocDifference,
  mocEquals,
  mocFromAscii,
  mocFromCells,
  mocFromJson,
  mocIntersection,
  mocSymmetricDifference,
  mocToAscii,
  mocToJson,
  mocUnion,
  mocUnionAll,
} from "../../src/sky/moc/index.js";

// Oracle: plain JavaScript sets of order-4 cells (3072 of them); a cell of order k < 4 stands for its
// 4^(4−k) descendants. Random mixed-order inputs exercise merging, alignment and the range sweep.
const ORDER = 4;
const NPIX = 12 * 4 ** ORDER;

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function randomMoc(rand: () => number): { moc: Moc; set: Set<number> } {
  const set = new Set<number>();
  let moc = mocFromCells(0, []);
  const pieces = 1 + Math.floor(rand() * 12);
  for (let k = 0; k < pieces; k++) {
    const order = Math.floor(rand() * (ORDER + 1));
    const npix = 12 * 4 ** order;
    const first = Math.floor(rand() * npix);
    const count = 1 + Math.floor(rand() * 6);
    const cells: number[] = [];
    for (let c = first; c < Math.min(npix, first + count); c++) cells.push(c);
    moc = mocUnion(moc, mocFromCells(order, cells));
    const scale = 4 ** (ORDER - order);
    for (const c of cells) for (let d = c * scale; d < (c + 1) * scale; d++) set.add(d);
  }
  return { moc, set };
}

function cellsOf(moc: Moc): number[] {
  return Array.from(mocCells(moc, ORDER));
}

function sorted(set: Set<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

describe("MOC algebra vs JavaScript sets (300 random mixed-order pairs)", () => {
  const rand = seeded(7);
  const cases = Array.from({ length: 300 }, () => [randomMoc(rand), randomMoc(rand)] as const);

  it("union, intersection, difference, symmetric difference, complement", () => {
    for (const [a, b] of cases) {
      expect(cellsOf(mocUnion(a.moc, b.moc))).toEqual(sorted(new Set([...a.set, ...b.set])));
      expect(cellsOf(mocIntersection(a.moc, b.moc))).toEqual(
        sorted(new Set([...a.set].filter((c) => b.set.has(c)))),
      );
      expect(cellsOf(mocDifference(a.moc, b.moc))).toEqual(
        sorted(new Set([...a.set].filter((c) => !b.set.has(c)))),
      );
      const xor = new Set([...a.set, ...b.set].filter((c) => a.set.has(c) !== b.set.has(c)));
      expect(cellsOf(mocSymmetricDifference(a.moc, b.moc))).toEqual(sorted(xor));
      const rest = Array.from({ length: NPIX }, (_, c) => c).filter((c) => !a.set.has(c));
      expect(cellsOf(mocComplement(a.moc))).toEqual(rest);
    }
  });

  it("degrade keeps every order-2 cell that holds any covered cell", () => {
    for (const [a] of cases) {
      const expected = new Set([...a.set].map((c) => Math.floor(c / 16)));
      expect(Array.from(mocCells(mocDegrade(a.moc, 2), 2))).toEqual(sorted(expected));
    }
  });

  it("round-trips through IVOA ASCII and JSON, and unionAll equals repeated union", () => {
    for (const [a, b] of cases) {
      expect(mocEquals(mocFromAscii(mocToAscii(a.moc)), a.moc)).toBe(true);
      expect(mocEquals(mocFromJson(mocToJson(a.moc)), a.moc)).toBe(true);
      expect(mocEquals(mocUnionAll([a.moc, b.moc, a.moc]), mocUnion(a.moc, b.moc))).toBe(true);
    }
  });
});
