"""The console script ends a lookup at once, output whole and exit code kept (issue 14).

After a read-only lookup has answered and closed its store, ``rkg`` flushes its output and leaves
without tearing the interpreter down (a tenth of a second of the command's time); every other
command ends the normal way.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.helpers import RKG


def _rkg(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*RKG, "--store", str(store), *args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_a_lookup_prints_its_whole_answer_and_exits_0(bundled_store_dir: Path) -> None:
    run = _rkg(bundled_store_dir, "changes", "--from", "1990-01-01", "--to", "2020-01-01", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert len(json.loads(run.stdout)["results"]) > 200  # the whole of a long answer, flushed


def test_a_lookup_that_finds_nothing_keeps_its_exit_code_and_message(bundled_store_dir: Path) -> None:
    run = _rkg(bundled_store_dir, "count", "Atlantis")
    assert run.returncode == 1
    assert run.stderr.startswith("error: no state or government is called 'Atlantis'")


def test_a_bad_date_is_still_a_usage_error(bundled_store_dir: Path) -> None:
    run = _rkg(bundled_store_dir, "count", "XKX", "--as-of", "2020-13-01")
    assert run.returncode == 2 and "2020-13-01" in run.stderr
