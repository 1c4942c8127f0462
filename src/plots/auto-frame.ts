/**
 * A frame chosen from the data: a gnomonic view fitted to the positions when they sit within `maxRadius`
 * degrees of their median, else the whole sky (Mollweide centred on their median RA). Outliers (the failing
 * positions of a raDec check, say) do not decide the frame; they show as "off the map" in legends.
 */
import { geoDistance } from "d3-geo";
import { type MapFrame, mapFrame } from "./map-frame.js";

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)];
}

/**
 * The frame for a set of positions.
 * @example autoFrame([55.1, 56.2], [-32, -31.5]).projection.type // "gnomonic"
 */
export function autoFrame(
  ra: ArrayLike<number>,
  dec: ArrayLike<number>,
  options: { maxRadius?: number; minSpan?: number } = {},
): MapFrame {
  const r: number[] = [];
  const d: number[] = [];
  // Subsample large inputs: the median and spread need no more.
  const step = Math.max(1, Math.floor(ra.length / 20000));
  for (let i = 0; i < ra.length; i += step)
    if (Number.isFinite(ra[i]) && Number.isFinite(dec[i]) && Math.abs(dec[i]) <= 90) {
      r.push(((ra[i] % 360) + 360) % 360);
      d.push(dec[i]);
    }
  if (r.length === 0) return mapFrame({ type: "mollweide" });
  // Median RA relative to the first point, so positions around RA 0/360 are not split.
  const r0 = r[0];
  const cRa = (r0 + median(r.map((v) => ((v - r0 + 540) % 360) - 180)) + 360) % 360;
  const cDec = median(d);
  const maxRadius = options.maxRadius ?? 20;
  const within: number[] = [];
  let far = 0;
  for (let i = 0; i < r.length; i++) {
    const dist = (geoDistance([r[i], d[i]], [cRa, cDec]) * 180) / Math.PI;
    if (dist <= maxRadius) within.push(i);
    else far++;
  }
  if (far > 0.05 * r.length) return mapFrame({ type: "mollweide", center: [cRa, 0] });
  const projection = {
    type: "gnomonic" as const,
    center: [cRa, cDec] as [number, number],
    clipAngle: Math.min(80, maxRadius * 2),
  };
  const fitRa = within.map((i) => r[i]);
  const fitDec = within.map((i) => d[i]);
  // Keep at least minSpan degrees (a single point still gets a readable field).
  const half = (options.minSpan ?? 0.2) / 2;
  fitRa.push(cRa - half / Math.cos((cDec * Math.PI) / 180), cRa + half / Math.cos((cDec * Math.PI) / 180));
  fitDec.push(cDec - half, cDec + half);
  return mapFrame(projection, { fit: { ra: fitRa, dec: fitDec }, margin: 0.08 });
}
