"""The exports load in the tools they name, read by those tools' own code (issue 15): the
Cytoscape export by Cytoscape.js (``cy.json()``, as a saved ``.cyjs`` is restored, and
``cytoscape({elements})``), the GEXF by graphology-gexf (the reader of Sigma.js and Gephi Lite).

The readers run in Node.js (``tests/js``, versions pinned in its lock file, installed from npm on
first use). Without Node the test is skipped with a reason, except in CI (``RKG_REQUIRE_NODE=1``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import ROOT, Run

JS = ROOT / "tests" / "js"
RUS = "https://w3id.org/recognition-kg/id/state/RUS"
IEA = "https://w3id.org/recognition-kg/id/government/AFG-IEA-2021"


@pytest.fixture(scope="module")
def node() -> str:
    found, npm = shutil.which("node"), shutil.which("npm")
    if found is None or npm is None:
        if os.environ.get("RKG_REQUIRE_NODE") == "1":
            pytest.fail("Node.js and npm are required here (RKG_REQUIRE_NODE=1) but not installed")
        pytest.skip("Node.js and npm are not installed: the exports' readers (Cytoscape.js, graphology) need them")
    if not (JS / "node_modules" / "graphology-gexf").exists():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS, check=True,
                       capture_output=True, timeout=600)
    return found


def test_cytoscape_js_and_graphology_find_russias_edge_to_the_islamic_emirate(
        node: str, rkg: Callable[..., Run], tmp_path: Path) -> None:
    cyjs, gexf = tmp_path / "day.cyjs", tmp_path / "day.gexf"
    for fmt, target in (("cytoscape", cyjs), ("gexf", gexf)):
        assert rkg("export", "--format", fmt, "--as-of", "2025-08-01", "-o", str(target)).code == 0
    run = subprocess.run([node, str(JS / "load_exports.js"), str(cyjs), str(gexf), RUS, IEA], capture_output=True,
                         text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    exported = json.loads(cyjs.read_text())
    for reader in ("cy_json", "cy_elements", "graphology"):
        assert found[reader]["found"] and found[reader]["found"][0]["status"] == "recognised", reader
    assert found["cy_json"]["edges"] == found["cy_elements"]["edges"] == len(exported["elements"]["edges"])
    assert found["graphology"]["edges"] == found["cy_json"]["edges"]
    assert found["graphology"]["nodes"] == found["cy_json"]["nodes"] == len(exported["elements"]["nodes"])
