// Hand calculations: AB magnitudes are defined by 3631 Jy at m = 0, so m = 31.4 − 2.5 log10(f/nJy);
// 23.9 mag = 1 µJy = 1000 nJy (31.4 − 23.9 = 7.5 = 2.5 × 3); angles by definition (1° = 3600″, π rad = 180°).
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/core/errors.js";
import {
  abMagToNJy,
  arcsecToDeg,
  canConvert,
  convertRange,
  convertValue,
  degToArcsec,
  degToRad,
  nJyToAbMag,
  normalizeUnit,
  parseQuantity,
  radToDeg,
  unitKind,
} from "../../src/schema/index.js";

describe("AB magnitudes ↔ nJy", () => {
  it("31.4 mag is 1 nJy; 23.9 mag is 1 µJy; 0 mag is 3631 Jy to 0.01 %", () => {
    expect(abMagToNJy(31.4)).toBeCloseTo(1, 12);
    expect(abMagToNJy(23.9)).toBeCloseTo(1000, 9);
    expect(Math.abs(abMagToNJy(0) / 3631e9 - 1)).toBeLessThan(1e-4);
  });

  it("nJyToAbMag inverts abMagToNJy and has no magnitude for fluxes ≤ 0", () => {
    expect(nJyToAbMag(1000)).toBeCloseTo(23.9, 12);
    for (const m of [15, 20.5, 27]) expect(nJyToAbMag(abMagToNJy(m))).toBeCloseTo(m, 12);
    expect(nJyToAbMag(0)).toBeNaN();
    expect(nJyToAbMag(-5)).toBeNaN();
  });

  it("a magnitude limit becomes a flux floor: {max: 24 mag} → {min: 10^(7.4/2.5) nJy ≈ 912.01}", () => {
    const range = convertRange({ max: 24 }, "mag", "nJy");
    expect(range.max).toBeUndefined();
    expect(range.min).toBeCloseTo(10 ** (7.4 / 2.5), 9);
    expect(range.min).toBeCloseTo(912.01, 2);
  });

  it("a magnitude interval reverses: [16, 24] mag → [f(24), f(16)] nJy", () => {
    const range = convertRange({ min: 16, max: 24 }, "mag", "nJy");
    expect(range.min).toBeCloseTo(abMagToNJy(24), 9);
    expect(range.max).toBeCloseTo(10 ** (15.4 / 2.5), 3);
  });

  it("Jy prefixes and magnitudes convert both ways", () => {
    expect(convertValue(1, "Jy", "nJy")).toBe(1e9);
    expect(convertValue(1, "uJy", "nJy")).toBe(1000);
    expect(convertValue(1, "uJy", "mag")).toBeCloseTo(23.9, 12);
    expect(convertValue(3631, "Jy", "mag")).toBeCloseTo(0, 3);
  });
});

describe("angles", () => {
  it("deg ↔ rad ↔ arcsec", () => {
    expect(degToRad(180)).toBe(Math.PI);
    expect(radToDeg(Math.PI / 2)).toBe(90);
    expect(arcsecToDeg(3600)).toBe(1);
    expect(degToArcsec(1 / 60)).toBeCloseTo(60, 12);
    expect(convertValue(Math.PI, "rad", "deg")).toBeCloseTo(180, 12);
    expect(convertValue(1, "deg", "arcsec")).toBeCloseTo(3600, 9);
    expect(convertValue(1, "deg", "mas")).toBeCloseTo(3.6e6, 3);
    expect(convertValue(30, "arcmin", "deg")).toBeCloseTo(0.5, 12);
  });

  it("ranges keep their order for angles", () => {
    const r = convertRange({ min: -90, max: 90 }, "deg", "rad");
    expect(r.min).toBeCloseTo(-Math.PI / 2, 12);
    expect(r.max).toBeCloseTo(Math.PI / 2, 12);
  });
});

describe("unit names", () => {
  it("normalizes the spellings found in felis schemas and catalogs", () => {
    expect(normalizeUnit(" deg ")).toBe("deg");
    expect(normalizeUnit("degrees")).toBe("deg");
    expect(normalizeUnit("pix^2")).toBe("pixel**2");
    expect(normalizeUnit("pixel**2")).toBe("pixel**2");
    expect(normalizeUnit("pix")).toBe("pixel");
    expect(normalizeUnit("ct")).toBe("count");
    expect(normalizeUnit("ABmag")).toBe("mag");
    expect(normalizeUnit("nJy")).toBe("nJy");
    expect(normalizeUnit("")).toBeUndefined();
    expect(normalizeUnit(null)).toBeUndefined();
  });

  it("kinds of every unit used in sdm_schemas", () => {
    const kinds: Record<string, string> = {
      deg: "angle",
      "deg**2": "solidAngle",
      nJy: "flux",
      "nJy/d": "fluxRate",
      d: "time",
      s: "time",
      pixel: "pixel",
      arcsec: "angle",
      "arcsec**2": "solidAngle",
      mag: "magnitude",
      adu: "flux",
      "pixel**2": "pixelArea",
      AU: "length",
      count: "flux",
      m: "length",
      mas: "angle",
      "km/s": "other",
      "mas/yr": "other",
    };
    for (const [unit, kind] of Object.entries(kinds)) expect(unitKind(unit), unit).toBe(kind);
    expect(unitKind(undefined)).toBe("none");
  });

  it("refuses conversions that make no sense", () => {
    expect(canConvert("mag", "nJy")).toBe(true);
    expect(canConvert("mag", "count")).toBe(false);
    expect(canConvert("deg", "nJy")).toBe(false);
    expect(() => convertValue(1, "deg", "nJy")).toThrow(UsageError);
  });

  it("parses user quantities", () => {
    expect(parseQuantity("24.5 mag")).toEqual({ value: 24.5, unit: "mag" });
    expect(parseQuantity("1.5arcsec")).toEqual({ value: 1.5, unit: "arcsec" });
    expect(parseQuantity("-3e2 nJy")).toEqual({ value: -300, unit: "nJy" });
    expect(parseQuantity("17")).toEqual({ value: 17 });
    expect(() => parseQuantity("bright")).toThrow(UsageError);
  });
});
