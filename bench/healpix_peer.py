#!/usr/bin/python3
"""healpy side of bench/healpix.ts: a persistent process timing one case per request.

  /usr/bin/python3 bench/healpix_peer.py

stdin, one JSON object per line: first {"n": points} (answered with {"healpy": version, "numpy":
version}), then cases {"key", "kind", "order", "nest", "inclusive", "ra", "dec", "radius" |
"vertices", "reps", "clock"}, kind "ang2pix", "disc" or "polygon", clock "wall" or "cpu" (process
CPU time, for the long ang2pix calls that a loaded machine preempts); each answered with one line
{"key", "count", "median_ms", "best_ms"}. The Node side alternates ours / healpy case by case, so
both sides of a ratio see the same machine load. Needs Debian python3-healpy (benchmarks only).
"""
import json
import sys
import time

import healpy as hp
import numpy as np


def timed(fn, repeat, clock):
    now = time.process_time if clock == "cpu" else time.perf_counter
    times = []
    for _ in range(repeat):
        t0 = now()
        fn()
        times.append(now() - t0)
    times.sort()
    return times[0] * 1e3, times[len(times) // 2] * 1e3


def runner(case, ra, dec):
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


def main():
    spec = json.loads(sys.stdin.readline())
    n = spec["n"]
    rng = np.random.default_rng(42)
    ra = rng.uniform(0.0, 360.0, n)
    dec = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))
    print(json.dumps({"healpy": hp.__version__, "numpy": np.__version__}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        fn = runner(case, ra, dec)
        res = fn()  # warm-up
        fn()
        best, median = timed(fn, case["reps"], case.get("clock", "wall"))
        out = {"key": case["key"], "count": int(len(res)), "best_ms": best, "median_ms": median}
        print(json.dumps(out), flush=True)


main()
