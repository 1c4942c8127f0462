#!/usr/bin/python3
"""healpy side of bench/plots.ts: times healpy's Mollweide rasterization of a dense order-10 map, prints JSON.

  /usr/bin/python3 bench/plots_peer.py [xsize]

healpy.projector.MollweideProj.projmap is what healpy.mollview draws (xsize 1000 gives 1000 x 500).
Needs Debian python3-healpy (benchmarks only).
"""
import json
import sys
import time

import healpy as hp
import numpy as np

xsize = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
nside = 1024
m = np.arange(hp.nside2npix(nside), dtype=np.float64)
proj = hp.projector.MollweideProj(xsize=xsize)
f = lambda x, y, z: hp.vec2pix(nside, x, y, z, nest=True)  # noqa: E731
times = []
for _ in range(3):
    t0 = time.perf_counter()
    img = proj.projmap(m, f)
    times.append(time.perf_counter() - t0)
print(json.dumps({"healpy": hp.__version__, "shape": list(img.shape), "best_s": min(times)}))
