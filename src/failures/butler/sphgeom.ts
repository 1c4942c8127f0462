/**
 * Decoding lsst.sphgeom region encodings as Butler registries and exports store them (hex in export YAML, base64
 * text or bytes in SQLite): byte 0 is the type (0x70 'p' = ConvexPolygon), then 3 little-endian float64 (x, y, z)
 * per vertex.
 */

/** A decoded region: its vertices as [ra, dec] degrees, or why it could not be decoded. */
export type DecodedRegion = { corners: [number, number][] } | { error: string };

function bytesOf(encoded: string | Uint8Array): Uint8Array | null {
  if (encoded instanceof Uint8Array) return encoded;
  const s = encoded.trim();
  if (/^[0-9a-f]+$/i.test(s) && s.length % 2 === 0) return Uint8Array.from(Buffer.from(s, "hex"));
  if (/^[A-Za-z0-9+/]+=*$/.test(s)) return Uint8Array.from(Buffer.from(s, "base64"));
  return null;
}

/**
 * Corners [ra, dec] of an encoded sphgeom ConvexPolygon (hex, base64 or bytes).
 * @example decodeSphgeomRegion("70000000000000f03f000000000000000000000000000000000000000000000000000000000000f03f000000000000000000000000000000000000000000000000000000000000f03f")
 * // { corners: [[0, 0], [90, 0], [0, 90]] }
 */
export function decodeSphgeomRegion(encoded: string | Uint8Array): DecodedRegion {
  const bytes = bytesOf(encoded);
  if (bytes === null || bytes.length === 0) return { error: "region is not hex or base64" };
  if (bytes[0] !== 0x70)
    return { error: `region type byte 0x${bytes[0].toString(16)} is not a ConvexPolygon (0x70)` };
  if ((bytes.length - 1) % 24 !== 0 || bytes.length < 1 + 3 * 24)
    return { error: `ConvexPolygon of ${bytes.length} bytes is not 1 + 24 × n (n ≥ 3)` };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corners: [number, number][] = [];
  for (let o = 1; o < bytes.length; o += 24) {
    const x = view.getFloat64(o, true);
    const y = view.getFloat64(o + 8, true);
    const z = view.getFloat64(o + 16, true);
    const n = Math.hypot(x, y, z);
    const ra = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
    corners.push([ra, (Math.asin(Math.max(-1, Math.min(1, z / n))) * 180) / Math.PI]);
  }
  return { corners };
}
