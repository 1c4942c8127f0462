import { DEG2RAD, HALF_PI, JPLL, JRLL, TWO_PI } from "./loc.js";

export { DEG2RAD };

import { checkOrder } from "./order.js";
import { maxPixrad } from "./pixrad.js";
import { RangeList } from "./rangeList.js";
import { xyfToNest } from "./xyf.js";

/** Options of the disc and polygon queries. */
export interface QueryOptions {
  /** Return every pixel overlapping the shape (and maybe a few more), as healpy's inclusive=True. */
  inclusive?: boolean;
  /** Oversampling factor of the inclusive test, a power of 2 (healpy's default 4). */
  fact?: number;
}

/** Centre z = cos(theta) and phi of (ra, dec), following healpy's ang2vec -> pointing round trip. */
export function discCentre(ra: number, dec: number): { z: number; phi: number; x: number; y: number } {
  if (!(dec >= -90 && dec <= 90) || !Number.isFinite(ra)) {
    throw new RangeError(`invalid disc centre (ra ${ra}, dec ${dec})`);
  }
  const theta0 = HALF_PI - dec * DEG2RAD;
  const phi0 = ra * DEG2RAD;
  const st = Math.sin(theta0);
  const vx = st * Math.cos(phi0);
  const vy = st * Math.sin(phi0);
  const vz = Math.cos(theta0);
  const theta = Math.atan2(Math.sqrt(vx * vx + vy * vy), vz);
  let phi = vx === 0 && vy === 0 ? 0 : Math.atan2(vy, vx);
  if (phi < 0) phi += TWO_PI;
  const s = Math.sin(theta);
  return { z: Math.cos(theta), phi, x: s * Math.cos(phi), y: s * Math.sin(phi) };
}

/** log2 of the inclusive oversampling factor; checks it is a power of 2 fitting the order. */
export function oversampling(order: number, options: QueryOptions | undefined): number {
  if (!options?.inclusive) return 0;
  const fact = options.fact ?? 4;
  const oplus = Math.log2(fact);
  if (!Number.isInteger(oplus) || oplus < 0 || order + oplus > 29) {
    throw new RangeError(`fact must be a power of 2 with order + log2(fact) <= 29, got ${fact}`);
  }
  return oplus;
}

// Scratch: z and phi of a pixel centre given by face coordinates at some nside.
let cz = 0;
let cphi = 0;

/** healpy's pix2zphi from face coordinates (NEST geometry without the sin(theta) refinement). */
export function xyfCentre(nside: number, face: number, ix: number, iy: number): void {
  const jr = JRLL[face] * nside - ix - iy - 1;
  const fact2 = 4 / (12 * nside * nside);
  const fact1 = 2 * nside * fact2;
  let nr: number;
  if (jr < nside) {
    nr = jr;
    cz = 1 - nr * nr * fact2;
  } else if (jr > 3 * nside) {
    nr = nside * 4 - jr;
    cz = nr * nr * fact2 - 1;
  } else {
    nr = nside;
    cz = (2 * nside - jr) * fact1;
  }
  let tmp = JPLL[face] * nr + ix - iy;
  if (tmp < 0) tmp += 8 * nr;
  cphi = nr === nside ? 0.75 * HALF_PI * tmp * fact1 : (0.5 * HALF_PI * tmp) / nr;
}

/**
 * Hierarchical walk shared by the disc and polygon queries (healpy's check_pixel logic): `zoneOf`
 * classifies a cell at order o as 0 outside, 1 touching (centre outside), 2 centre inside, 3 fully inside.
 */
export function walkNest(
  order: number,
  oplus: number,
  zoneOf: (face: number, ix: number, iy: number, o: number) => number,
): RangeList {
  const inclusive = oplus > 0;
  const omax = order + oplus;
  const out = new RangeList();
  const cap = 12 + 4 * (omax + 2);
  const sf = new Int32Array(cap);
  const sx = new Int32Array(cap);
  const sy = new Int32Array(cap);
  const so = new Int32Array(cap);
  let top = 0;
  for (let f = 11; f >= 0; f--) {
    sf[top] = f;
    sx[top] = 0;
    sy[top] = 0;
    so[top] = 0;
    top++;
  }
  let stacktop = 0;
  const pushChildren = (f: number, x: number, y: number, o: number) => {
    for (let c = 3; c >= 0; c--) {
      sf[top] = f;
      sx[top] = 2 * x + (c & 1);
      sy[top] = 2 * y + (c >> 1);
      so[top] = o + 1;
      top++;
    }
  };
  while (top > 0) {
    top--;
    const f = sf[top];
    const x = sx[top];
    const y = sy[top];
    const o = so[top];
    const zone = zoneOf(f, x, y, o);
    if (zone === 0) continue;
    if (o < order) {
      if (zone >= 3) {
        const scale = 4 ** (order - o);
        const pix = xyfToNest(o, f, x, y);
        out.append(pix * scale, (pix + 1) * scale);
      } else {
        pushChildren(f, x, y, o);
      }
    } else if (o > order) {
      const shift = o - order;
      if (zone >= 2 || o >= omax) {
        out.append(
          xyfToNest(order, f, x >> shift, y >> shift),
          xyfToNest(order, f, x >> shift, y >> shift) + 1,
        );
        top = stacktop;
      } else {
        pushChildren(f, x, y, o);
      }
    } else if (zone >= 2) {
      const pix = xyfToNest(order, f, x, y);
      out.append(pix, pix + 1);
    } else if (inclusive) {
      if (order < omax) {
        stacktop = top;
        pushChildren(f, x, y, o);
      } else {
        const pix = xyfToNest(order, f, x, y);
        out.append(pix, pix + 1);
      }
    }
  }
  return out;
}

function discRanges(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): RangeList {
  checkOrder(order);
  if (!(radiusDeg >= 0)) throw new RangeError(`disc radius must be >= 0 degrees, got ${radiusDeg}`);
  const oplus = oversampling(order, options);
  const radius = radiusDeg * DEG2RAD;
  const c = discCentre(ra, dec);
  if (radius >= Math.PI) {
    const all = new RangeList();
    all.append(0, 12 * 4 ** order);
    return all;
  }
  const omax = order + oplus;
  const crpdr = new Float64Array(omax + 1);
  const crmdr = new Float64Array(omax + 1);
  const nsides = new Float64Array(omax + 1);
  for (let o = 0; o <= omax; o++) {
    const dr = maxPixrad(o);
    crpdr[o] = radius + dr > Math.PI ? -1 : Math.cos(radius + dr);
    crmdr[o] = radius - dr < 0 ? 1 : Math.cos(radius - dr);
    nsides[o] = 2 ** o;
  }
  const cosrad = Math.cos(radius);
  const z0 = c.z;
  const phi0 = c.phi;
  const s0sq = 1.0 - z0 * z0;
  return walkNest(order, oplus, (f, x, y, o) => {
    xyfCentre(nsides[o], f, x, y);
    const cang = z0 * cz + Math.cos(phi0 - cphi) * Math.sqrt(s0sq * (1.0 - cz * cz));
    if (!(cang > crpdr[o])) return 0;
    return cang < cosrad ? 1 : cang <= crmdr[o] ? 2 : 3;
  });
}

/**
 * NEST pixels (orders 0-24) whose centres lie within `radiusDeg` of (ra, dec), sorted; with
 * `{ inclusive: true }` every pixel overlapping the disc (healpy's inclusive=True, fact=4).
 * @example queryDiscNest(0, 0, 90, 10, { inclusive: true }) // [0, 1, 2, 3]
 */
export function queryDiscNest(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): number[] {
  return discRanges(order, ra, dec, radiusDeg, options).toPixels();
}

/**
 * Same as queryDiscNest, as sorted half-open ranges [start0, end0, start1, end1, ...].
 * @example queryDiscNestRanges(3, 10, 20, 5) // Float64Array [310, 312]
 */
export function queryDiscNestRanges(
  order: number,
  ra: number,
  dec: number,
  radiusDeg: number,
  options?: QueryOptions,
): Float64Array {
  return discRanges(order, ra, dec, radiusDeg, options).toRanges();
}
