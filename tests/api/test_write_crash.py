"""A write is all or nothing, a kill -9 of the whole server in the middle of it included.

The server is killed (every process of it, the writer among them) while it works out a large
write, and again at the moment its writer logs that it is committing. Restarted, the store holds
the data as it was before the write or as it is after it, never between: its statuses are those
the acts derive, and its data conforms to the shapes.
"""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from recognition_kg.graph.statuses import acts_by_pair, existence_ends, intervals_for, status_quads
from recognition_kg.graph.store import open_store
from recognition_kg.graph.validate import validate
from recognition_kg.ontology import GRAPH_LOG, GRAPH_ONTOLOGY, GRAPH_STATUSES
from tests.helpers import Server, bearer, dump, start_curated, stop_server

GRAPH = "https://w3id.org/recognition-kg/graph/source/synthetic"
PUT = f"/store?graph={GRAPH}"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """900 synthetic acts (fictional states, example.org sources) as N-Triples: 1.3 MB."""
    from recognition_kg.graph.synthetic import main as generate

    out = tmp_path_factory.mktemp("large") / "acts.nt"
    generate(["--acts", "900", "--out", str(out)])
    return out.read_bytes()


def _put(server: Server, body: bytes, answers: list[int]) -> None:
    try:
        status, _, _ = server.request("PUT", PUT, body=body,
                                      headers={**bearer("alice", "900 acts"), "Content-Type": "application/n-triples"})
        answers.append(status)
    except OSError:
        answers.append(-1)  # killed under it


def _kill(server: Server) -> None:
    os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait(10)


def _kill_when(server: Server, body: bytes, seen: str | None, delay: float = 0.0) -> list[int]:
    """Send the write, kill the server when its log shows ``seen`` (or after ``delay``)."""
    answers: list[int] = []
    sender = threading.Thread(target=_put, args=(server, body, answers))
    sender.start()
    deadline = time.monotonic() + 120
    while seen is not None and seen not in server.logs() and time.monotonic() < deadline and sender.is_alive():
        time.sleep(0.001)
    if delay:
        time.sleep(delay)
    _kill(server)
    sender.join(30)
    return answers


def _consistent(store: Path) -> None:
    """The store's statuses are exactly those its acts derive, and its data conforms."""
    with open_store(store, read_only=True) as s:
        derived = {q[:3] for q in status_quads(intervals_for(acts_by_pair(s), existence_ends(s)))}
        stored = {q[:3] for q in s.quads(g=GRAPH_STATUSES)}
        assert derived == stored
        from rdflib import Graph

        data = Graph()
        for q in s.quads():
            if q[3] not in (GRAPH_STATUSES, GRAPH_LOG, GRAPH_ONTOLOGY):
                data.add(q[:3])  # type: ignore[arg-type]
        report = validate(data)
        assert report.conforms, report.text()


def test_a_server_killed_mid_write_restarts_with_the_store_before_or_after_it(
        bundled_store_dir: Path, tmp_path: Path, large: bytes) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store_dir, store)
    args = ("--max-body", "20000000", "--write-timeout", "300")
    server = start_curated(store, tmp_path, *args)
    before = dump(server)
    outcomes = []
    try:
        # Killed while the write is worked out (its candidate made, validation under way)...
        _kill_when(server, large, None, delay=1.0)
        server = start_curated(store, tmp_path, *args)
        first = dump(server)
        outcomes.append("before" if first == before else "after")
        # ... and at the moment the writer commits.
        if first == before:
            killed = server
            _kill_when(server, large, "committing change")
            assert "committing change" in killed.logs(), "the write never reached its commit"
            server = start_curated(store, tmp_path, *args)
            second = dump(server)
            assert second == before or GRAPH.encode() in second
            outcomes.append("before" if second == before else "after")
        status, _, log = server.request("GET", "/api/log")
        assert status == 200
    finally:
        stop_server(server)
    assert outcomes[0] == "before", "the first kill came after the write had been committed"
    print("outcomes of the kills:", outcomes)
    _consistent(store)
    if outcomes[-1] == "after":
        # After: the whole write is there, logged once.
        import json

        entries = json.loads(log)["changes"]
        assert [e["message"] for e in entries].count("900 acts") == 1
