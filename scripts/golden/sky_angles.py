#!/usr/bin/python3
"""Golden data for src/sky/angles.ts: separations and position angles from astropy (Debian python3-astropy).

Run: /usr/bin/python3 scripts/golden/sky_angles.py  -> test/golden/sky/angles.json
Cases: random pairs, tiny separations (1e-12 .. 1 deg), near-antipodal pairs, poles, RA wrap 0/360.
astropy converts each angle to radians before subtracting, which costs ~1e-14 deg absolute; for tiny
separations the exact reference is computed with mpmath at 40 digits from the same float64 inputs.
"""
import json
import os

import astropy
import astropy.units as u
import mpmath
import numpy as np
from astropy.coordinates import Angle, SkyCoord

rng = np.random.default_rng(20261123)


def random_points(n):
    ra = rng.uniform(0, 360, n)
    dec = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    return ra, dec


ra1, dec1 = random_points(600)
ra2, dec2 = random_points(600)

# Tiny separations: offset point 1 by 10^k degrees in a random direction.
n_tiny = 400
tra, tdec = random_points(n_tiny)
tdec = np.clip(tdec, -89.0, 89.0)
scale = 10.0 ** rng.uniform(-12, 0, n_tiny)
theta = rng.uniform(0, 2 * np.pi, n_tiny)
tra2 = tra + scale * np.sin(theta) / np.cos(np.radians(tdec))
tdec2 = tdec + scale * np.cos(theta)

# Near-antipodal: the antipode moved by 10^k degrees.
n_anti = 300
ara, adec = random_points(n_anti)
adec = np.clip(adec, -89.0, 89.0)
ascale = 10.0 ** rng.uniform(-9, -1, n_anti)
atheta = rng.uniform(0, 2 * np.pi, n_anti)
ara2 = (ara + 180.0) + ascale * np.sin(atheta) / np.cos(np.radians(adec))
adec2 = -adec + ascale * np.cos(atheta)

# Hand-picked edge cases: poles, RA wrap, identical points.
edge = [
    (0.0, 90.0, 180.0, 89.0),
    (0.0, -90.0, 123.0, -90.0),
    (359.9999, 0.0, 0.0001, 0.0),
    (0.0, 0.0, 0.0, 0.0),
    (10.0, 20.0, 10.0, 20.0),
    (0.0, 0.0, 180.0, 0.0),
    (45.0, 30.0, 225.0, -30.0),
    (350.0, -10.0, 10.0, 10.0),
    (0.0, 89.999999, 180.0, 89.999999),
]
era1, edec1, era2, edec2 = (np.array(c) for c in zip(*edge))

ra1 = np.concatenate([ra1, tra, ara, era1])
dec1 = np.concatenate([dec1, tdec, adec, edec1])
ra2 = np.concatenate([ra2, tra2, ara2, era2])
dec2 = np.concatenate([dec2, tdec2, adec2, edec2])
dec2 = np.clip(dec2, -90.0, 90.0)

c1 = SkyCoord(ra1 * u.deg, dec1 * u.deg, frame="icrs")
c2 = SkyCoord(ra2 * u.deg, dec2 * u.deg, frame="icrs")
sep = c1.separation(c2).deg
pa = c1.position_angle(c2).wrap_at(360 * u.deg).deg

mpmath.mp.dps = 40


def mp_sep_pa(a1, d1, a2, d2):
    """Exact (40-digit) separation and position angle, degrees, of float64 inputs."""
    a1, d1, a2, d2 = (mpmath.radians(mpmath.mpf(float(x))) for x in (a1, d1, a2, d2))
    dra = a2 - a1
    x = mpmath.cos(d1) * mpmath.sin(d2) - mpmath.sin(d1) * mpmath.cos(d2) * mpmath.cos(dra)
    y = mpmath.cos(d2) * mpmath.sin(dra)
    z = mpmath.sin(d1) * mpmath.sin(d2) + mpmath.cos(d1) * mpmath.cos(d2) * mpmath.cos(dra)
    sep = mpmath.degrees(mpmath.atan2(mpmath.sqrt(x * x + y * y), z))
    pa = mpmath.degrees(mpmath.atan2(y, x)) % 360
    return float(sep), float(pa)


exact = [mp_sep_pa(*args) for args in zip(ra1, dec1, ra2, dec2)]
sep_exact = [e[0] for e in exact]
pa_exact = [e[1] for e in exact]

# RA normalisation and signed wrap difference.
wrap_in = np.concatenate([rng.uniform(-1000, 1000, 200), [-360.0, -0.0, 0.0, 360.0, 720.0, -1e-9, 359.999999999]])
wrapped = Angle(wrap_in * u.deg).wrap_at(360 * u.deg).deg
wrap_a = rng.uniform(-720, 720, 200)
wrap_b = rng.uniform(-720, 720, 200)
diff = Angle((wrap_a - wrap_b) * u.deg).wrap_at(180 * u.deg).deg

out = {
    "generator": "scripts/golden/sky_angles.py",
    "astropy": astropy.__version__,
    "numpy": np.__version__,
    "mpmath": mpmath.__version__,
    "pairs": {
        "ra1": ra1.tolist(),
        "dec1": dec1.tolist(),
        "ra2": ra2.tolist(),
        "dec2": dec2.tolist(),
        "separation": sep.tolist(),
        "position_angle": pa.tolist(),
        "separation_exact": sep_exact,
        "position_angle_exact": pa_exact,
    },
    "wrap360": {"in": wrap_in.tolist(), "out": wrapped.tolist()},
    "wrap180_diff": {"a": wrap_a.tolist(), "b": wrap_b.tolist(), "out": diff.tolist()},
}
path = os.path.join(os.path.dirname(__file__), "..", "..", "test", "golden", "sky", "angles.json")
with open(path, "w") as f:
    json.dump(out, f, separators=(",", ":"))
print("wrote", os.path.normpath(path), len(ra1), "pairs")
