// kindOf is the one classification of physical types; every physical type is listed with its kind by hand.
import { describe, expect, it } from "vitest";
import { isIntegerKind, isNumericKind, kindOf, type TypeKind } from "../../src/io/kind.js";
import type { PhysicalType } from "../../src/io/table.js";

const EXPECTED: Record<PhysicalType, TypeKind> = {
  bool: "bool",
  int8: "int",
  int16: "int",
  int32: "int",
  int64: "bigint",
  uint8: "int",
  uint16: "int",
  uint32: "int",
  uint64: "bigint",
  float16: "float",
  float32: "float",
  float64: "float",
  string: "string",
  binary: "other",
  timestamp: "other",
  date: "other",
  list: "other",
  null: "other",
  other: "other",
};

describe("kindOf", () => {
  it("classifies every physical type", () => {
    for (const [type, kind] of Object.entries(EXPECTED))
      expect(kindOf(type as PhysicalType), type).toBe(kind);
  });

  it("says which kinds are numbers and which are integers", () => {
    const numeric = Object.keys(EXPECTED).filter((t) => isNumericKind(kindOf(t as PhysicalType)));
    const integer = Object.keys(EXPECTED).filter((t) => isIntegerKind(kindOf(t as PhysicalType)));
    expect(numeric.sort()).toEqual(
      [
        "float16",
        "float32",
        "float64",
        "int16",
        "int32",
        "int64",
        "int8",
        "uint16",
        "uint32",
        "uint64",
        "uint8",
      ].sort(),
    );
    expect(integer.sort()).toEqual(
      ["int16", "int32", "int64", "int8", "uint16", "uint32", "uint64", "uint8"].sort(),
    );
  });
});
