// Maximum angular distance between a pixel centre and its corners (healpy's max_pixrad).

function zphiToVec(z: number, phi: number): [number, number, number] {
  const s = Math.sqrt((1 - z) * (1 + z));
  return [s * Math.cos(phi), s * Math.sin(phi), z];
}

const MEMO = new Float64Array(64).fill(Number.NaN);

/**
 * Largest centre-to-corner distance of any pixel at this order, in radians (healpy max_pixrad).
 * @example maxPixrad(10) // 0.0010437...
 */
export function maxPixrad(order: number): number {
  // queries ask for it at every order of every call: memoised for whole orders
  if (order >= 0 && order < 64 && Number.isInteger(order)) {
    if (Number.isNaN(MEMO[order])) MEMO[order] = computeMaxPixrad(order);
    return MEMO[order];
  }
  return computeMaxPixrad(order);
}

function computeMaxPixrad(order: number): number {
  const nside = 2 ** order;
  const [ax, ay, az] = zphiToVec(2 / 3, Math.PI / (4 * nside));
  let t1 = 1 - 1 / nside;
  t1 *= t1;
  const [bx, by, bz] = zphiToVec(1 - t1 / 3, 0);
  const cx = ay * bz - az * by;
  const cy = az * bx - ax * bz;
  const cz = ax * by - ay * bx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), ax * bx + ay * by + az * bz);
}
