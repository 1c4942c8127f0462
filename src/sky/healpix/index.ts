// Public HEALPix API with healpy's conventions: angles in degrees (RA, Dec), pixel indices as
// `number` for orders 0-24 and as `bigint` (the *Big functions) for orders 0-29. Pixel indices and
// query results equal healpy 1.16's, angles agree within 1e-12 deg (test/golden/healpix/README.md
// lists the documented libm edge cases).
export { ang2pixNest, ang2pixNestBig, ang2pixRing, ang2pixRingBig } from "./ang2pix.js";
export type { PixelArray } from "./batch.js";
export {
  ang2pixNestBatch,
  ang2pixNestBatchBig,
  ang2pixRingBatch,
  pix2angNestBatch,
  pix2angNestBatchBig,
  pix2angRingBatch,
} from "./batch.js";
export {
  boundariesNest,
  boundariesNestBig,
  boundariesNestVectors,
  boundariesNestVectorsBig,
  boundariesRing,
  boundariesRingBig,
} from "./boundaries.js";
export { nest2ring, nest2ringBig, ring2nest, ring2nestBig } from "./convert.js";
export { neighboursNest, neighboursNestBig, neighboursRing, neighboursRingBig } from "./neighbours.js";
export {
  MAX_ORDER,
  MAX_ORDER_NUMBER,
  nside2npix,
  nside2order,
  nside2pixarea,
  nside2resol,
  order2npix,
  order2nside,
  orderPixareaDeg2,
} from "./order.js";
export { pix2angNest, pix2angNestBig, pix2angRing, pix2angRingBig } from "./pix2ang.js";
export { maxPixrad } from "./pixrad.js";
export type { QueryOptions } from "./queryDisc.js";
export { queryDiscNest, queryDiscNestBig, queryDiscNestRanges, queryDiscNestRangesBig } from "./queryDisc.js";
export {
  queryPolygonNest,
  queryPolygonNestBig,
  queryPolygonNestRanges,
  queryPolygonNestRangesBig,
} from "./queryPolygon.js";
export {
  queryDiscRing,
  queryDiscRingBig,
  queryDiscRingRanges,
  queryPolygonRing,
  queryPolygonRingBig,
  queryPolygonRingRanges,
} from "./queryRing.js";
export { rangesToPixels } from "./rangeList.js";
export { orderPix2uniq, orderPix2uniqBig, uniq2orderPix, uniq2orderPixBig } from "./uniq.js";
