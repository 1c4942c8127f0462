#!/usr/bin/python3
"""Golden HEALPix vectors from healpy (Debian python3-healpy 1.16.1, libhealpix-cxx 3.80).

Run from the repo root:  /usr/bin/python3 scripts/golden/healpy_golden.py
Writes test/golden/healpix/order_XX.bin.gz, queries.bin.gz, big_orders.bin.gz, big_polygons.bin.gz and
big_ring_queries.bin.gz.

Container: gzip( uint32 LE header length | JSON header | 8-byte aligned little-endian arrays ).
The header lists {name, dtype ('f8' | 'i8'), length, offset} and scalar metadata.

Random inputs are NOT stored: both this script and the TypeScript test draw them from the same
xorshift32 stream (see rand_* below and test/sky/healpix/golden.ts), so only healpy's outputs
(and the few hand-picked edge-case inputs) take space.
"""
import gzip
import json
import os
import struct
import sys

import math

import healpy as hp
import mpmath
import numpy as np

mpmath.mp.prec = 200

OUT = "test/golden/healpix"
ORDERS = [0, 1, 3, 6, 10, 12, 15, 20, 24, 29]
N_RANDOM = 10000  # random points per order for ang2pix
N_PIX = 2000  # random pixels per order for pix2ang / nest2ring / ring2nest
N_NEIGH = 1000
N_BOUND = 150


class XorShift32:
    """Marsaglia xorshift32; mirrored bit for bit in golden.ts."""

    def __init__(self, seed):
        self.x = seed & 0xFFFFFFFF or 1

    def u32(self):
        x = self.x
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        self.x = x
        return x

    def unit(self):
        """Uniform double in [0, 1) with 53 random bits (exact in both languages)."""
        a = self.u32()
        b = self.u32()
        return (a * 2097152 + (b >> 11)) / 9007199254740992.0

    def below(self, n):
        """Integer in [0, n) from 64 random bits (n < 2^62)."""
        a = self.u32()
        b = self.u32()
        return ((a << 32) | b) % n


def random_points(order, n):
    """ra uniform in [0, 360); dec uniform in [-90, 90) for 80 %, clustered at the poles and at
    |z| = 2/3 for the rest. All arithmetic is exact-IEEE and repeated in golden.ts."""
    rng = XorShift32(1000 + order)
    ra = np.empty(n)
    dec = np.empty(n)
    for i in range(n):
        kind = rng.u32() % 10
        r = rng.unit() * 360.0
        u = rng.unit()
        if kind < 8:
            d = u * 180.0 - 90.0
        elif kind == 8:
            d = 90.0 - u * 1e-3 if (i & 1) else u * 1e-3 - 90.0
        else:
            d = 41.810314895778596 + (u - 0.5) * 1e-6
            if i & 1:
                d = -d
        ra[i] = r
        dec[i] = d
    return ra, dec


def random_pixels(order, n, seed):
    rng = XorShift32(seed + order)
    npix = 12 * 4**order
    return np.array([rng.below(npix) for _ in range(n)], dtype=np.int64)


def vec_to_lonlat(v):
    """Stable (ra, dec) in degrees of unit vectors (shape (3, n)), used for boundaries."""
    x, y, z = v
    phi = np.arctan2(y, x)
    phi = np.where(phi < 0, phi + 2 * np.pi, phi)
    return np.degrees(phi), np.degrees(np.arctan2(z, np.hypot(x, y)))


def write(path, arrays, meta):
    header = {"meta": meta, "arrays": []}
    blobs = []
    offset = 0
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        if arr.dtype.kind == "f":
            arr = arr.astype("<f8")
            dtype = "f8"
        else:
            arr = arr.astype("<i8")
            dtype = "i8"
        header["arrays"].append({"name": name, "dtype": dtype, "length": int(arr.size), "offset": offset})
        b = arr.tobytes()
        blobs.append(b)
        offset += len(b)
    hjson = json.dumps(header).encode()
    hjson += b" " * ((-(4 + len(hjson))) % 8)
    data = struct.pack("<I", len(hjson)) + hjson + b"".join(blobs)
    with gzip.GzipFile(path, "wb", compresslevel=9, mtime=0) as f:
        f.write(data)


def edge_inputs(order, nest_pixels):
    nside = 2**order
    ras = [0.0, 360.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0, 22.5, 1e-12, 359.9999999999,
           -1e-9, -45.0, 405.0, 720.0, 1080.5, 67.5]
    z23 = float(np.degrees(np.arcsin(2.0 / 3.0)))
    decs = [90.0, -90.0, 90 - 1e-7, -90 + 1e-7, 90 - 1e-12, -90 + 1e-12, 0.0, -0.0, z23, -z23,
            z23 + 1e-10, z23 - 1e-10, -z23 + 1e-10, 41.81031489577859, -41.81031489577859, 89.99, -89.99]
    er = [r for r in ras for d in decs]
    ed = [d for r in ras for d in decs]
    # pixel centres
    cra, cdec = hp.pix2ang(nside, nest_pixels[:500], nest=True, lonlat=True)
    er += list(cra)
    ed += list(cdec)
    # pixel corners and edge midpoints (step 2), healpy's own vectors turned into lon/lat
    pix = list(nest_pixels[:200])
    # face corners, and pixels on the first ring and on the rings at z = +-2/3
    for face in range(12):
        for ix, iy in [(0, 0), (0, nside - 1), (nside - 1, 0), (nside - 1, nside - 1)]:
            pix.append(int(hp.xyf2pix(nside, ix, iy, face, nest=True)))
    ring_pix = []
    for ring_z in [1.0 - 1.0 / (3 * nside * nside), 2.0 / 3.0, -2.0 / 3.0]:
        theta = np.arccos(ring_z)
        ring_pix += list(hp.ang2pix(nside, np.full(8, theta), np.arange(8) * np.pi / 4 + 1e-9, nest=True))
    pix += [int(p) for p in ring_pix]
    b = hp.boundaries(nside, np.array(pix, dtype=np.int64), step=2, nest=True)  # (n, 3, 8)
    v = np.transpose(b, (1, 0, 2)).reshape(3, -1)
    lon, lat = hp.vec2ang(v.T, lonlat=True)
    er += list(lon)
    ed += list(lat)
    return np.array(er), np.array(ed)


def libm_exact(ra, dec):
    """1 where the C library's cos(theta) (and sin(theta) near the poles), as healpy's ang2pix
    computes them, are correctly rounded (checked with mpmath); 0 where glibc is off by more than
    half an ulp. A point exactly on a pixel edge may then land in the other pixel than with a
    correctly rounded cosine; the tests accept a mismatch only at such points."""
    flags = np.ones(len(dec), dtype=np.int64)
    theta = np.pi / 2.0 - np.radians(dec)
    for i, t in enumerate(theta):
        t = float(t)
        if t > math.pi:  # healpy folds theta back over the pole
            t = 2 * math.pi - t
        ok = math.cos(t) == float(mpmath.cos(mpmath.mpf(t)))
        if t < 0.01 or t > 3.14159 - 0.01:
            ok = ok and math.sin(t) == float(mpmath.sin(mpmath.mpf(t)))
        flags[i] = 1 if ok else 0
    return flags


def order_file(order):
    nside = 2**order
    arrays = {}
    ra, dec = random_points(order, N_RANDOM)
    arrays["rand_nest"] = hp.ang2pix(nside, ra, dec, nest=True, lonlat=True)
    arrays["rand_ring"] = hp.ang2pix(nside, ra, dec, nest=False, lonlat=True)

    pix = random_pixels(order, N_PIX, 2000)
    npix = 12 * nside * nside
    ncap = 2 * nside * (nside - 1)
    special = [0, 1, 2, 3, npix - 4, npix - 3, npix - 2, npix - 1, ncap - 1, ncap, npix - ncap - 1, npix - ncap]
    special = [p for p in special if 0 <= p < npix]
    pix = np.concatenate([np.array(special, dtype=np.int64), pix])
    arrays["pix"] = pix
    a, d = hp.pix2ang(nside, pix, nest=True, lonlat=True)
    arrays["pix2ang_nest_ra"], arrays["pix2ang_nest_dec"] = a, d
    a, d = hp.pix2ang(nside, pix, nest=False, lonlat=True)
    arrays["pix2ang_ring_ra"], arrays["pix2ang_ring_dec"] = a, d
    arrays["nest2ring"] = hp.nest2ring(nside, pix)
    arrays["ring2nest"] = hp.ring2nest(nside, pix)

    er, ed = edge_inputs(order, pix[len(special):])
    arrays["edge_ra"], arrays["edge_dec"] = er, ed
    arrays["edge_libm_exact"] = libm_exact(er, ed)
    arrays["edge_nest"] = hp.ang2pix(nside, er, ed, nest=True, lonlat=True)
    arrays["edge_ring"] = hp.ang2pix(nside, er, ed, nest=False, lonlat=True)

    # neighbours (NEST) for random pixels plus all face corner and edge pixels
    npx = list(random_pixels(order, N_NEIGH, 3000))
    for face in range(12):
        for ix, iy in {(0, 0), (0, nside - 1), (nside - 1, 0), (nside - 1, nside - 1),
                       (0, nside // 2), (nside // 2, 0), (nside - 1, nside // 2), (nside // 2, nside - 1)}:
            npx.append(int(hp.xyf2pix(nside, ix, iy, face, nest=True)))
    npx = np.array(npx, dtype=np.int64)
    arrays["neigh_pix"] = npx
    arrays["neigh_nest"] = hp.get_all_neighbours(nside, npx, nest=True).T.reshape(-1)  # (n, 8)
    rpx = hp.nest2ring(nside, npx[:200])
    arrays["neigh_ring_pix"] = rpx
    arrays["neigh_ring"] = hp.get_all_neighbours(nside, rpx, nest=False).T.reshape(-1)

    # boundaries (NEST), step 1 and 3
    bpx = np.concatenate([npx[N_NEIGH:], random_pixels(order, N_BOUND, 4000)])
    arrays["bound_pix"] = bpx
    for step in (1, 3):
        b = hp.boundaries(nside, bpx, step=step, nest=True)  # (n, 3, 4 step)
        v = np.transpose(b, (1, 0, 2)).reshape(3, -1)  # points in pixel-major order
        arrays[f"bound{step}_x"], arrays[f"bound{step}_y"], arrays[f"bound{step}_z"] = v
        arrays[f"bound{step}_ra"], arrays[f"bound{step}_dec"] = vec_to_lonlat(v)

    meta = {
        "order": order,
        "nside": nside,
        "n_random": N_RANDOM,
        "n_special_pix": len(special),
        "max_pixrad": float(hp.max_pixrad(nside)),
        "pixarea": float(hp.nside2pixarea(nside)),
        "pixarea_deg2": float(hp.nside2pixarea(nside, degrees=True)),
        "resol": float(hp.nside2resol(nside)),
        "resol_arcmin": float(hp.nside2resol(nside, arcmin=True)),
    }
    write(f"{OUT}/order_{order:02d}.bin.gz", arrays, meta)


def ranges(pix):
    """Sorted pixel list -> flat [start0, end0, start1, end1, ...] (end exclusive)."""
    pix = np.asarray(pix, dtype=np.int64)
    if pix.size == 0:
        return np.zeros(0, dtype=np.int64)
    breaks = np.nonzero(np.diff(pix) != 1)[0]
    starts = np.concatenate([[pix[0]], pix[breaks + 1]])
    ends = np.concatenate([pix[breaks] + 1, [pix[-1] + 1]])
    return np.stack([starts, ends], axis=1).reshape(-1)


def queries_file():
    cases = []  # metadata per query
    arrays = {}
    centres = [(10.0, 20.0), (0.0, 0.0), (359.9, -30.0), (45.0, 41.81031489577859), (120.0, 89.5),
               (200.0, -89.9), (0.0, 90.0), (55.65, -32.2), (300.0, 66.0), (90.0, -41.9)]
    # radii avoid discs exactly tangent to a ring (e.g. centre dec 20, radius 20 touches z = 0): there
    # healpy's RING algorithm depends on the last bit of cos/atan2 and is not a fair reference
    disc_specs = [(0, [30.0, 89.3]), (1, [20.7, 60.0]), (3, [5.0, 25.0]), (6, [2.0, 6.0]), (10, [0.3, 1.0]),
                  (12, [0.1, 0.25, 1.0]), (14, [1.0]), (15, [0.03]), (20, [0.001]), (24, [0.00006])]
    k = 0
    for order, radii in disc_specs:
        nside = 2**order
        for ci, (ra, dec) in enumerate(centres):
            if order == 14 and ci > 1:
                continue
            vec = hp.ang2vec(ra, dec, lonlat=True)
            for r in radii:
                for nest in (True, False):
                    for inclusive in (False, True):
                        res = hp.query_disc(nside, vec, np.radians(r), inclusive=inclusive, nest=nest)
                        name = f"q{k}"
                        k += 1
                        arrays[name] = ranges(np.sort(res))
                        cases.append({"kind": "disc", "name": name, "order": order, "ra": ra, "dec": dec,
                                      "radius": r, "nest": nest, "inclusive": inclusive, "count": int(res.size)})
    polygons = [
        [(10.0, 10.0), (12.0, 10.0), (12.0, 12.0), (10.0, 12.0)],
        [(55.0, -32.5), (56.3, -32.5), (56.3, -31.9), (55.0, -31.9)],
        [(350.0, -5.0), (10.0, -5.0), (0.0, 8.0)],
        # not symmetric about a pixel boundary: for a whole ring inside an edge's hemisphere
        # healpy's RING query uses dphi = pi - 1e-15, so a tie there hinges on rounding
        [(0.5, 60.2), (90.3, 59.9), (180.2, 60.1), (270.1, 60.3)],
        [(40.3, 35.1), (50.2, 35.4), (52.1, 45.2), (45.3, 48.1), (38.2, 45.3)],
        [(100.0, -70.0), (130.0, -60.0), (110.0, -50.0)],
    ]
    poly_orders = [0, 3, 6, 10, 12, 15]
    for pi, poly in enumerate(polygons):
        pra = np.array([p[0] for p in poly])
        pdec = np.array([p[1] for p in poly])
        verts = hp.ang2vec(pra, pdec, lonlat=True)
        for order in poly_orders:
            if order == 15 and pi not in (1,):
                continue
            if order == 12 and pi in (3, 4):
                continue
            nside = 2**order
            for nest in (True, False):
                for inclusive in (False, True):
                    try:
                        res = hp.query_polygon(nside, verts, inclusive=inclusive, nest=nest)
                    except Exception as e:  # RING inclusive not implemented in some versions
                        print("skip", order, pi, nest, inclusive, e, file=sys.stderr)
                        continue
                    name = f"q{k}"
                    k += 1
                    arrays[name] = ranges(np.sort(res))
                    cases.append({"kind": "polygon", "name": name, "order": order, "vertices": poly,
                                  "nest": nest, "inclusive": inclusive, "count": int(res.size)})
    # Polygons with a vertex on a pixel corner / centre, where healpy's inclusive NEST and RING answers
    # differ: RING tests each edge circle (and the enclosing circle) on its own against the pixel's
    # border sub-pixels, NEST needs one sub-pixel within the margin of all circles at once.
    nside10 = 1024
    corner = hp.vec2ang(hp.boundaries(nside10, 9205158, step=1, nest=True).T, lonlat=True)  # N, W, S, E
    centre = hp.pix2ang(nside10, 9205164, nest=True, lonlat=True)
    touching = [
        # DC2 Run 2 WFD and uDDF footprints (test/data/dc2_visitlist/PROVENANCE.md)
        ([(71.46, -27.25), (73.79, -44.33), (49.92, -44.33), (52.25, -27.25)], [8, 10]),
        ([(53.764, -27.533), (53.771, -28.667), (52.479, -28.667), (52.486, -27.533)], [10, 12]),
        # a vertex exactly on the N corner of NEST pixel 9205158 (order 10)
        ([(float(corner[0][0]), float(corner[1][0])), (53.4, -28.1), (51.9, -28.3)], [8, 10, 12]),
        # a vertex exactly on the centre of NEST pixel 9205164 (order 10)
        ([(float(centre[0]), float(centre[1])), (53.1, -27.9), (51.6, -28.4), (51.3, -27.5)], [10, 12]),
        # a vertex on the equatorial face corner at RA 45
        ([(45.0, 0.0), (47.3, 1.1), (46.2, -2.3)], [6, 10]),
        # a 0.36" triangle: healpy tests corners with normalised edge normals (|hnd| > 1e-10)
        ([(150.0, 2.2), (150.0001, 2.2), (150.00005, 2.20008)], [20, 24]),
    ]
    for poly, orders in touching:
        verts = hp.ang2vec(np.array([p[0] for p in poly]), np.array([p[1] for p in poly]), lonlat=True)
        for order in orders:
            for nest in (True, False):
                for inclusive in (False, True):
                    res = hp.query_polygon(2**order, verts, inclusive=inclusive, nest=nest)
                    name = f"q{k}"
                    k += 1
                    arrays[name] = ranges(np.sort(res))
                    cases.append({"kind": "polygon", "name": name, "order": order, "vertices": poly,
                                  "nest": nest, "inclusive": inclusive, "count": int(res.size)})
    write(f"{OUT}/queries.bin.gz", arrays, {"cases": cases, "healpy": hp.__version__})


def neighbours_boundaries(order, arrays, prefix=""):
    """get_all_neighbours (NEST for random pixels plus every face corner/edge-midpoint pixel, RING for
    200 of them) and boundaries with step 1 and 3; returns the neighbour pixels."""
    nside = 2**order
    npx = list(random_pixels(order, N_NEIGH, 3000))
    for face in range(12):
        for ix, iy in sorted({(0, 0), (0, nside - 1), (nside - 1, 0), (nside - 1, nside - 1),
                              (0, nside // 2), (nside // 2, 0), (nside - 1, nside // 2), (nside // 2, nside - 1)}):
            npx.append(int(hp.xyf2pix(nside, ix, iy, face, nest=True)))
    npx = np.array(npx, dtype=np.int64)
    arrays[prefix + "neigh_pix"] = npx
    arrays[prefix + "neigh_nest"] = hp.get_all_neighbours(nside, npx, nest=True).T.reshape(-1)  # (n, 8)
    rpx = hp.nest2ring(nside, npx[:200])
    arrays[prefix + "neigh_ring_pix"] = rpx
    arrays[prefix + "neigh_ring"] = hp.get_all_neighbours(nside, rpx, nest=False).T.reshape(-1)
    bpx = np.concatenate([npx[N_NEIGH:], random_pixels(order, N_BOUND, 4000)])
    arrays[prefix + "bound_pix"] = bpx
    for step in (1, 3):
        b = hp.boundaries(nside, bpx, step=step, nest=True)  # (n, 3, 4 step)
        v = np.transpose(b, (1, 0, 2)).reshape(3, -1)  # points in pixel-major order
        arrays[f"{prefix}bound{step}_x"], arrays[f"{prefix}bound{step}_y"], arrays[f"{prefix}bound{step}_z"] = v
        arrays[f"{prefix}bound{step}_ra"], arrays[f"{prefix}bound{step}_dec"] = vec_to_lonlat(v)
    rb = hp.boundaries(nside, rpx[:50], step=2, nest=False)  # RING boundaries, step 2
    v = np.transpose(rb, (1, 0, 2)).reshape(3, -1)
    arrays[f"{prefix}ring_bound2_ra"], arrays[f"{prefix}ring_bound2_dec"] = vec_to_lonlat(v)
    return npx


def glibc_ang2vec(ra, dec):
    """hp.ang2vec(ra, dec, lonlat=True) with the C library's (correctly rounded) sin/cos instead of
    numpy's: numpy 1.24 on AVX-512 machines uses SVML sin/cos, which differ from glibc (and from the
    exact value) by one ulp for e.g. (300, 66) and (10, 20); at order 29 that ulp changes the answer
    of a milliarcsecond disc."""
    theta = math.pi / 2.0 - dec * (math.pi / 180.0)
    phi = ra * (math.pi / 180.0)
    st = math.sin(theta)
    return np.array([st * math.cos(phi), st * math.sin(phi), math.cos(theta)])


def big_orders_file():
    """Orders 25 and 29 (bigint API): neighbours and boundaries at order 25 (order 29's are in
    order_29.bin.gz, made by order_file) plus RING boundaries at 29, and NEST query_disc of
    milliarcsecond discs (stored as ranges). healpy tests cos(distance) against cos(radius), which
    loses all resolution below ~3 mas (1 - cos r < 1 ulp), so at order 29 it answers nothing for a
    disc of a few pixels: the order-29 radii are 5 and 20 mas (hundreds to thousands of pixels,
    still only a few ulps of 1 - cos r, where skygate must round exactly as healpy). healpy's inclusive query needs order + log2(fact) <= 29: fact 4 at 25,
    fact 1 at 29 (healpy aborts otherwise)."""
    arrays = {}
    neighbours_boundaries(25, arrays, "o25_")
    nside29 = 2**29
    rpx = hp.nest2ring(nside29, random_pixels(29, 50, 3000))
    arrays["o29_ring_bound_pix"] = rpx
    rb = hp.boundaries(nside29, rpx, step=2, nest=False)
    v = np.transpose(rb, (1, 0, 2)).reshape(3, -1)
    arrays["o29_ring_bound2_ra"], arrays["o29_ring_bound2_dec"] = vec_to_lonlat(v)
    z23 = float(np.degrees(np.arcsin(2.0 / 3.0)))
    centres = [(10.0, 20.0), (0.0, 0.0), (359.99999, -30.0), (45.0, z23), (120.0, 89.99999),
               (200.0, -90.0), (55.65, -32.2), (300.0, 66.0)]
    # pixel side: 6.3 mas at order 25, 0.39 mas at order 29
    # order 12 with fact 1: inclusive without oversampling (touching pixels of the final order only)
    specs = [(25, [0.01, 0.03], 4), (29, [0.005, 0.02], 1), (12, [900.0], 1)]
    cases = []
    k = 0
    for order, radii_arcsec, fact in specs:
        nside = 2**order
        for ra, dec in centres:
            vec = glibc_ang2vec(ra, dec)
            for r in radii_arcsec:
                for inclusive in (False, True):
                    res = hp.query_disc(nside, vec, np.radians(r / 3600.0), inclusive=inclusive, fact=fact,
                                        nest=True)
                    name = f"d{k}"
                    k += 1
                    arrays[name] = ranges(np.sort(res))
                    cases.append({"name": name, "order": order, "ra": ra, "dec": dec, "radius_deg": r / 3600.0,
                                  "inclusive": inclusive, "fact": fact, "count": int(res.size)})
    write(f"{OUT}/big_orders.bin.gz", arrays, {"cases": cases, "healpy": hp.__version__})

def big_polygons_file():
    """NEST query_polygon at orders 25 and 29 (bigint API): tiny convex polygons (tens of mas at
    order 25, a few mas at order 29, where a pixel is 0.39 mas), exact and inclusive (fact 4 at 25,
    fact 1 at 29: healpy needs order + log2(fact) <= 29). Corners are made with glibc's sin/cos
    (glibc_ang2vec), as for the big discs; healpy turns them into pointings and back itself."""
    arrays = {}
    mas = 1.0 / 3600000.0  # degrees
    # (ra, dec) of a reference point and the corners' offsets from it in mas (dx along ra * cos dec)
    shapes = [
        ("triangle", [(0.0, 0.0), (1.0, 0.1), (0.4, 0.9)]),
        ("square", [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]),
        ("pentagon", [(0.0, -0.6), (0.55, -0.2), (0.35, 0.5), (-0.35, 0.5), (-0.55, -0.2)]),
    ]
    centres = [(10.0, 20.0), (0.0, 0.0), (55.65, -32.2), (300.0, 66.0), (120.0, 89.99)]
    # order, polygon sizes in mas, inclusive fact. The inclusive bound circle of a 4 mas polygon has
    # 1 - cos(radius) below one ulp, so healpy's inclusive answer there can hold fewer pixels than
    # the exact one; skygate repeats that rounding, and the 20 mas cases show the normal behaviour.
    specs = [(25, [40.0], 4), (29, [4.0, 20.0], 1)]
    cases = []
    k = 0
    for order, sizes, fact in specs:
        nside = 2**order
        for ci, (ra, dec) in enumerate(centres):
            for size in sizes:
                sname, offsets = shapes[ci % len(shapes)]
                cosd = math.cos(math.radians(dec))
                corners = [(ra + dx * size * mas / cosd, dec + dy * size * mas) for dx, dy in offsets]
                vecs = np.array([glibc_ang2vec(a, d) for a, d in corners])
                for inclusive in (False, True):
                    res = hp.query_polygon(nside, vecs, inclusive=inclusive, fact=fact, nest=True)
                    name = f"p{k}"
                    k += 1
                    arrays[name] = ranges(np.sort(res))
                    cases.append({"name": name, "order": order, "shape": sname, "corners": [list(c) for c in corners],
                                  "inclusive": inclusive, "fact": fact, "count": int(res.size)})
    write(f"{OUT}/big_polygons.bin.gz", arrays, {"cases": cases, "healpy": hp.__version__})


def big_ring_queries_file():
    """RING query_disc and query_polygon(nest=False) at orders 25 and 29 (bigint API): tiny discs
    (5-30 mas; an order-29 pixel is 0.39 mas), exact and inclusive, and inclusive tiny squares, all
    with fact 1. Centres and corners are made with glibc's sin/cos (glibc_ang2vec), as for the NEST
    cases. Kept to what healpy answers quickly: with fact 4 its check_pixel_ring may test whole rings
    of 4 nside pixels (30 s for one 10 mas disc at order 25), and an exact RING polygon walks every
    ring between its edge circles' latitude bounds (millions of rings; the inclusive enclosing circle
    bounds the walk). Results are stored as sorted RING [start, end) ranges; each disc also as NEST
    ranges (`<name>_nest`)."""
    arrays = {}
    mas = 1.0 / 3600000.0  # degrees
    z23 = float(np.degrees(np.arcsin(2.0 / 3.0)))
    centres = [(10.0, 20.0), (0.0, 0.0), (359.99999, -30.0), (45.0, z23), (120.0, 89.99999),
               (55.65, -32.2), (300.0, 66.0)]
    square = [(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5)]
    specs = [(25, [10.0, 30.0], [40.0]), (29, [5.0, 15.0], [5.0, 20.0])]  # order, radii, square sides (mas)
    cases = []
    k = 0
    for order, radii, sizes in specs:
        nside = 2**order
        for ra, dec in centres:
            vec = glibc_ang2vec(ra, dec)
            for r in radii:
                for inclusive in (False, True):
                    res = hp.query_disc(nside, vec, np.radians(r * mas), inclusive=inclusive, fact=1, nest=False)
                    name = f"r{k}"
                    k += 1
                    arrays[name] = ranges(np.sort(res))
                    # the same disc with nest=True: at these orders healpy's two schemes disagree on
                    # edge pixels (1 - cos r is a few ulps and the two algorithms round differently)
                    nres = hp.query_disc(nside, vec, np.radians(r * mas), inclusive=inclusive, fact=1, nest=True)
                    arrays[name + "_nest"] = ranges(np.sort(nres))
                    cases.append({"kind": "disc", "name": name, "order": order, "ra": ra, "dec": dec,
                                  "radius_deg": r * mas, "inclusive": inclusive, "fact": 1, "count": int(res.size)})
            cosd = math.cos(math.radians(dec))
            for size in sizes:
                corners = [(ra + dx * size * mas / cosd, dec + dy * size * mas) for dx, dy in square]
                vecs = np.array([glibc_ang2vec(a, d) for a, d in corners])
                res = hp.query_polygon(nside, vecs, inclusive=True, fact=1, nest=False)
                name = f"r{k}"
                k += 1
                arrays[name] = ranges(np.sort(res))
                cases.append({"kind": "polygon", "name": name, "order": order, "corners": [list(c) for c in corners],
                              "inclusive": True, "fact": 1, "count": int(res.size)})
    write(f"{OUT}/big_ring_queries.bin.gz", arrays, {"cases": cases, "healpy": hp.__version__})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for o in ORDERS:
        order_file(o)
        print("order", o, "done", file=sys.stderr)
    queries_file()
    big_orders_file()
    big_polygons_file()
    big_ring_queries_file()
