"""Shared fixtures: stores built from inline records or the bundled data, and a CLI runner."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from graph.bundle import build
from graph.load import load
from graph.records import ActRecord, EntityRecord, to_graph
from graph.store import OxigraphStore, RdflibStore, Store

FIXTURES = Path(__file__).parent / "fixtures"
ADAPTERS = {"oxigraph": OxigraphStore, "rdflib": RdflibStore}


def asof_cases() -> list[dict[str, Any]]:
    """The as-of cases of the shared specification (a copy kept in tests/fixtures)."""
    return json.loads((FIXTURES / "asof-cases.json").read_text())["cases"]


def case_graph_file(case: dict[str, Any], folder: Path) -> Path:
    """Write one as-of case as a Turtle file, through the same record mapping as the importer."""
    entities, kinds = [], {}
    for code, spec in case["entities"].items():
        spec = {"kind": spec} if isinstance(spec, str) else spec
        kinds[code] = spec["kind"]
        entities.append(EntityRecord(code, kind=spec["kind"], governs=spec.get("of"), exists_from=spec.get("since")))
    acts = [
        ActRecord(a["id"], a["type"], a["by"], a["of"], a.get("dates") or [a["date"]],
                  [a["source"]] if "source" in a else [], disputed=a.get("disputed", False))
        for a in case["acts"]
    ]
    path = folder / "case.ttl"
    to_graph(entities, acts, kinds=kinds).serialize(path, format="turtle")
    return path


@pytest.fixture(params=sorted(ADAPTERS))
def empty_store(request: pytest.FixtureRequest) -> Store:
    """An empty store of each adapter in turn."""
    return ADAPTERS[request.param]()  # type: ignore[no-any-return]


@pytest.fixture
def store_from_records(tmp_path: Path) -> Callable[..., Store]:
    """Build an Oxigraph store from entity and act records, loaded through the real loader."""

    def make(entities: list[EntityRecord], acts: list[ActRecord], store: Store | None = None) -> Store:
        store = store if store is not None else OxigraphStore()
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
    store = OxigraphStore(path)
    build(store)
    store.flush()
    del store
    gc.collect()  # release the directory lock now (see graph.cli._Context.close)
    return path


@pytest.fixture(scope="session")
def bundled_store() -> Store:
    """An in-memory store holding the bundled data."""
    return build(OxigraphStore())


@dataclass
class Run:
    """What a CLI invocation gave."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def rkg(bundled_store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Run]]:
    """Run ``rkg ARGS...`` in-process against a copy-free on-disk store of the bundled data."""
    from graph.cli import main

    def run(*args: str, store: Path | None = None) -> Run:
        runner = CliRunner()
        result: Result = runner.invoke(main, ["--store", str(store or bundled_store_dir), *args])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        run = Run(result.exit_code, result.stdout, result.stderr)
        del result
        gc.collect()  # the runner keeps the traceback, and through it the store and its lock
        return run

    yield run
