#!/usr/bin/env python3
"""Golden counts for the check tests on real data, computed with astropy (an independent reader).

Writes test/golden/checks/real-data.json. Run with the Debian python that has astropy:
    /usr/bin/python3 scripts/golden/checks_real_data.py
"""
import json
import math
import os

import numpy as np
import yaml
from astropy.io import fits
from astropy.table import Table

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXTERNAL = os.path.join(ROOT, "test", "data")  # copies of real public data, see each PROVENANCE.md
OUT = os.path.join(ROOT, "test", "golden", "checks", "real-data.json")


def masked(col):
    m = getattr(col, "mask", None)
    return np.zeros(len(col), bool) if m is None or m is np.ma.nomask else np.asarray(m, bool)


def finite(col):
    values = np.ma.getdata(col).astype(float)
    return ~masked(col) & np.isfinite(values)


def comcam():
    t = Table.read(os.path.join(EXTERNAL, "analysis_tools_comcam_dia", "diaSourceTable_tract_test.ecsv.gz"), format="ascii.ecsv")
    centroid_set = np.ma.filled(t["centroid_flag"], False).astype(bool)
    pairs = {}
    for value, err in [("ra", "raErr"), ("dec", "decErr"), ("x", "xErr"), ("y", "yErr")]:
        e = t[err]
        bad_err = ~finite(e) | (np.ma.filled(e, np.nan).astype(float) <= 0)
        pairs[value] = int(np.sum(finite(t[value]) & bad_err & ~centroid_set))
    dipole = np.ma.filled(t["dipoleFitAttempted"], False).astype(bool)
    # Current felis (datamodel.py `nullable: bool = True`, lsst/felis fc654ad, 2024-04): nullable unless declared
    # `nullable: false`; primary-key columns are NOT NULL (dp1.yaml DiaSource declares no primary key).
    schema = yaml.safe_load(open(os.path.join(EXTERNAL, "sdm_schemas", "dp1.yaml")))
    table = next(x for x in schema["tables"] if x["name"] == "DiaSource")
    pk = table.get("primaryKey") or []
    pk = {ref.split(".")[-1] for ref in ([pk] if isinstance(pk, str) else pk)}
    not_null = {}
    declared_not_null = []
    for c in table["columns"]:
        nullable = c.get("nullable", True) and c["name"] not in pk
        if nullable or c["name"] not in t.colnames:
            continue
        declared_not_null.append(c["name"])
        n = int(np.sum(masked(t[c["name"]])))
        if n > 0:
            not_null[c["name"]] = n
    return {
        "rows": len(t),
        "columns": len(t.colnames),
        "errorPair": pairs,
        "raErrMaskedWhereDipoleFit": int(np.sum(dipole & masked(t["raErr"]))),
        "dipoleFitAttempted": int(np.sum(dipole)),
        "dp1NotNull": not_null,
        "dp1NotNullColumns": sorted(declared_not_null),
        "dp1MissingColumns": [c["name"] for c in table["columns"] if c["name"] not in t.colnames],
    }


def hsc_src():
    path = os.path.join(EXTERNAL, "faro_hsc", "src_HSC_i_HSC-I_903986_0_31_HSC_runs_ci_hsc_20210407T021858Z.fits.gz")
    with fits.open(path) as f:
        header = f[1].header
        data = f[1].data
        names = {int(k[5:]): header[k] for k in header if k.startswith("TFLAG")}
        bits = np.asarray(data["flags"], bool)
        flags = {name: bits[:, i - 1] for i, name in names.items()}
        out = {"rows": int(len(data)), "nanColumns": 0, "columns": {}}
        for col in data.columns:
            if col.format[-1] not in "DE" or col.name == "flags":
                continue
            values = np.asarray(data[col.name], float)
            if values.ndim != 1:
                continue
            nan = np.isnan(values)
            if not nan.any():
                continue
            out["nanColumns"] += 1
            entry = {"nan": int(nan.sum())}
            # The plugin's general failure flag: the longest prefix P of the name with a flag P_flag.
            parts = col.name.split("_")
            for k in range(len(parts) - 1, 0, -1):
                flag = "_".join(parts[:k]) + "_flag"
                if flag in flags:
                    entry["flag"] = flag
                    entry["nanWithFlagSet"] = int(np.sum(nan & flags[flag]))
                    # Specific flags of the same algorithm (P_flag_*) explain a NaN too.
                    any_set = flags[flag].copy()
                    for name, bit in flags.items():
                        if name.startswith(flag + "_"):
                            any_set |= bit
                    entry["nanWithAnyFlagSet"] = int(np.sum(nan & any_set))
                    break
            out["columns"][col.name] = entry
        out["deblendedAsPsf"] = int(np.sum(flags["deblend_deblendedAsPsf"]))
    return out


def main():
    golden = {"comcam": comcam(), "hscSrc": hsc_src()}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
