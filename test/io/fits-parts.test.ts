// The pieces of the FITS reader (src/io/readers/fits/): card parsing and its byte rule, the HDU walk that must see
// every HDU whole, and TFORM parsing.
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { addCard, dataBytes, type FitsHeader, parseCardValue } from "../../src/io/readers/fits/cards.js";
import { memoryBytes, walkHdus } from "../../src/io/readers/fits/hdus.js";
import { parseTform } from "../../src/io/readers/fits/tform.js";

const card = (text: string) => text.padEnd(80);
const block = (cards: string[]) => Buffer.from(cards.map(card).join("").padEnd(2880), "latin1");

function hdu(first: string, rows: number): Buffer {
  const header = block([
    first,
    "BITPIX  =                    8",
    "NAXIS   =                    2",
    "NAXIS1  =                    8",
    `NAXIS2  = ${String(rows).padStart(20)}`,
    "PCOUNT  =                    0",
    "GCOUNT  =                    1",
    "TFIELDS =                    1",
    "TTYPE1  = 'x       '",
    "TFORM1  = 'D       '",
    "END",
  ]);
  return Buffer.concat([header, Buffer.alloc(Math.ceil((rows * 8) / 2880) * 2880)]);
}

const primary = block([
  "SIMPLE  =                    T",
  "BITPIX  =                    8",
  "NAXIS   =                    0",
  "END",
]);

describe("FITS cards", () => {
  it("parses quoted strings, doubled quotes and comments", () => {
    expect(parseCardValue("'O''Hara '  / name")).toBe("O'Hara");
    expect(parseCardValue("                  10 / rows")).toBe("10");
  });

  it("refuses a NUL byte in a card, naming the HDU and key", () => {
    const header: FitsHeader = new Map();
    expect(() => addCard(header, card("TUNIT2  = 'd\u0000g'"), undefined, "t.fits", 1)).toThrow(
      /t\.fits: FITS header of HDU 1 has a NUL byte in card "TUNIT2"/,
    );
  });

  it("counts data bytes with PCOUNT and GCOUNT", () => {
    const header = new Map([
      ["BITPIX", "8"],
      ["NAXIS", "2"],
      ["NAXIS1", "8"],
      ["NAXIS2", "10"],
      ["PCOUNT", "20"],
    ]);
    expect(dataBytes(header)).toBe(100);
  });
});

describe("the HDU walk", () => {
  const whole = Buffer.concat([primary, hdu("XTENSION= 'BINTABLE'", 10), hdu("XTENSION= 'BINTABLE'", 1000)]);

  it("walks every HDU of a whole file", () => {
    expect(walkHdus(memoryBytes(whole), "t.fits").map((h) => h.header.get("NAXIS2") ?? "0")).toEqual([
      "0",
      "10",
      "1000",
    ]);
  });

  it("a file cut inside a later HDU's data is truncated, though the first table is whole", () => {
    const cut = whole.subarray(0, whole.length - 2880);
    let error: unknown;
    try {
      walkHdus(memoryBytes(cut), "t.fits");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).kind).toBe("truncated");
    expect((error as InputError).message).toMatch(/^t\.fits: FITS file ends inside HDU 2/);
  });

  it("a file cut inside a later HDU's header is truncated", () => {
    const cut = whole.subarray(0, primary.length + hdu("XTENSION= 'BINTABLE'", 10).length + 400);
    expect(() => walkHdus(memoryBytes(cut), "t.fits")).toThrow(/HDU 2 ends early \(no END card\)/);
  });
});

describe("TFORM", () => {
  it("reads repeat counts and codes", () => {
    expect(parseTform("3D")).toEqual({ repeat: 3, code: "D" });
    expect(parseTform("J")).toEqual({ repeat: 1, code: "J" });
    expect(parseTform("1PE(5)")).toEqual({ repeat: 1, code: "P" });
    expect(parseTform("Z")).toBeUndefined();
  });
});
