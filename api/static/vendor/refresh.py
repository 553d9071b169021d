"""Refresh the web page's vendored files from npm, at the versions package.json pins.

    python api/static/vendor/refresh.py        (make vendor)

Installs package.json's exact versions (no install scripts) into a temporary directory with the
machine's npm, copies the built files the page loads and each package's licence here, and
writes ``../map/crosswalk.csv``: each country of world-atlas's 1:50m map with our code, from
its ISO 3166-1 numeric id (i18n-iso-countries's table of ISO codes) or, for the features that
have no id, from its name. Nothing here runs at serve time; the page loads only these copies.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAP = HERE.parent / "map"

#: package -> (file in the package, name here)
FILES = {
    "d3-array": [("dist/d3-array.min.js", "d3-array.min.js")],
    "d3-geo": [("dist/d3-geo.min.js", "d3-geo.min.js")],
    "topojson-client": [("dist/topojson-client.min.js", "topojson-client.min.js")],
    "world-atlas": [("countries-50m.json", "countries-50m.json")],
    "@zazuko/yasgui": [("build/yasgui.min.js", "yasgui.min.js"), ("build/yasgui.min.css", "yasgui.min.css")],
}
#: world-atlas features without an ISO numeric id, by name, and ISO codes our model names otherwise
BY_NAME = {"Kosovo": "XKX", "N. Cyprus": "XNC", "Somaliland": "XSL"}
OURS = {"TWN": "CHN"}  # Taiwan: governed by the Republic of China, a government of the state CHN


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copy(HERE / "package.json", work)
        subprocess.run(["npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=optional"],
                       cwd=work, check=True)
        modules = work / "node_modules"
        licences = HERE / "LICENSES"
        licences.mkdir(exist_ok=True)
        for package, files in FILES.items():
            for source, name in files:
                shutil.copy(modules / package / source, HERE / name)
            meta = json.loads((modules / package / "package.json").read_text())
            found = next((p for p in (modules / package).iterdir() if p.name.upper().startswith("LICEN")), None)
            text = found.read_text() if found else (
                f"{package} {meta['version']} is published under the {meta['license']} licence "
                f"(its package.json); the package carries no licence file. See {meta.get('homepage', '')}.\n")
            (licences / f"{package.replace('/', '__')}.txt").write_text(text)
        iso = {row[2]: row[1] for row in json.loads((modules / "i18n-iso-countries" / "codes.json").read_text())}
        atlas = json.loads((HERE / "countries-50m.json").read_text())
    MAP.mkdir(exist_ok=True)
    with (MAP / "crosswalk.csv").open("w", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["feature_id", "feature_name", "code"])
        for g in sorted(atlas["objects"]["countries"]["geometries"], key=lambda g: g["properties"]["name"]):
            fid, name = g.get("id"), g["properties"]["name"]
            code = BY_NAME.get(name) if fid is None else iso.get(fid)
            out.writerow([fid or "", name, OURS.get(code or "", code or "")])
    print(f"vendored into {HERE}; crosswalk in {MAP / 'crosswalk.csv'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
