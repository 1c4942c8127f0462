// IVOA MOC 2.0 serializations of space MOCs: ASCII ("3/1-5 4/77 10/") and JSON ({"3":[1,2,3],"4":[77]}).
import { checkMocOrder, MOC_MAX_ORDER, type Moc, mocToOrderCells } from "./moc.js";
import { normalizeRanges } from "./ranges.js";

function shiftOf(order: number): bigint {
  return BigInt(2 * (MOC_MAX_ORDER - order));
}

function fromOrderCells(cells: [number, bigint, bigint][], maxOrder: number): Moc {
  const starts: bigint[] = [];
  const ends: bigint[] = [];
  for (const [order, first, last] of cells) {
    const npix = 12n * 4n ** BigInt(order);
    if (first < 0n || last < first || last >= npix) {
      throw new RangeError(
        `MOC cell ${first}${last !== first ? `-${last}` : ""} is not valid at order ${order}`,
      );
    }
    starts.push(first << shiftOf(order));
    ends.push((last + 1n) << shiftOf(order));
  }
  return { maxOrder, ranges: normalizeRanges(starts, ends) };
}

/**
 * Parse an IVOA MOC 2.0 ASCII space MOC such as "3/1-5 4/77 10/"; the deepest order named (even with no
 * cells) is the depth. Throws RangeError naming the bad token.
 * @example mocFromAscii("3/1-5 4/77").maxOrder // 4
 */
export function mocFromAscii(text: string): Moc {
  const body = text.trim().replace(/^s\s*/, "");
  const cells: [number, bigint, bigint][] = [];
  let order = -1;
  let maxOrder = 0;
  for (const raw of body.split(/[\s,]+/)) {
    if (raw === "") continue;
    let token = raw;
    const slash = token.indexOf("/");
    if (slash >= 0) {
      const o = Number(token.slice(0, slash));
      checkMocOrder(o);
      order = o;
      maxOrder = Math.max(maxOrder, o);
      token = token.slice(slash + 1);
      if (token === "") continue;
    }
    if (order < 0) throw new RangeError(`MOC ASCII: cell "${raw}" comes before any "order/"`);
    const m = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (!m) throw new RangeError(`MOC ASCII: cannot read "${raw}"`);
    cells.push([order, BigInt(m[1]), BigInt(m[2] ?? m[1])]);
  }
  if (order < 0 && body !== "") throw new RangeError("MOC ASCII: no order found");
  return fromOrderCells(cells, maxOrder);
}

/**
 * Write the coverage as IVOA MOC 2.0 ASCII: fewest cells, consecutive cells as ranges, each order once,
 * and "maxOrder/" at the end when the deepest cells are coarser than the depth.
 * @example mocToAscii(mocFromCells(3, [1, 2, 3, 4, 5])) // "3/1-5"
 */
export function mocToAscii(moc: Moc): string {
  const byOrder = groupByOrder(moc);
  const parts: string[] = [];
  let deepest = -1;
  for (const [order, pix] of byOrder) {
    deepest = order;
    const items: string[] = [];
    for (let i = 0; i < pix.length; ) {
      let j = i;
      while (j + 1 < pix.length && pix[j + 1] === pix[j] + 1n) j++;
      items.push(j > i ? `${pix[i]}-${pix[j]}` : `${pix[i]}`);
      i = j + 1;
    }
    parts.push(`${order}/${items.join(",")}`);
  }
  if (deepest < moc.maxOrder) parts.push(`${moc.maxOrder}/`);
  return parts.join(" ");
}

function groupByOrder(moc: Moc): [number, bigint[]][] {
  const map = new Map<number, bigint[]>();
  for (const [order, pix] of mocToOrderCells(moc)) {
    let list = map.get(order);
    if (!list) {
      list = [];
      map.set(order, list);
    }
    list.push(pix);
  }
  return [...map.entries()].sort((a, b) => a[0] - b[0]);
}

/**
 * Parse an IVOA MOC 2.0 JSON space MOC ({"order": [cells...]}); integers are read exactly as bigint,
 * so order-29 cells survive. An empty list declares the depth.
 * @example mocFromJson('{"3":[1,2,3],"4":[77]}').maxOrder // 4
 */
export function mocFromJson(text: string): Moc {
  const body = text.trim();
  if (!body.startsWith("{") || !body.endsWith("}")) throw new RangeError("MOC JSON must be an object");
  const inner = body.slice(1, -1).trim();
  const cells: [number, bigint, bigint][] = [];
  let maxOrder = 0;
  const entry = /\s*"(\d+)"\s*:\s*\[([^\]]*)\]\s*(,|$)/y;
  let pos = 0;
  while (pos < inner.length) {
    entry.lastIndex = pos;
    const m = entry.exec(inner);
    if (!m) throw new RangeError(`MOC JSON: cannot read near "${inner.slice(pos, pos + 30)}"`);
    const order = Number(m[1]);
    checkMocOrder(order);
    maxOrder = Math.max(maxOrder, order);
    for (const item of m[2].split(",")) {
      const t = item.trim();
      if (t === "") continue;
      if (!/^\d+$/.test(t)) throw new RangeError(`MOC JSON: cell "${t}" at order ${order} is not an integer`);
      cells.push([order, BigInt(t), BigInt(t)]);
    }
    pos = entry.lastIndex;
    if (m[3] === "" && pos < inner.length) throw new RangeError("MOC JSON: trailing text");
  }
  return fromOrderCells(cells, maxOrder);
}

/**
 * Write the coverage as IVOA MOC 2.0 JSON (fewest cells; `"maxOrder": []` when needed to keep the depth).
 * @example mocToJson(mocFromCells(3, [1, 2])) // '{"3":[1,2]}'
 */
export function mocToJson(moc: Moc): string {
  const parts: string[] = [];
  let deepest = -1;
  for (const [order, pix] of groupByOrder(moc)) {
    deepest = order;
    parts.push(`"${order}":[${pix.join(",")}]`);
  }
  if (deepest < moc.maxOrder) parts.push(`"${moc.maxOrder}":[]`);
  return `{${parts.join(",")}}`;
}

/**
 * The coverage as sorted NUNIQ cell indices (uniq = 4·4^order + pix; the FITS MOC serialization).
 * @example mocToUniq(mocFromCells(3, [1])) // BigUint64Array [257n]
 */
export function mocToUniq(moc: Moc): BigUint64Array {
  const uniq = mocToOrderCells(moc).map(([order, pix]) => 4n * 4n ** BigInt(order) + pix);
  return BigUint64Array.from(uniq.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A coverage from NUNIQ cell indices (bigint, or numbers up to 2^53); the depth is the deepest order seen
 * unless a larger `maxOrder` is given.
 * @example mocToAscii(mocFromUniq([257n])) // "3/1"
 */
export function mocFromUniq(uniq: ArrayLike<bigint | number>, maxOrder = 0): Moc {
  const cells: [number, bigint, bigint][] = [];
  let depth = maxOrder;
  for (let i = 0; i < uniq.length; i++) {
    const raw = uniq[i];
    if (typeof raw === "number" && (!Number.isSafeInteger(raw) || raw < 4)) {
      throw new RangeError(`NUNIQ value ${raw} (position ${i}) is not an exact integer >= 4`);
    }
    const u = BigInt(raw);
    if (u < 4n) throw new RangeError(`NUNIQ value ${u} (position ${i}) is below 4`);
    // order = floor(log4(u / 4)): the position of the highest set bit, halved, minus one.
    const order = Math.floor((u.toString(2).length - 1) / 2) - 1;
    checkMocOrder(order);
    depth = Math.max(depth, order);
    const pix = u - 4n * 4n ** BigInt(order);
    cells.push([order, pix, pix]);
  }
  checkMocOrder(depth);
  return fromOrderCells(cells, depth);
}
