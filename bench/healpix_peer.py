#!/usr/bin/python3
"""healpy side of bench/healpix.ts: times healpy's vectorized ang2pix and query_disc, prints JSON.

  /usr/bin/python3 bench/healpix_peer.py [N]

Needs Debian python3-healpy (not needed by CI; benchmarks only).
"""
import json
import sys
import time

import healpy as hp
import numpy as np

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
rng = np.random.default_rng(42)
ra = rng.uniform(0.0, 360.0, n)
dec = np.degrees(np.arcsin(rng.uniform(-1.0, 1.0, n)))


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), sorted(times)[len(times) // 2]


out = {"healpy": hp.__version__, "numpy": np.__version__, "n": n}
t_best, t_med = best(lambda: hp.ang2pix(4096, ra, dec, nest=True, lonlat=True), 3)
out["ang2pix_nest_o12_s"] = t_best
out["ang2pix_nest_o12_median_s"] = t_med
vec = hp.ang2vec(10.0, 20.0, lonlat=True)
for order, reps in ((12, 200), (14, 30)):
    nside = 2**order
    count = len(hp.query_disc(nside, vec, np.radians(1.0), nest=True))
    t_best, t_med = best(lambda: hp.query_disc(nside, vec, np.radians(1.0), nest=True), reps)
    out[f"query_disc_o{order}"] = {"count": count, "best_ms": t_best * 1e3, "median_ms": t_med * 1e3}
    t_best, t_med = best(lambda: hp.query_disc(nside, vec, np.radians(1.0), nest=True, inclusive=True), reps)
    out[f"query_disc_inclusive_o{order}"] = {"best_ms": t_best * 1e3, "median_ms": t_med * 1e3}
print(json.dumps(out))
