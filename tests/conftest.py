"""Shared fixtures: stores built from inline records or the bundled data, and a CLI runner.

Helpers that are not fixtures (paths, case files, servers) live in tests/helpers.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from recognition_kg.graph.bundle import build
from recognition_kg.graph.load import load
from recognition_kg.graph.records import ActRecord, EntityRecord, to_graph
from recognition_kg.graph.store import Store, open_store
from tests.helpers import Run, remote_store

#: each adapter's store spec; the remote ones are servers the session starts (Oxigraph, Virtuoso)
ADAPTERS = {"oxigraph": ":memory:", "rdflib": "rdflib:", "remote": "oxigraph serve", "virtuoso": "virtuoso-t"}


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``oxigraph serve`` (PyPI ``oxigraph``) in memory on a free loopback port: its query URL."""
    from tests.helpers import start_oxigraph, stop_process

    process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield url
    stop_process(process)


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso 7 (Debian ``virtuoso-opensource``) with a database of its own on free loopback
    ports: its query URL, with the dialect named (``URL#dialect=virtuoso``). Skipped where
    Virtuoso is not installed, except in CI (``RKG_REQUIRE_VIRTUOSO=1``), where that fails."""
    from tests.helpers import start_virtuoso, stop_process

    if shutil.which("virtuoso-t") is None:
        message = "Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)"
        if os.environ.get("RKG_REQUIRE_VIRTUOSO") == "1":
            pytest.fail(message)
        pytest.skip(message)
    process, url = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield url + "#dialect=virtuoso"
    stop_process(process)


@pytest.fixture(params=sorted(ADAPTERS))
def empty_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each adapter in turn: in memory (Oxigraph, rdflib), and remote
    Oxigraph and Virtuoso servers over the SPARQL protocols, emptied for each test."""
    if request.param in ("remote", "virtuoso"):
        server = "oxigraph_server" if request.param == "remote" else "virtuoso_server"
        with remote_store(request.getfixturevalue(server)) as remote:
            remote.drop_all()
            yield remote
        return
    with open_store(ADAPTERS[request.param]) as store:
        yield store


@pytest.fixture
def store_from_records(tmp_path: Path) -> Callable[..., Store]:
    """Build a store (in-memory Oxigraph by default) from entity and act records, loaded through
    the real loader."""

    def make(entities: list[EntityRecord], acts: list[ActRecord], store: Store | None = None) -> Store:
        store = store if store is not None else open_store()
        path = tmp_path / "records.ttl"
        to_graph(entities, acts).serialize(path, format="turtle")
        load(store, [path])
        return store

    return make


@pytest.fixture(scope="session")
def bundled_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store holding the bundled data, built once for the session."""
    path = tmp_path_factory.mktemp("bundled") / "store"
    path.mkdir()
    with open_store(path) as store:
        build(store)
    return path


@pytest.fixture
def store_copy(bundled_store_dir: Path, tmp_path: Path) -> Path:
    """A copy of the on-disk bundled store that a test may write to (copied, not rebuilt)."""
    target = tmp_path / "store-copy"
    shutil.copytree(bundled_store_dir, target)
    return target


@pytest.fixture(scope="session")
def bundled_store() -> Store:
    """An in-memory store holding the bundled data."""
    return build(open_store())


@pytest.fixture
def rkg(bundled_store_dir: Path) -> Callable[..., Run]:
    """Run ``rkg ARGS...`` (the console script's command group) in-process against the bundled store."""
    from recognition_kg.api.cli import main

    def run(*args: str, store: Path | None = None) -> Run:
        result: Result = CliRunner().invoke(main, ["--store", str(store or bundled_store_dir), *args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)

    return run
