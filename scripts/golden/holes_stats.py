# Golden values for src/holes/stats.ts: Poisson lower tails (scipy gammaincc / gamma.logsf) and one-sided
# Gaussian significances (scipy ndtri / ndtri_exp). Run: python3 scripts/golden/holes_stats.py
import json, math
import mpmath
from scipy import special, stats
cases = []
for k, mean in [(0,1),(0,30),(3,30),(10,20.5),(15.2,40.1),(100,200),(450,500),(0,2000),(5,1e4),(900,1000),(20,18),(50,40),(7.5,3.3)]:
    q = special.gammaincc(k + 1, mean)
    # scipy underflows below 1e-308: take those from mpmath's arbitrary-precision gammainc instead.
    logcdf = math.log(q) if q > 1e-300 else float(mpmath.log(mpmath.gammainc(k + 1, mean, mpmath.inf, regularized=True)))
    cases.append({"k": k, "mean": mean, "logcdf": logcdf})
sig = []
for lp in [-1, -5, -20, -100, -700, -2000, -1e5]:
    sig.append({"logP": lp, "sigma": float(-special.ndtri(math.exp(lp))) if lp > -700 else float(stats.norm.isf(0) if False else -special.ndtri_exp(lp))})
json.dump({"generator": "scripts/golden/holes_stats.py (scipy %s, mpmath %s)" % (__import__("scipy").__version__, mpmath.__version__), "poisson": cases, "sigma": sig}, open("test/golden/holes/stats.json", "w"), indent=1)
