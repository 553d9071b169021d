"""The seeded sample of acts re-read against their sources (bench/sample_acts.py) is stable."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

from tests.helpers import ROOT


def _draw(n: int, seed: int) -> list[dict[str, str]]:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "sample_acts.py"), "--n", str(n), "--seed", str(seed)],
                         capture_output=True, text=True, check=True, timeout=60)
    return list(csv.DictReader(io.StringIO(run.stdout)))


def test_the_same_seed_draws_the_same_acts_each_with_its_sources() -> None:
    first, again = _draw(8, 13), _draw(8, 13)
    assert first == again and len(first) == 8
    assert all(row["sources"].startswith("http") for row in first)
