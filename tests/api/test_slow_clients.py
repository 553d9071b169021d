"""Slow clients cannot starve the server, and load is shed honestly (issue 15).

Requests are read whole before a thread takes them: clients that trickle their headers or their
body hold no thread, and end in 408. Past the queue of waiting requests a request is answered
503 with Retry-After at once; past a client's budget of query seconds, 429 with Retry-After.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.helpers import Server, start_server, stop_server

#: a query that runs until the query timeout stops it (every triple against every triple)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _connect(server: Server) -> socket.socket:
    parts = urlsplit(server.url)
    return socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=30)


def _read_all(sock: socket.socket, deadline: float) -> bytes:
    """What the server sends until it closes the connection (or the deadline passes)."""
    data = b""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            break
        except OSError:  # reset: closed without an answer
            break
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def guarded(store_copy: Path, tmp_path: Path) -> Iterator[Server]:
    """Two workers of two threads, a 3 s request timeout, a 2 s query timeout, a queue of 3."""
    running = start_server(store_copy, tmp_path, "--workers", "2", "--slots", "2", "--request-timeout", "3",
                           "--query-timeout", "2", "--queue", "3")
    yield running
    stop_server(running)


def test_32_clients_trickling_their_headers_leave_the_server_answering(guarded: Server) -> None:
    request = b"GET /api/count?entity=XKX&as_of=2020-01-01 HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
    slow = [_connect(guarded) for _ in range(32)]
    stop = threading.Event()

    def trickle() -> None:  # a byte a quarter second on each: never a whole request
        i = 0
        while not stop.is_set() and i < len(request):
            for s in slow:
                try:
                    s.send(request[i:i + 1])
                except OSError:
                    pass
            i += 1
            stop.wait(0.25)

    sender = threading.Thread(target=trickle, daemon=True)
    sender.start()
    try:
        stop.wait(0.5)  # every slow connection has begun its request
        for _ in range(5):
            t = time.monotonic()
            with urllib.request.urlopen(guarded.url + "/api/count?entity=XKX&as_of=2020-01-01", timeout=1) as r:
                assert r.status == 200
            assert time.monotonic() - t < 1.0
        # The slow ones are answered 408 once their time is up, and closed.
        deadline = time.monotonic() + 10
        answers = [_read_all(s, deadline) for s in slow]
        assert all(a.startswith(b"HTTP/1.1 408") or a == b"" for a in answers)
        assert sum(a.startswith(b"HTTP/1.1 408") for a in answers) >= 30
    finally:
        stop.set()
        for s in slow:
            s.close()


def test_a_body_sent_slowly_ends_in_408(guarded: Server) -> None:
    body = "query=" + quote("ASK { ?s ?p ?o }")
    with _connect(guarded) as s:
        s.send(f"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
               f"Content-Length: {len(body)}\r\n\r\n{body[:5]}".encode())
        answer = _read_all(s, time.monotonic() + 10)
    assert answer.startswith(b"HTTP/1.1 408")
    assert b"not sent whole within 3 s" in answer


def test_a_body_past_the_limit_is_413_before_it_is_read(guarded: Server) -> None:
    with _connect(guarded) as s:
        s.send(b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
               b"Content-Length: 1000000000\r\n\r\nSELECT")
        answer = _read_all(s, time.monotonic() + 5)
    assert answer.startswith(b"HTTP/1.1 413")


def test_a_flood_past_the_queue_gets_503_with_retry_after_at_once(guarded: Server) -> None:
    def ask(_: int) -> tuple[int, str | None, bytes, float]:
        t = time.monotonic()
        req = urllib.request.Request(guarded.sparql + "?query=" + quote(SLOW))
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers.get("Retry-After"), r.read(), time.monotonic() - t
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Retry-After"), e.read(), time.monotonic() - t

    with ThreadPoolExecutor(24) as pool:
        answers = list(pool.map(ask, range(24)))
    busy = [a for a in answers if a[0] == 503 and b"busy" in a[2]]
    assert len(busy) >= 12  # two workers take three each; the rest are turned away
    assert all(a[1] == "1" and a[3] < 2.0 for a in busy)  # at once, saying when to come back
    assert all(a[0] in (200, 503) for a in answers), [(a[0], a[2][:80]) for a in answers]  # the rest: run, or timed out
    metrics = urllib.request.urlopen(guarded.url + "/metrics", timeout=5).read().decode()
    assert f'rkg_http_shed_total{{reason="queue_full"}} {len(busy)}' in metrics


@pytest.fixture
def budgeted(store_copy: Path, tmp_path: Path) -> Iterator[Server]:
    """A server granting each client one second of query time a minute."""
    running = start_server(store_copy, tmp_path, "--budget", "1", "--query-timeout", "1.5")
    yield running
    stop_server(running)


def test_a_client_past_its_budget_gets_429_with_retry_after(budgeted: Server) -> None:
    status, _, _ = budgeted.request("GET", "/sparql?query=" + quote(SLOW))
    assert status == 503  # stopped by the query timeout: 1.5 s spent, past the budget of 1 s
    status, headers, body = budgeted.request("GET", "/sparql?query=" + quote("ASK { ?s ?p ?o }"))
    assert status == 429
    assert 1 <= int(headers["retry-after"]) <= 60
    assert b"query time" in body
    status, _, _ = budgeted.request("GET", "/api/count?entity=XKX")  # the JSON API is not budgeted
    assert status == 200
    _, _, metrics = budgeted.request("GET", "/metrics")
    assert 'rkg_http_shed_total{reason="over_budget"} 1' in metrics.decode()
