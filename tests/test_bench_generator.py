"""The benchmark's synthetic acts pass the shapes, like any curated file."""

from __future__ import annotations

import sys
from pathlib import Path

from graph.load import check
from graph.store import OxigraphStore

BENCH = Path(__file__).resolve().parents[1] / "bench"


def test_generated_acts_conform_to_the_shapes(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        from generate import main
    finally:
        sys.path.remove(str(BENCH))
    out = tmp_path / "acts.nt"
    assert main(["--acts", "300", "--out", str(out)]) == 0
    report = check(OxigraphStore(), [out])
    assert report.conforms, report.text()
