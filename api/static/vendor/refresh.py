"""Refresh the web page's vendored files from npm, at the versions package.json pins.

    python api/static/vendor/refresh.py        (make vendor)

Installs package.json's exact versions (no install scripts) into a temporary directory with the
machine's npm, copies the built files the page loads and each package's licence here, and
writes ``../map/crosswalk.csv``: each country of world-atlas's 1:50m map with our code, from
its ISO 3166-1 numeric id (i18n-iso-countries's table of ISO codes) or, for the features that
have no id, from its name; and, worked out here once with d3-geo rather than in every browser,
whether the feature is too small to see on the page's map (under 12 square pixels in its
Equal Earth projection at 960x500) and its centroid, where its locator circle goes. Nothing
here runs at serve time; the page loads only these copies.
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
#: each feature's projected area and its centroid (longitude, latitude), by d3-geo as the page draws
MEASURE = """
const d3 = Object.assign({}, require("d3-array"), require("d3-geo")), topojson = require("topojson-client");
const atlas = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const world = topojson.feature(atlas, atlas.objects.countries);
const path = d3.geoPath(d3.geoEqualEarth().fitSize([960, 500], {type: "Sphere"}));
const measured = world.features.map((f) => [f.id || "", f.properties.name, path.area(f), d3.geoCentroid(f)]);
console.log(JSON.stringify(measured));
"""
SMALL = 12  # square pixels: under it a shape is given a locator circle
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
        measured = json.loads(subprocess.run(["node", "-e", MEASURE, str(HERE / "countries-50m.json")], cwd=work,
                                             check=True, capture_output=True, text=True).stdout)
    MAP.mkdir(exist_ok=True)
    with (MAP / "crosswalk.csv").open("w", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["feature_id", "feature_name", "code", "small", "lon", "lat"])
        for fid, name, area, (lon, lat) in sorted(measured, key=lambda m: m[1]):
            code = BY_NAME.get(name) if not fid else iso.get(fid)
            small = area < SMALL
            out.writerow([fid, name, OURS.get(code or "", code or ""), "1" if small else "",
                          f"{lon:.3f}" if small else "", f"{lat:.3f}" if small else ""])
    print(f"vendored into {HERE}; crosswalk in {MAP / 'crosswalk.csv'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
