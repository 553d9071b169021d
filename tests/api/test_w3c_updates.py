"""The W3C suites for writes pass on a server that takes them: the SPARQL 1.1 Protocol's update
tests (its runner, with a curator's token) and the Graph Store Protocol's manifests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api import graph_store_suite as gsp
from tests.helpers import TOKENS, W3C, Server

SUITE = Path(__file__).resolve().parents[3] / "shared" / "w3c-graph-store"
#: the graphs the Graph Store tests write, dropped before each test so that each starts afresh
PEOPLE = [f"http://www.example/gsp/person/{i}.ttl" for i in range(1, 5)]


def test_every_update_test_of_the_protocol_passes(curated: Server) -> None:
    if not W3C.exists():
        pytest.skip("the W3C protocol tests are not beside this checkout")
    run = subprocess.run([sys.executable, str(W3C / "run"), curated.sparql, "--update-url", curated.url + "/update",
                          "--header", f"Authorization: Bearer {TOKENS['alice']}"],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout
    passed, failed, skipped = (int(w) for w in run.stdout.strip().splitlines()[-1].split()[::2])
    assert failed == 0 and passed >= 28, run.stdout
    # Every update of the suite was taken by alice, and logged.
    status, _, log = curated.request("GET", "/api/log")
    changes = [c for c in json.loads(log)["changes"] if not c["base"]]
    assert status == 200 and len(changes) >= 5 and {c["curator"] for c in changes} == {"alice"}


def test_the_graph_store_protocol_manifests_pass(curated: Server) -> None:
    if not SUITE.exists():
        pytest.skip("the W3C Graph Store manifests are not beside this checkout")
    cases = gsp.tests(SUITE)
    assert len(cases) == 13
    failures = []
    direct = [f"{curated.url}/store/person/{i}.ttl" for i in range(1, 5)]
    headers = {"Authorization": f"Bearer {TOKENS['bob']}"}
    for case in cases:
        reset = "CLEAR SILENT DEFAULT ;" + " ;".join(f"DROP SILENT GRAPH <{g}>" for g in PEOPLE + direct)
        status, _, body = curated.request("POST", "/update", body=reset.encode(),
                                          headers={**headers, "Content-Type": "application/sparql-update"})
        assert status == 200, body
        problem = gsp.run(case, curated.url + "/store", headers)
        if problem:
            failures.append(f"{case.name}: {problem}")
    assert failures == [], "\n\n".join(failures)
