"""Every state of the data is on the web page's map, or listed with why it is not drawn.

The map is world-atlas's 1:50m countries (Natural Earth); ``api/static/map/crosswalk.csv``
gives each feature our code (from its ISO 3166-1 numeric id, or its name where it has none:
Kosovo, N. Cyprus, Somaliland), and ``not-drawn.csv`` the states drawn as a point (too small,
or not a feature of the map) and those that no longer exist.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from recognition_kg.graph.entities import catalogue
from recognition_kg.graph.store import Store

STATIC = Path(__file__).resolve().parents[1] / "api" / "static"


def _rows(name: str) -> list[dict[str, str]]:
    with (STATIC / "map" / name).open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_state_with_a_code_is_on_the_map_or_listed_as_not_drawn(bundled_store: Store) -> None:
    drawn = {r["code"] for r in _rows("crosswalk.csv") if r["code"]}
    listed = {r["code"] for r in _rows("not-drawn.csv")}
    states = {e.code for e in catalogue(bundled_store).entities if e.kind == "state"}
    assert states - drawn - listed == set()
    assert drawn & listed == set(), "a state is either drawn or listed, never both"


def test_the_crosswalk_names_the_features_of_the_vendored_map() -> None:
    atlas = json.loads((STATIC / "vendor" / "countries-50m.json").read_text())
    features = {(g.get("id", ""), g["properties"]["name"]) for g in atlas["objects"]["countries"]["geometries"]}
    assert {(r["feature_id"], r["feature_name"]) for r in _rows("crosswalk.csv")} == features
    by_name = {r["feature_name"]: r["code"] for r in _rows("crosswalk.csv")}
    assert (by_name["Kosovo"], by_name["N. Cyprus"], by_name["Somaliland"]) == ("XKX", "XNC", "XSL")


def test_every_point_drawn_in_place_of_a_shape_has_a_place_and_a_source() -> None:
    for row in _rows("not-drawn.csv"):
        if row["drawn_as"] == "point":
            assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180, row["code"]
            assert row["source"].startswith("http"), row["code"]
        else:
            assert row["drawn_as"] == "none" and row["why"], row["code"]
