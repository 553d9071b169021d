"""The synthetic acts of the benchmarks pass the shapes, like any curated file."""

from __future__ import annotations

from pathlib import Path

from recognition_kg.graph.load import check
from recognition_kg.graph.store import open_store
from recognition_kg.graph.synthetic import main


def test_generated_acts_conform_to_the_shapes(tmp_path: Path) -> None:
    out = tmp_path / "acts.nt"
    assert main(["--acts", "300", "--out", str(out)]) == 0
    with open_store() as store:
        report = check(store, [out])
    assert report.conforms, report.text()
