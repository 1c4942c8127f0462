#!/usr/bin/python3
"""healpy side of bench/healpix.ts: times the cases it is given, prints JSON.

  /usr/bin/python3 bench/healpix_peer.py < cases.json

stdin: {"n": points, "cases": [{"key", "kind", "order", "nest", "inclusive", "ra", "dec", "radius"
| "vertices", "reps"}]}; kind is "ang2pix", "disc" or "polygon". stdout: {"healpy": version,
"cases": {key: {"count", "median_ms", "best_ms"}}}. Needs Debian python3-healpy (benchmarks only).
"""
import json
import sys
import time

import healpy as hp
import numpy as np

spec = json.load(sys.stdin)
n = spec["n"]
rng = np.random.default_rng(42)
ra = rng.uniform(0.0, 360.0, n)
dec = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return times[0] * 1e3, times[len(times) // 2] * 1e3


def runner(case):
    nside = 2 ** case["order"]
    nest = case["nest"]
    if case["kind"] == "ang2pix":
        return lambda: hp.ang2pix(nside, ra, dec, nest=nest, lonlat=True)
    inclusive = case["inclusive"]
    if case["kind"] == "disc":
        vec = hp.ang2vec(case["ra"], case["dec"], lonlat=True)
        radius = np.radians(case["radius"])
        return lambda: hp.query_disc(nside, vec, radius, inclusive=inclusive, nest=nest)
    v = np.array([hp.ang2vec(a, d, lonlat=True) for a, d in case["vertices"]])
    return lambda: hp.query_polygon(nside, v, inclusive=inclusive, nest=nest)


out = {"healpy": hp.__version__, "numpy": np.__version__, "cases": {}}
for case in spec["cases"]:
    fn = runner(case)
    res = fn()  # warm-up
    fn()
    best, median = timed(fn, case["reps"])
    out["cases"][case["key"]] = {"count": int(len(res)), "best_ms": best, "median_ms": median}
print(json.dumps(out))
