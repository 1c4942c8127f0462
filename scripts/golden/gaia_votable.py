#!/usr/bin/env python3
"""The Gaia DR3 ECSV of test/data/astroquery_gaia written again as a VOTable by astropy (the same table in the
other format), so a test can compare skygate's verdicts on both. astropy writes a float NaN as `NaN` and a masked
value as an empty cell. Run with the Debian python that has astropy:
    /usr/bin/python3 scripts/golden/gaia_votable.py
"""
import os

from astropy.table import Table

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "test", "data", "astroquery_gaia")

table = Table.read(os.path.join(DATA, "1712337806100O-result.ecsv"), format="ascii.ecsv")
table.meta = {}  # the ECSV header's free-form meta does not map to VOTable INFO
table.write(os.path.join(DATA, "derived_1712337806100O-result_astropy.vot"), format="votable", overwrite=True)
