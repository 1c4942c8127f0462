// The `schema.type` rule is written out by hand from CONTRACT.md (integers for byte/short/int/long, wider
// fine, narrower not; double data for float fine, float data for double not; boolean; strings; timestamps)
// plus the decisions documented in src/schema/datatypes.ts (uint8 fits byte only; no int ↔ float).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  Bool,
  Dictionary,
  Float16,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  LargeUtf8,
  Null,
  TimestampNanosecond,
  Uint8,
  Utf8,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import type { PhysicalType } from "../../src/io/table.js";
import {
  arrowSchemaOfFelis,
  arrowTypeOfFelis,
  arrowTypeOfPhysical,
  columnInfoOfFelis,
  FELIS_DATATYPES,
  type FelisDatatype,
  felisTypeOfArrow,
  felisTypeOfPhysical,
  findColumn,
  loadFelis,
  physicalTypeFits,
  physicalTypeOfArrow,
  physicalTypeOfFelis,
  requireTable,
  typeMismatch,
} from "../../src/schema/index.js";
import { external } from "../helpers/paths.js";

const PHYSICAL: PhysicalType[] = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
  "string",
  "binary",
  "timestamp",
  "date",
  "list",
  "null",
  "other",
];

// Hand-written: for each felis type, exactly the physical types that fit.
const FITS: Record<FelisDatatype, PhysicalType[]> = {
  boolean: ["bool"],
  byte: ["int8", "int16", "int32", "int64", "uint8"],
  short: ["int16", "int32", "int64"],
  int: ["int32", "int64"],
  long: ["int64"],
  float: ["float32", "float64"],
  double: ["float64"],
  char: ["string"],
  string: ["string"],
  unicode: ["string"],
  text: ["string"],
  binary: ["binary"],
  timestamp: ["timestamp"],
};

describe("physicalTypeFits (contract schema.type)", () => {
  for (const datatype of FELIS_DATATYPES) {
    it(`${datatype}: fits exactly ${FITS[datatype].join(", ")}`, () => {
      const fitting = PHYSICAL.filter((p) => physicalTypeFits(datatype, p));
      expect(fitting.sort()).toEqual([...FITS[datatype]].sort());
    });
  }

  it("contract examples", () => {
    expect(physicalTypeFits("int", "int64")).toBe(true); // wider is fine
    expect(physicalTypeFits("long", "int32")).toBe(false); // narrower is not
    expect(physicalTypeFits("float", "float64")).toBe(true); // double data for a float column
    expect(physicalTypeFits("double", "float32")).toBe(false); // float data for a double column
    expect(physicalTypeFits("boolean", "int8")).toBe(false);
    expect(physicalTypeFits("timestamp", "int64")).toBe(false);
  });

  it("decisions: unsigned and integer-for-float", () => {
    expect(physicalTypeFits("byte", "uint8")).toBe(true); // felis maps byte to VOTable unsignedByte
    expect(physicalTypeFits("long", "uint64")).toBe(false); // cannot hold negative values
    expect(physicalTypeFits("int", "uint16")).toBe(false);
    expect(physicalTypeFits("double", "int64")).toBe(false); // integers carry no NaN
    expect(physicalTypeFits("float", "int16")).toBe(false);
    expect(physicalTypeFits("int", "float64")).toBe(false);
  });

  it("typeMismatch explains each failure and is silent on a fit", () => {
    expect(typeMismatch("double", "float64")).toBeUndefined();
    expect(typeMismatch("double", "float32")).toContain("float32 data for a double column");
    expect(typeMismatch("long", "int32")).toContain("narrower");
    expect(typeMismatch("long", "uint64")).toContain("negative");
    expect(typeMismatch("boolean", "string")).toContain("bool needed");
  });
});

describe("felis ↔ physical ↔ Arrow", () => {
  it("felis → physical: the storage type felis documents (boolean, 8/16/32/64-bit signed, 32/64-bit IEEE)", () => {
    expect(FELIS_DATATYPES.map(physicalTypeOfFelis)).toEqual([
      "bool",
      "int8",
      "int16",
      "int32",
      "int64",
      "float32",
      "float64",
      "string",
      "string",
      "string",
      "string",
      "binary",
      "timestamp",
    ]);
  });

  it("the storage type of every felis datatype fits it", () => {
    for (const datatype of FELIS_DATATYPES)
      expect(physicalTypeFits(datatype, physicalTypeOfFelis(datatype))).toBe(true);
  });

  it("physical → felis: the narrowest felis type holding every value", () => {
    expect(felisTypeOfPhysical("uint8")).toBe("short");
    expect(felisTypeOfPhysical("uint16")).toBe("int");
    expect(felisTypeOfPhysical("uint32")).toBe("long");
    expect(felisTypeOfPhysical("float16")).toBe("float");
    expect(felisTypeOfPhysical("date")).toBeUndefined();
    for (const datatype of [
      "boolean",
      "byte",
      "short",
      "int",
      "long",
      "float",
      "double",
      "binary",
      "timestamp",
    ] as const) {
      expect(felisTypeOfPhysical(physicalTypeOfFelis(datatype))).toBe(datatype);
    }
  });

  it("felis → Arrow uses Arrow's own type classes", () => {
    expect(arrowTypeOfFelis({ datatype: "boolean" })).toBeInstanceOf(Bool);
    expect(arrowTypeOfFelis({ datatype: "byte" })).toBeInstanceOf(Int8);
    expect(arrowTypeOfFelis({ datatype: "short" })).toBeInstanceOf(Int16);
    expect(arrowTypeOfFelis({ datatype: "int" })).toBeInstanceOf(Int32);
    expect(arrowTypeOfFelis({ datatype: "long" })).toBeInstanceOf(Int64);
    expect(arrowTypeOfFelis({ datatype: "float" })).toBeInstanceOf(Float32);
    expect(arrowTypeOfFelis({ datatype: "double" })).toBeInstanceOf(Float64);
    expect(arrowTypeOfFelis({ datatype: "char" })).toBeInstanceOf(Utf8);
    expect(arrowTypeOfFelis({ datatype: "timestamp", precision: 9 })).toBeInstanceOf(TimestampNanosecond);
  });

  it("Arrow → physical → felis", () => {
    expect(physicalTypeOfArrow(new Uint8())).toBe("uint8");
    expect(physicalTypeOfArrow(new Float16())).toBe("float16");
    expect(physicalTypeOfArrow(new LargeUtf8())).toBe("string");
    expect(physicalTypeOfArrow(new Null())).toBe("null"); // pandas' all-None column
    expect(physicalTypeOfArrow(new Dictionary(new Utf8(), new Int32()))).toBe("string"); // e.g. Parquet band columns
    expect(felisTypeOfArrow(new Int64())).toBe("long");
    for (const datatype of FELIS_DATATYPES) {
      expect(physicalTypeOfArrow(arrowTypeOfFelis({ datatype }))).toBe(physicalTypeOfFelis(datatype));
    }
    for (const p of PHYSICAL.filter((t) => !["date", "list", "null", "other"].includes(t))) {
      const arrow = arrowTypeOfPhysical(p);
      expect(arrow && physicalTypeOfArrow(arrow)).toBe(p);
    }
  });
});

describe("Arrow schema of a felis table", () => {
  it("DP0.2 Object: 991 fields whose Arrow types match the SQL types Qserv ingested", () => {
    const object = requireTable(loadFelis(join(external("sdm_schemas"), "dp02_dc2.yaml")), "Object");
    const schema = arrowSchemaOfFelis(object);
    const qserv = JSON.parse(
      readFileSync(external("qserv_dp02_object", "Object_table_schema.json"), "utf8"),
    ) as {
      schema: Array<{ name: string; type: string }>;
    };
    // MySQL type → Arrow type name, by the felis docs table (BIGINT = long = Int64 …).
    const arrowOf: Record<string, string> = {
      BIGINT: "Int64",
      INTEGER: "Int32",
      DOUBLE: "Float64",
      FLOAT: "Float32",
      BOOLEAN: "Bool",
    };
    const expected = qserv.schema
      .filter((c) => c.name !== "chunkId" && c.name !== "subChunkId")
      .map((c) => {
        const sql = c.type.replace(" NOT NULL", "");
        return `${c.name}:${sql.startsWith("CHAR") ? "Utf8" : arrowOf[sql]}`;
      });
    expect(schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(expected);
    const ra = schema.fields.find((f) => f.name === "coord_ra");
    expect(ra?.metadata.get("unit")).toBe("deg");
    expect(ra?.metadata.get("ucd")).toBe("pos.eq.ra;meta.main");
    expect(ra?.nullable).toBe(true);
    expect(schema.fields.find((f) => f.name === "objectId")?.nullable).toBe(false);
    expect(columnInfoOfFelis(findColumn(object, "g_psfFlux") ?? object.columns[0])).toMatchObject({
      name: "g_psfFlux",
      type: "float64",
      unit: "nJy",
    });
  });
});
