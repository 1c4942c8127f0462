/**
 * IVOA VOUnits 1.0 (REC 2014-05-23) syntax check, so a schema's units are what a TAP service can publish:
 * products with `.`, one division `/`, powers only with `**` (integer, or a parenthesized number such as
 * `m**(1/2)`), an optional leading numerical scale factor, SI prefixes on known units, the functions
 * log/ln/exp/sqrt, and unknown units in single quotes. FITS-only spellings (`m2`, `m^2`, `deg*mas`) are
 * what astropy's generic format accepts but VOUnits does not; for them a VOUnit spelling is suggested.
 */

/** Known unit symbols (VOUnits tables 2, 4, 5 and 6). */
const KNOWN = new Set([
  // SI base and derived
  "m",
  "s",
  "A",
  "K",
  "mol",
  "cd",
  "g",
  "rad",
  "sr",
  "Hz",
  "N",
  "Pa",
  "J",
  "W",
  "C",
  "V",
  "S",
  "F",
  "Wb",
  "T",
  "H",
  "lm",
  "lx",
  "Ohm",
  "Bq",
  "Gy",
  "Sv",
  // time and angle
  "min",
  "h",
  "d",
  "a",
  "yr",
  "deg",
  "arcmin",
  "arcsec",
  "mas",
  "uas",
  // astronomy
  "AU",
  "au",
  "pc",
  "lyr",
  "Jy",
  "mag",
  "eV",
  "erg",
  "Angstrom",
  "angstrom",
  "barn",
  "R",
  "Ry",
  "solLum",
  "solMass",
  "solRad",
  "Sun",
  "D",
  "G",
  "u",
  "beam",
  "chan",
  "bin",
  "voxel",
  "adu",
  "ct",
  "count",
  "photon",
  "ph",
  "pix",
  "pixel",
  "bit",
  "byte",
  "B",
  "dex",
  "Ba",
  "dyn",
  "%",
]);

/** SI prefixes (longest first so `da` wins over `d`). */
const PREFIXES = [
  "da",
  "Y",
  "Z",
  "E",
  "P",
  "T",
  "G",
  "M",
  "k",
  "h",
  "d",
  "c",
  "m",
  "u",
  "n",
  "p",
  "f",
  "a",
  "z",
  "y",
];

const FUNCTIONS = new Set(["log", "ln", "exp", "sqrt"]);

/** The verdict on one unit string. */
export type VOUnitCheck = { ok: true } | { ok: false; reason: string; suggestion?: string };

/**
 * Whether a symbol is a known unit, possibly with an SI prefix (`nJy`, `km`, `mas`).
 * @example
 * isKnownUnitSymbol("nJy") // true
 * isKnownUnitSymbol("nanojansky") // false
 */
export function isKnownUnitSymbol(symbol: string): boolean {
  if (KNOWN.has(symbol)) return true;
  for (const prefix of PREFIXES) {
    if (symbol.length > prefix.length && symbol.startsWith(prefix) && KNOWN.has(symbol.slice(prefix.length)))
      return symbol.slice(prefix.length) !== "%";
  }
  return false;
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new SyntaxError(`${reason} at character ${this.at + 1}`);
  }

  peek(s: string): boolean {
    return this.text.startsWith(s, this.at);
  }

  eat(s: string): boolean {
    if (!this.peek(s)) return false;
    this.at += s.length;
    return true;
  }

  done(): boolean {
    return this.at >= this.text.length;
  }

  /** input: [scalefactor] complete_expression | "/" unit_expression */
  input(): void {
    if (this.eat("/")) {
      this.unitExpression();
    } else {
      this.scaleFactor();
      this.completeExpression();
    }
    if (!this.done()) this.fail(`unexpected "${this.text.slice(this.at)}"`);
  }

  scaleFactor(): void {
    const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (m === null) return;
    this.at += m[0].length;
    this.eat(" ");
    if (this.done()) this.fail("a scale factor needs a unit");
  }

  completeExpression(): void {
    this.product();
    if (this.eat("/")) this.unitExpression();
    if (this.peek("/")) this.fail("only one division is allowed");
  }

  product(): void {
    this.unitExpression();
    while (this.eat(".")) this.unitExpression();
    if (this.peek("*") && !this.peek("**")) this.fail('"*" is not a product in VOUnits (use ".")');
  }

  unitExpression(): void {
    if (this.eat("(")) {
      this.completeExpression();
      if (!this.eat(")")) this.fail('missing ")"');
      return;
    }
    if (this.eat("'")) {
      const end = this.text.indexOf("'", this.at);
      if (end < 0) this.fail("unterminated quoted unit");
      this.at = end + 1;
    } else {
      const m = /^[A-Za-z%]+/.exec(this.text.slice(this.at));
      if (m === null) this.fail("expected a unit");
      const name = m[0];
      this.at += name.length;
      if (FUNCTIONS.has(name) && this.peek("(")) {
        this.eat("(");
        this.scaleFactor();
        this.completeExpression();
        if (!this.eat(")")) this.fail('missing ")"');
        return;
      }
      if (!isKnownUnitSymbol(name)) this.fail(`unknown unit "${name}" (quote unknown units: '${name}')`);
      if (/^[+-]?\d/.test(this.text.slice(this.at))) this.fail(`a power needs "**" ("${name}**…")`);
      if (this.peek("^")) this.fail('a power is written "**", not "^"');
    }
    if (this.eat("**")) this.power();
  }

  power(): void {
    if (this.eat("(")) {
      const m = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:\/\d+)?/.exec(this.text.slice(this.at));
      if (m === null) this.fail("expected a number in the power");
      this.at += m[0].length;
      if (!this.eat(")")) this.fail('missing ")" after the power');
      return;
    }
    const m = /^[+-]?\d+/.exec(this.text.slice(this.at));
    if (m === null) this.fail("expected an integer power (or a parenthesized number)");
    this.at += m[0].length;
  }
}

/**
 * The VOUnit spelling of a FITS/astropy-generic unit, where a mechanical rewrite gives one.
 * @example
 * suggestVOUnit("m2.t-1") // "m**2.t**-1"
 * suggestVOUnit("deg*mas/yr") // "deg.mas/yr"
 */
export function suggestVOUnit(unit: string): string {
  return unit
    .trim()
    .replace(/\^/g, "**")
    .replace(/(?<!\*)\*(?!\*)/g, ".")
    .replace(
      /([A-Za-z])([+-]?\d+)(?![\d.]*e)/g,
      (_m, letter: string, power: string) => `${letter}**${power}`,
    );
}

/**
 * Checks a unit string against the VOUnits 1.0 grammar; a blank unit (dimensionless) is fine.
 * @example
 * checkVOUnit("nJy").ok // true
 * checkVOUnit("mas**2/yr**2").ok // true
 * checkVOUnit("deg.d-1") // { ok: false, reason: 'a power needs "**" ("d**…") at character 6', suggestion: "deg.d**-1" }
 */
export function checkVOUnit(unit: string): VOUnitCheck {
  if (unit.trim() === "") return { ok: true };
  try {
    new Parser(unit).input();
    return { ok: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const suggestion = suggestVOUnit(unit);
    if (suggestion !== unit) {
      try {
        new Parser(suggestion).input();
        return { ok: false, reason, suggestion };
      } catch {
        // no mechanical rewrite works: no suggestion
      }
    }
    return { ok: false, reason };
  }
}
