"""The lookups benchmark runs end to end on tiny data, so that it cannot rot (issue 14).

Speed is never asserted here: the benchmark's figures are read from ``make bench``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def test_the_lookups_benchmark_asks_every_lookup_in_process_and_over_http(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "lookups.py"), "--no-bundled", "--sizes", "300", "--seconds", "0.05",
         "--duration", "0.2", "--rounds", "2", "--driver", "python", "--peers", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    figures = json.loads((tmp_path / "lookups.json").read_text())["sets"]["300 acts"]
    assert set(figures) == {"recognisers", "recognised-by", "status", "timeline of a pair", "timeline of a party",
                            "changes over a year", "changes over 30 years", "changes over 30 years, whole",
                            "count", "entities search", "the map's series",
                            "export of a day", "export of 30 years"}
    for name, r in figures.items():
        assert r["in_process"]["runs"] >= 5 and r["oxigraph_in_process"]["runs"] >= 5, name
        if name != "changes over 30 years, whole":  # asked in process only
            assert r["http"]["non_2xx"] == 0 and r["http"]["rps"] > 0, name
    assert "| 300 acts | timeline of a pair |" in run.stdout
