/**
 * 64-bit value hashing for distinct-count sketches, returned as two independent 32-bit words.
 * Integers hash by their 64-bit two's-complement pattern (so an int32 and the same int64 agree),
 * doubles by their IEEE bit pattern, strings by their UTF-8 bytes. No BigInt arithmetic on hot paths.
 */

/** murmur3's 32-bit finaliser: a full-avalanche mix of one word. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Output slot reused by the hashers (two 32-bit words), so hashing allocates nothing. */
export const HASH_OUT = new Uint32Array(2);

/**
 * Hash a 64-bit word given as low and high 32-bit halves into HASH_OUT.
 * @example
 * hashWords(42, 0); const [h1, h2] = HASH_OUT;
 */
export function hashWords(lo: number, hi: number): void {
  const a = fmix32((lo ^ 0x9e3779b9) >>> 0);
  const b = fmix32((hi ^ Math.imul(a, 0x27d4eb2f) ^ 0x165667b1) >>> 0);
  HASH_OUT[0] = fmix32((a + Math.imul(b, 0xcc9e2d51)) >>> 0);
  HASH_OUT[1] = fmix32((b ^ Math.imul(HASH_OUT[0], 0x1b873593) ^ 0x7f4a7c15) >>> 0);
}

const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

/**
 * Hash a double by its bit pattern (+0 and −0 hash alike; every NaN hashes alike).
 * @example
 * hashDouble(1.5); const [h1, h2] = HASH_OUT;
 */
export function hashDouble(x: number): void {
  F64[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
  hashWords(F64_WORDS[0], F64_WORDS[1]);
}

/**
 * Hash a byte range (UTF-8 string bytes) into HASH_OUT.
 * @example
 * hashBytes(new TextEncoder().encode("abc"), 0, 3);
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): void {
  let h1 = 0x3c6ef372;
  let h2 = 0xa54ff53a ^ (end - start);
  let i = start;
  for (; i + 4 <= end; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h1 = (h1 << 13) | (h1 >>> 19);
    h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    h2 = Math.imul(h2 ^ k, 0x2c1b3c6d) ^ (h2 >>> 15);
  }
  const tail = end - i;
  if (tail > 0) {
    let k = bytes[i];
    if (tail > 1) k ^= bytes[i + 1] << 8;
    if (tail > 2) k ^= bytes[i + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h1 ^= k;
    h2 = Math.imul(h2 ^ k, 0x2c1b3c6d) ^ (h2 >>> 15);
  }
  hashWords(fmix32((h1 ^ (end - start)) >>> 0), fmix32(h2 >>> 0));
}
