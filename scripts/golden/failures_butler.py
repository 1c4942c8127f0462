#!/usr/bin/env python3
"""Golden files for test/failures: independent of skygate's TypeScript.

- registry_inventory.json: dataset type x RUN collection x count of the real ap_verify_ci_dc2 registry, with
  Python's sqlite3 (the TypeScript side reads it with sql.js).
- jointcal_vdr_corners.json: visit_detector_region corners of testdata_jointcal hsc/exports.yaml, decoded here with
  PyYAML-free line scanning + struct (hex -> 0x70, then little-endian float64 x, y, z per vertex).

Usage: python3 scripts/golden/failures_butler.py  (run from the repository root; reads test/data/)
"""
import json
import math
import re
import sqlite3
import struct

reg = sqlite3.connect("test/data/ap_verify_ci_dc2/gen3.sqlite3")
rows = reg.execute(
    """SELECT t.name, c.name, count(*) FROM dataset d JOIN dataset_type t ON d.dataset_type_id = t.id
       JOIN collection c ON d.run_id = c.collection_id GROUP BY t.name, c.name ORDER BY t.name, c.name"""
).fetchall()
inventory = [{"datasetType": t, "collection": c, "count": n} for t, c, n in rows]
detectors = {str(i): n for i, n in reg.execute("SELECT id, full_name FROM detector")}
json.dump({"inventory": inventory, "detectors": detectors}, open("test/golden/failures/registry_inventory.json", "w"), indent=1)

text = open("test/data/butler_exports/testdata_jointcal_hsc_exports.yaml").read()
block = text.split("element: visit_detector_region")[1].split("- type:")[0]
out = {}
for m in re.finditer(r"detector: (\d+)\s+visit: (\d+)\s+region: !<lsst.sphgeom.ConvexPolygon>\s+encoded: ([0-9a-f]+)", block):
    det, visit, hexs = m.groups()
    b = bytes.fromhex(hexs)
    assert b[0] == 0x70
    corners = []
    for o in range(1, len(b), 24):
        x, y, z = struct.unpack("<3d", b[o:o + 24])
        corners.append([math.degrees(math.atan2(y, x)) % 360, math.degrees(math.asin(z / math.sqrt(x * x + y * y + z * z)))])
    out[f"{visit}:{det}"] = corners
json.dump(out, open("test/golden/failures/jointcal_vdr_corners.json", "w"), indent=1)
print(len(inventory), "inventory rows;", len(out), "regions")
