"""Safe by default: read-only, no outbound request ever, queries that run too long are stopped."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import Server, http, start_server, stop_server

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "ASK { ?s a <https://w3id.org/recognition-kg/ontology#State> }"


class Listener:
    """A loopback socket that records whether anything connects to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
                self.connections += 1
                conn.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    got = Listener()
    yield got
    got.close()


def _get(server: Server, query: str) -> tuple[int, dict[str, str], bytes]:
    return http("GET", server.sparql + "?" + urllib.parse.urlencode({"query": query}),
                headers={"Accept": "application/sparql-results+json"})


def test_service_is_refused_before_evaluation_and_nothing_goes_out(server: Server, listener: Listener) -> None:
    status, _, body = _get(server, f"SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}")
    assert status == 400 and b"SERVICE" in body
    time.sleep(0.3)  # give a stray connection the time to arrive before asserting there was none
    assert listener.connections == 0


def test_from_names_a_local_graph_and_is_never_fetched(server: Server, listener: Listener) -> None:
    status, _, body = _get(server, f"ASK FROM <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }}")
    assert status == 200 and json.loads(body)["boolean"] is False
    time.sleep(0.3)
    assert listener.connections == 0


def test_from_a_file_reads_no_file(server: Server) -> None:
    status, _, body = _get(server, "SELECT ?o FROM <file:///etc/passwd> WHERE { ?s ?p ?o }")
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == []


def _count(server: Server) -> int:
    _, _, body = _get(server, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method,path,ctype,body", [
    ("POST", "/sparql", "application/sparql-update", b"INSERT DATA { <http://x/a> <http://x/b> 1 }"),
    ("POST", "/sparql", "application/x-www-form-urlencoded", b"update=INSERT%20DATA%20%7B%3Chttp%3A%2F%2Fx%2Fa%3E"
                                                             b"%20%3Chttp%3A%2F%2Fx%2Fb%3E%201%20%7D"),
    ("POST", "/update", "application/sparql-update", b"INSERT DATA { <http://x/a> <http://x/b> 1 }"),
    ("PUT", "/store?default", "text/turtle", b"<http://x/a> <http://x/b> 1 ."),
    ("POST", "/store?graph=http://x/g", "text/turtle", b"<http://x/a> <http://x/b> 1 ."),
    ("DELETE", "/store?graph=https://w3id.org/recognition-kg/graph/ontology", None, None),
])
def test_writes_are_refused_with_403_and_change_nothing(server: Server, method: str, path: str,
                                                        ctype: str | None, body: bytes | None) -> None:
    before = _count(server)
    status, _, answer = http(method, server.url + path, body=body, headers={"Content-Type": ctype} if ctype else {})
    assert status == 403, answer
    assert b"read-only" in answer
    assert _count(server) == before


@pytest.fixture(scope="module")
def quick_server(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import shutil

    tmp = tmp_path_factory.mktemp("quick")
    shutil.copytree(bundled_store_dir, tmp / "store")
    running = start_server(tmp / "store", tmp, "--query-timeout", "2")
    yield running
    stop_server(running)


def test_a_query_past_the_timeout_is_503_while_others_are_served(quick_server: Server) -> None:
    answers: dict[str, tuple[int, float]] = {}

    def slow() -> None:
        t = time.monotonic()
        status, _, _ = _get(quick_server, CROSS_JOIN)
        answers["slow"] = (status, time.monotonic() - t)

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)  # let the slow query start before the simple one arrives
    status, _, body = _get(quick_server, SIMPLE)
    answers["simple"] = (status, 0.0)
    thread.join(30)
    assert answers["simple"][0] == 200, body
    assert answers["slow"][0] == 503
    assert answers["slow"][1] < 3.0
    after, _, _ = _get(quick_server, SIMPLE)
    assert after == 200
    _, _, metrics = http("GET", quick_server.url + "/metrics")
    assert b"rkg_sparql_query_timeouts_total 1" in metrics
