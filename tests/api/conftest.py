"""Real servers for the HTTP tests: ``rkg serve`` on a free loopback port, talked to over HTTP."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from graph.store import OxigraphStore

W3C = Path(__file__).resolve().parents[3] / "shared" / "w3c-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/data{}.rdf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running ``rkg serve``."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def logs(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(store: Path, tmp: Path, *extra: str) -> Server:
    """Start a server on a free port and wait (with a deadline) until it answers /healthz."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    cmd = [sys.executable, "-m", "graph.cli", "--store", str(store), "serve", "--port", str(port), *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return Server(url, process, log)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    stop_server(Server(url, process, log))
    raise RuntimeError(f"the server did not answer within 60 s: {log.read_text()}")


def stop_server(server: Server) -> None:
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(5)


@pytest.fixture(scope="session")
def server(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The default read-only server over the bundled data."""
    tmp = tmp_path_factory.mktemp("server")
    store = tmp / "store"
    shutil.copytree(bundled_store_dir, store)
    running = start_server(store, tmp, "--max-rows", "10000")
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def kasei_server(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose store also holds the W3C suite's three graphs under their kasei.us names."""
    if not W3C.exists():
        pytest.skip("the W3C protocol tests are not beside this checkout")
    tmp = tmp_path_factory.mktemp("kasei")
    store = tmp / "store"
    shutil.copytree(bundled_store_dir, store)
    handle = OxigraphStore(store)
    for i in (1, 2, 3):
        handle.load((W3C / f"data{i}.nt").read_bytes(), "nt", graph=_iri(KASEI.format(i)))
    handle.flush()
    del handle
    import gc

    gc.collect()
    running = start_server(store, tmp)
    yield running
    stop_server(running)


def _iri(text: str):  # type: ignore[no-untyped-def]
    from rdflib import URIRef

    return URIRef(text)


def http(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; any status comes back as a value, never as an exception."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()
