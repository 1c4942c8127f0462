#!/usr/bin/python3
"""Golden data for src/sky/polygon.ts, by methods independent of ours.

Run: /usr/bin/python3 scripts/golden/sky_polygons.py  -> test/golden/sky/polygons.json
* Random convex polygons (corners on a small circle, random winding), radius 1e-4 .. 40 deg.
* area_sr: L'Huilier's theorem on a fan of triangles, side lengths from mpmath at 40 digits.
* inside: planar point-in-polygon (crossing rule) in the gnomonic projection about the polygon centre
  (great circles are straight lines there); points within 1e-9 (relative) of an edge are dropped.
* disc_distance: distance from a disc centre to the polygon from 4000 samples per edge (astropy separation),
  i.e. an upper bound within ~ (edge length / 4000)^2 of the truth; discs are kept only when their radius is
  at least 1 % away from that distance, so the overlap answer is unambiguous.
"""
import json
import os

import astropy
import astropy.units as u
import mpmath
import numpy as np
from astropy.coordinates import SkyCoord

rng = np.random.default_rng(11235)
mpmath.mp.dps = 40


def unit(ra, dec):
    ra, dec = np.radians(ra), np.radians(dec)
    return np.stack([np.cos(dec) * np.cos(ra), np.cos(dec) * np.sin(ra), np.sin(dec)], axis=-1)


def radec(v):
    v = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return np.degrees(np.arctan2(v[..., 1], v[..., 0])) % 360, np.degrees(np.arcsin(np.clip(v[..., 2], -1, 1)))


def tangent_basis(c):
    ref = np.array([0.0, 0.0, 1.0]) if abs(c[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    e = np.cross(ref, c)
    e /= np.linalg.norm(e)
    n = np.cross(c, e)
    return e, n


def mp_vec(ra, dec):
    a, d = mpmath.radians(mpmath.mpf(float(ra))), mpmath.radians(mpmath.mpf(float(dec)))
    return [mpmath.cos(d) * mpmath.cos(a), mpmath.cos(d) * mpmath.sin(a), mpmath.sin(d)]


def mp_side(p, q):
    cx = [p[1] * q[2] - p[2] * q[1], p[2] * q[0] - p[0] * q[2], p[0] * q[1] - p[1] * q[0]]
    return mpmath.atan2(mpmath.sqrt(sum(x * x for x in cx)), sum(x * y for x, y in zip(p, q)))


def lhuilier(p, q, r):
    a, b, c = mp_side(q, r), mp_side(p, r), mp_side(p, q)
    s = (a + b + c) / 2
    t = mpmath.tan(s / 2) * mpmath.tan((s - a) / 2) * mpmath.tan((s - b) / 2) * mpmath.tan((s - c) / 2)
    return 4 * mpmath.atan(mpmath.sqrt(max(t, mpmath.mpf(0))))


polygons = []
for k in range(120):
    cra = rng.uniform(0, 360)
    cdec = np.degrees(np.arcsin(rng.uniform(-1, 1)))
    if k < 6:  # a few at the poles and across RA 0
        cra, cdec = [(0.0, 89.9), (10.0, -89.99), (0.0, 0.0), (359.99, -30.0), (180.0, 60.0), (0.001, 45.0)][k]
    radius = 10 ** rng.uniform(-4, np.log10(40))
    nv = int(rng.integers(3, 9))
    ang = np.sort(rng.uniform(0, 2 * np.pi, nv))
    c = unit(cra, cdec)
    e, n = tangent_basis(c)
    rr = np.radians(radius)
    verts = np.cos(rr) * c + np.sin(rr) * (np.cos(ang)[:, None] * e + np.sin(ang)[:, None] * n)
    if rng.uniform() < 0.5:
        verts = verts[::-1]
    vra, vdec = radec(verts)
    mv = [mp_vec(a, d) for a, d in zip(vra, vdec)]
    area = sum(lhuilier(mv[0], mv[i], mv[i + 1]) for i in range(1, nv - 1))

    # Gnomonic projection about the centre; vertices (from the rounded ra/dec) as plane points.
    vv = unit(vra, vdec)
    poly2 = np.stack([vv @ e / (vv @ c), vv @ n / (vv @ c)], axis=1)
    # Test points: uniform in a cap of 1.6 x radius around the centre.
    m = 60
    pr = rr * 1.6 * np.sqrt(rng.uniform(0, 1, m))
    pa = rng.uniform(0, 2 * np.pi, m)
    pts = np.cos(pr)[:, None] * c + np.sin(pr)[:, None] * (np.cos(pa)[:, None] * e + np.sin(pa)[:, None] * n)
    pra, pdec = radec(pts)
    pv = unit(pra, pdec)
    xy = np.stack([pv @ e / (pv @ c), pv @ n / (pv @ c)], axis=1)
    inside = []
    keep = []
    for j, (x, y) in enumerate(xy):
        crossings = 0
        near = False
        scale = np.max(np.abs(poly2))
        for i in range(nv):
            (x1, y1), (x2, y2) = poly2[i], poly2[(i + 1) % nv]
            seg = np.hypot(x2 - x1, y2 - y1)
            if abs((x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)) / seg < 1e-9 * scale:
                near = True
            if (y1 > y) != (y2 > y):
                xc = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if x < xc:
                    crossings += 1
        if not near:
            keep.append(j)
            inside.append(crossings % 2 == 1)

    # Discs: centre anywhere within 3 x radius, radius up to 2 x polygon radius.
    nd = 20
    dr = rr * 3 * np.sqrt(rng.uniform(0, 1, nd))
    dpa = rng.uniform(0, 2 * np.pi, nd)
    dc = np.cos(dr)[:, None] * c + np.sin(dr)[:, None] * (np.cos(dpa)[:, None] * e + np.sin(dpa)[:, None] * n)
    dra, ddec = radec(dc)
    t = np.linspace(0, 1, 4001)
    samples = []
    for i in range(nv):
        a, b = vv[i], vv[(i + 1) % nv]
        w = np.arccos(np.clip(a @ b, -1, 1))
        s = (np.sin((1 - t) * w)[:, None] * a + np.sin(t * w)[:, None] * b) / np.sin(w)
        samples.append(s)
    samples = np.concatenate(samples)
    sra, sdec = radec(samples)
    edge_coords = SkyCoord(sra * u.deg, sdec * u.deg)
    discs = []
    for j in range(nd):
        centre = SkyCoord(dra[j] * u.deg, ddec[j] * u.deg)
        dist = centre.separation(edge_coords).deg.min()
        # inside? planar test in the gnomonic plane
        q = unit(dra[j], ddec[j])
        x, y = q @ e / (q @ c), q @ n / (q @ c)
        crossings = 0
        for i in range(nv):
            (x1, y1), (x2, y2) = poly2[i], poly2[(i + 1) % nv]
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
        if crossings % 2 == 1:
            dist = 0.0
        rad = float(radius * rng.uniform(0.01, 2.0))
        if dist > 0 and abs(rad - dist) < 0.01 * dist:
            continue
        discs.append({"ra": float(dra[j]), "dec": float(ddec[j]), "radius": rad, "distance": float(dist),
                      "overlaps": bool(dist <= rad)})

    polygons.append({
        "corners": [[float(a), float(d)] for a, d in zip(vra, vdec)],
        "area_sr": float(area),
        "points": [[float(pra[j]), float(pdec[j])] for j in keep],
        "inside": inside,
        "discs": discs,
    })

out = {
    "generator": "scripts/golden/sky_polygons.py",
    "astropy": astropy.__version__,
    "numpy": np.__version__,
    "mpmath": mpmath.__version__,
    "polygons": polygons,
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "golden", "sky", "polygons.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path), len(polygons), "polygons")
