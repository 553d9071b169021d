"""Fixtures of the HTTP tests: the app under Flask's test client (fast, most tests), and real
``rkg serve`` processes on free loopback ports for what needs them (timeouts, clients, W3C suite)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from rdflib import URIRef

from recognition_kg.api import ServerConfig, create_app
from recognition_kg.graph.store import open_store
from tests.helpers import KASEI, W3C, InProcess, Server, start_server, stop_server


@pytest.fixture(scope="session")
def app(bundled_store_dir: Path) -> Iterator[Flask]:
    """The app over the bundled data, as a worker of ``rkg serve`` runs it."""
    application = create_app(ServerConfig(store=str(bundled_store_dir), max_rows=10000, slots=2))
    yield application
    application.extensions["rkg"].close()


@pytest.fixture
def client(app: Flask) -> InProcess:
    """Flask's test client on the app: requests without sockets, answered as a server answers."""
    return InProcess(app.test_client())


@pytest.fixture(scope="session")
def server(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The default read-only server over the bundled data."""
    tmp = tmp_path_factory.mktemp("server")
    store = tmp / "store"
    shutil.copytree(bundled_store_dir, store)
    running = start_server(store, tmp, "--max-rows", "10000", "--slots", "2")
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
    with open_store(store) as handle:
        for i in (1, 2, 3):
            handle.load((W3C / f"data{i}.nt").read_bytes(), "nt", graph=URIRef(KASEI.format(i)))
    running = start_server(store, tmp, "--slots", "2")
    yield running
    stop_server(running)
