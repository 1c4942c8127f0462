/**
 * FITS header cards: 80-character records in 2880-byte blocks, `KEY     = value / comment`, strings quoted with
 * `''` for a quote, CONTINUE cards extending a string ending in `&`. Header bytes must be printable ASCII
 * (FITS standard 4.1.1): a NUL or any other control byte means the header is corrupt.
 */
import { InputError } from "../../../core/errors.js";

export const BLOCK = 2880;
export const CARD = 80;

/** Header keywords of one HDU, values as raw strings (strings unquoted). */
export type FitsHeader = Map<string, string>;

/**
 * The value of a card (the text after `= `): a string without quotes, or the text before a `/` comment.
 * @example
 * parseCardValue("'deg     '           / unit") // "deg"
 */
export function parseCardValue(raw: string): string {
  const text = raw.trimStart();
  if (text.startsWith("'")) {
    let out = "";
    let i = 1;
    while (i < text.length) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      out += text[i];
      i++;
    }
    return out.trimEnd();
  }
  const slash = text.indexOf("/");
  return (slash >= 0 ? text.slice(0, slash) : text).trim();
}

/**
 * Adds one 80-character card to a header; returns the key it set (for CONTINUE cards, which extend the previous
 * string value when it ends with `&`), "END" at the END card. Throws InputError `corrupt` on a non-ASCII byte.
 * @example
 * const header = new Map();
 * addCard(header, "NAXIS2  =                   10".padEnd(80), undefined, "t.fits", 1) // "NAXIS2"
 * header.get("NAXIS2") // "10"
 */
export function addCard(
  header: FitsHeader,
  card: string,
  previous: string | undefined,
  path: string,
  hdu: number,
): string | undefined {
  for (let i = 0; i < card.length; i++) {
    const code = card.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      throw new InputError(
        path,
        "corrupt",
        `FITS header of HDU ${hdu} has a ${code === 0 ? "NUL" : `0x${code.toString(16).padStart(2, "0")}`} byte in card "${card.slice(0, 8).trim()}" (headers are printable ASCII)`,
      );
    }
  }
  const key = card.slice(0, 8).trim();
  if (key === "END") return "END";
  if (key === "CONTINUE" && previous !== undefined) {
    const before = header.get(previous) ?? "";
    if (before.endsWith("&")) header.set(previous, before.slice(0, -1) + parseCardValue(card.slice(8)));
    return previous;
  }
  if (card.slice(8, 10) === "= " && key) {
    header.set(key, parseCardValue(card.slice(10)));
    return key;
  }
  return undefined;
}

/**
 * Bytes of an HDU's data (without padding) from its header: |BITPIX|/8 × GCOUNT × (PCOUNT + NAXIS1 × … × NAXISn).
 * @example
 * dataBytes(new Map([["BITPIX", "8"], ["NAXIS", "2"], ["NAXIS1", "32"], ["NAXIS2", "10"]])) // 320
 */
export function dataBytes(header: FitsHeader): number {
  const bitpix = Math.abs(Number(header.get("BITPIX") ?? 8));
  const naxis = Number(header.get("NAXIS") ?? 0);
  if (!(naxis > 0)) return 0;
  let count = 1;
  for (let k = 1; k <= naxis; k++) count *= Number(header.get(`NAXIS${k}`) ?? 0);
  const pcount = Number(header.get("PCOUNT") ?? 0);
  const gcount = Number(header.get("GCOUNT") ?? 1);
  return (bitpix / 8) * gcount * (pcount + count);
}
