/** A map frame: a projection and the extent of it shown; every layer draws into one. */
import { fitExtent, sphereExtent } from "./frame.js";
import { type SkyProjection, type SkyProjectionOptions, skyProjection } from "./projection.js";
import type { Extent } from "./types.js";

/** What part of the sky a map shows: projection centre and extent. */
export interface MapFrame {
  readonly projection: SkyProjection;
  readonly extent: Extent;
  /** True when the extent is the whole projected sphere. */
  readonly whole: boolean;
}

/** How to choose the visible extent: the whole sphere, a fixed rectangle, or a fit to positions. */
export type FrameSpec =
  | "sky"
  | { extent: Extent }
  | { fit: { ra: ArrayLike<number>; dec: ArrayLike<number> }; margin?: number };

/**
 * A frame from projection options and a frame spec (default: the whole sky).
 * @example mapFrame({ type: "hammer" }).whole // true
 */
export function mapFrame(
  options: SkyProjectionOptions | SkyProjection = {},
  frame: FrameSpec = "sky",
): MapFrame {
  const projection = "project" in options ? options : skyProjection(options);
  if (frame === "sky") return { projection, extent: sphereExtent(projection), whole: true };
  if ("extent" in frame) return { projection, extent: frame.extent, whole: false };
  return {
    projection,
    extent: fitExtent(projection, frame.fit.ra, frame.fit.dec, frame.margin),
    whole: false,
  };
}
