#!/usr/bin/python3
"""Golden data for src/sky/moc from healpy (Debian python3-healpy).

Run: /usr/bin/python3 scripts/golden/sky_moc.py  -> test/golden/sky/moc.json
* query_polygon / query_disc (nest=True), inclusive False and True, at several orders.
* The DC2 WFD footprint (test/data/dc2_visitlist, RING nside 1024): NEST cells, area from
  nside2pixarea, connected components (breadth-first search over healpy get_all_neighbours, edge
  neighbours SW/NW/NE/SE only), boundary edge count, and the same at order 8 after degrading.
* A constructed set whose cells touch only at corners (separate components).
"""
import json
import os
from collections import deque

import healpy as hp
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
EXTERNAL = os.path.join(REPO, "test", "data")  # copies of real public data, see each PROVENANCE.md
rng = np.random.default_rng(4242)


def runs(cells):
    """Sorted cells as flat run boundaries [first, last + 1, ...] (keeps the file small)."""
    out = []
    for c in sorted(int(x) for x in cells):
        if out and c == out[-1]:
            out[-1] = c + 1
        elif not out or c > out[-1]:
            out += [c, c + 1]
    return out


def vec(ra, dec):
    return hp.ang2vec(ra, dec, lonlat=True)


def polygon_case(order, corners):
    nside = 2**order
    v = np.array([vec(a, d) for a, d in corners])
    return {
        "order": order,
        "corners": corners,
        "exclusive": runs(hp.query_polygon(nside, v, inclusive=False, nest=True)),
        "inclusive": runs(hp.query_polygon(nside, v, inclusive=True, nest=True)),
    }


def disc_case(order, ra, dec, radius):
    nside = 2**order
    return {
        "order": order,
        "ra": ra,
        "dec": dec,
        "radius": radius,
        "exclusive": runs(hp.query_disc(nside, vec(ra, dec), np.radians(radius), inclusive=False, nest=True)),
        "inclusive": runs(hp.query_disc(nside, vec(ra, dec), np.radians(radius), inclusive=True, nest=True)),
    }


def random_convex(cra, cdec, radius, n):
    c = vec(cra, cdec)
    ref = np.array([0.0, 0.0, 1.0]) if abs(c[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    e = np.cross(ref, c)
    e /= np.linalg.norm(e)
    nn = np.cross(c, e)
    ang = np.sort(rng.uniform(0, 2 * np.pi, n))
    r = np.radians(radius)
    pts = np.cos(r) * c + np.sin(r) * (np.cos(ang)[:, None] * e + np.sin(ang)[:, None] * nn)
    ra, dec = hp.vec2ang(pts, lonlat=True)
    return [[float(a), float(d)] for a, d in zip(ra, dec)]


wfd = [[71.46, -27.25], [73.79, -44.33], [49.92, -44.33], [52.25, -27.25]]
polygons = [polygon_case(10, wfd), polygon_case(6, wfd), polygon_case(12, [[53.764, -27.533], [53.771, -28.667], [52.479, -28.667], [52.486, -27.533]])]
for order, (cra, cdec, rad) in zip([5, 8, 9, 11], [(10.0, 80.0, 8.0), (200.0, -10.0, 3.0), (359.5, 0.5, 2.0), (120.0, 45.0, 0.3)]):
    polygons.append(polygon_case(order, random_convex(cra, cdec, rad, int(rng.integers(3, 8)))))

discs = [disc_case(o, ra, d, r) for o, ra, d, r in [(10, 55.65, -32.2, 1.0), (6, 0.0, 90.0, 5.0), (8, 359.9, -0.1, 2.5), (12, 150.1, 2.2, 0.2), (3, 45.0, 30.0, 20.0)]]

# DC2 WFD footprint.
ring = np.loadtxt(os.path.join(EXTERNAL, "dc2_visitlist", "DC2RegionPixels_minion1016_v3_WFDvisits_nside1024_WFDvisitsInWFD.csv.gz"), skiprows=1, dtype=np.int64)
nside = 1024
nest = np.sort(hp.ring2nest(nside, ring))


def components(order, cells):
    ns = 2**order
    cellset = set(int(c) for c in cells)
    seen = set()
    sizes = []
    for c in sorted(cellset):
        if c in seen:
            continue
        q = deque([c])
        seen.add(c)
        size = 0
        while q:
            x = q.popleft()
            size += 1
            nb = hp.get_all_neighbours(ns, x, nest=True)
            for d in (0, 2, 4, 6):  # SW, NW, NE, SE share an edge
                y = int(nb[d])
                if y >= 0 and y in cellset and y not in seen:
                    seen.add(y)
                    q.append(y)
        sizes.append(size)
    return sorted(sizes, reverse=True)


def boundary_edges(order, cells):
    ns = 2**order
    cellset = set(int(c) for c in cells)
    count = 0
    for c in cellset:
        nb = hp.get_all_neighbours(ns, c, nest=True)
        for d in (0, 2, 4, 6):
            if nb[d] < 0 or int(nb[d]) not in cellset:
                count += 1
    return count


order8 = np.unique(nest // 16)
# A constructed set at order 4: a 2x2 block, a cell touching it only at a corner, and a far cell.
ns4 = 16
block = [0, 1, 2, 3]
corner_touch = int(hp.get_all_neighbours(ns4, 3, nest=True)[3])  # N neighbour of cell 3: shares a corner only
constructed = sorted(set(block + [corner_touch, 3000]))

out = {
    "generator": "scripts/golden/sky_moc.py",
    "healpy": hp.__version__,
    "numpy": np.__version__,
    "polygons": polygons,
    "discs": discs,
    "dc2_wfd": {
        "order": 10,
        "nest_runs": runs(nest),
        "area_deg2": float(len(ring) * hp.nside2pixarea(nside, degrees=True)),
        "component_sizes": components(10, nest),
        "boundary_edges": boundary_edges(10, nest),
        "order8_runs": runs(order8),
        "order8_component_sizes": components(8, order8),
        "order8_boundary_edges": boundary_edges(8, order8),
    },
    "constructed": {
        "order": 4,
        "cells": constructed,
        "component_sizes": components(4, constructed),
        "boundary_edges": boundary_edges(4, constructed),
    },
}
path = os.path.join(REPO, "test", "golden", "sky", "moc.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", path, "polygons", len(polygons), "discs", len(discs), "wfd components", out["dc2_wfd"]["component_sizes"][:5])
