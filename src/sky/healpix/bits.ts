// Morton (Z-order) bit interleaving on 32-bit halves: JS bitwise operators are 32-bit,
// so 24- and 29-bit face coordinates are split into a low and a high 16-bit part.

/** Spreads the low 16 bits of `v` into the even bit positions of a 32-bit integer. */
export function spread16(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  return (v | (v << 1)) & 0x55555555;
}

/** Gathers the even bits of a 32-bit integer into its low 16 bits (inverse of spread16). */
export function compress32(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  return (v | (v >>> 8)) & 0x0000ffff;
}

/** Low 32 bits of the interleaved index of (ix, iy), as an unsigned number. */
export function interleaveLow(ix: number, iy: number): number {
  return (spread16(ix) | (spread16(iy) << 1)) >>> 0;
}

/** Bits 32 and up of the interleaved index of (ix, iy), for coordinates below 2^29. */
export function interleaveHigh(ix: number, iy: number): number {
  return (spread16(ix >>> 16) | (spread16(iy >>> 16) << 1)) >>> 0;
}

export const TWO32 = 4294967296;
