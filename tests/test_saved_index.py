"""The indexes saved beside a store are used exactly while its data is unchanged (issue 14).

A lookup command or a restarted server answers from the saved status and act indexes instead of
reading them anew; any write to the store, by this program or another, makes them stale, and a
damaged file is read past, never trusted.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from recognition_kg.api.config import ServerConfig
from recognition_kg.api.runtime import Runtime
from recognition_kg.graph import saved_index
from recognition_kg.graph.store import open_store
from tests.helpers import Run

INSERT = ("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> "
          "<https://example.org/p> <https://example.org/b> } }")


@pytest.fixture
def store_dir(store_copy: Path) -> Path:
    """A writable copy of the bundled store, without indexes saved beside it."""
    (store_copy / saved_index.FILE).unlink(missing_ok=True)
    return store_copy


def _version(path: Path) -> str | None:
    with open_store(path, read_only=True) as store:
        return store.data_version()


def test_a_read_only_open_keeps_the_data_version(store_dir: Path) -> None:
    before = _version(store_dir)
    with open_store(store_dir, read_only=True) as store:
        store.values("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert before is not None and _version(store_dir) == before


def test_a_write_changes_the_data_version(store_dir: Path) -> None:
    before = _version(store_dir)
    with open_store(store_dir) as store:
        store.update(INSERT)
    assert _version(store_dir) != before


def test_a_write_by_another_program_changes_the_data_version(store_dir: Path) -> None:
    before = _version(store_dir)
    native = ox.Store(str(store_dir))  # pyoxigraph itself, as any other tool would write
    native.update(INSERT)
    del native
    assert _version(store_dir) != before


def test_an_in_memory_store_changes_its_version_with_each_write(empty_store: object) -> None:
    store = empty_store
    first = store.data_version()  # type: ignore[attr-defined]
    store.update(INSERT)  # type: ignore[attr-defined]
    second = store.data_version()  # type: ignore[attr-defined]
    assert None not in (first, second) and first != second
    assert store.data_version() == second  # type: ignore[attr-defined]


def test_saved_indexes_come_back_equal_while_the_data_is_unchanged(store_dir: Path) -> None:
    with open_store(store_dir, read_only=True) as store:
        read = saved_index.read(store)
        assert saved_index.save(*saved_index.location(store), read)
        loaded = saved_index.load(*saved_index.location(store))
    assert loaded is not None
    assert loaded.status == read.status and loaded.acts == read.acts and loaded.catalogue == read.catalogue
    assert loaded.status.memo == {}


def test_a_write_makes_the_saved_indexes_stale(store_dir: Path) -> None:
    with open_store(store_dir, read_only=True) as store:
        saved_index.save(*saved_index.location(store), saved_index.read(store))
    with open_store(store_dir) as store:
        store.update(INSERT)
    with open_store(store_dir, read_only=True) as store:
        assert saved_index.load(*saved_index.location(store)) is None


def test_a_new_release_of_the_index_modules_makes_them_stale(store_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(store_dir, read_only=True) as store:
        saved_index.save(*saved_index.location(store), saved_index.read(store))
        monkeypatch.setattr(saved_index, "_code", lambda: "another release")
        assert saved_index.load(*saved_index.location(store)) is None


def test_a_damaged_file_is_read_past(store_dir: Path, rkg: Callable[..., Run]) -> None:
    (store_dir / saved_index.FILE).write_bytes(b"not a pickle at all")
    with open_store(store_dir, read_only=True) as store:
        assert saved_index.load(*saved_index.location(store)) is None
    answer = rkg("count", "XKX", "--as-of", "2020-01-01", "--format", "json", store=store_dir)
    assert answer.code == 0 and answer.json()["results"][0]["certain"] == 97


def test_a_lookup_answers_the_same_from_saved_indexes(store_dir: Path, rkg: Callable[..., Run]) -> None:
    asks = [("count", "XKX", "--as-of", "2020-01-01"), ("recognisers", "AFG-IEA-2021"),
            ("status", "PAK", "AFG-IEA-1996", "--as-of", "1999-01-01"), ("timeline", "RUS", "AFG"),
            ("changes", "--from", "2008-01-01", "--to", "2008-12-31"), ("entities", "kos")]
    saved = store_dir / saved_index.FILE
    first = [rkg(*ask, "--format", "json", store=store_dir).json() for ask in asks]  # saves on first use
    assert saved.exists()
    shutil.copyfile(saved, store_dir.parent / "kept")
    again = [rkg(*ask, "--format", "json", store=store_dir).json() for ask in asks]
    assert again == first
    assert saved.read_bytes() == (store_dir.parent / "kept").read_bytes()  # used as it was, not rewritten


def test_rkg_index_saves_them(store_dir: Path, rkg: Callable[..., Run]) -> None:
    run = rkg("index", store=store_dir)
    assert run.code == 0 and "saved the indexes of" in run.out
    with open_store(store_dir, read_only=True) as store:
        assert saved_index.load(*saved_index.location(store)) is not None


def test_a_server_worker_saves_them_and_the_next_loads_them(store_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="rkg.serve")
    first = Runtime(ServerConfig(store=str(store_dir)))
    first.start_indexes().join()
    first.close()
    assert (store_dir / saved_index.FILE).exists()
    second = Runtime(ServerConfig(store=str(store_dir)))
    second.start_indexes().join()
    try:
        assert "indexes loaded from" in caplog.text
        assert second.index is not None and len(second.index.intervals) > 500
        assert second.acts_index is not None
    finally:
        second.close()


def test_an_in_memory_store_keeps_nothing() -> None:
    with open_store() as store:
        store.extend([(URIRef("https://example.org/a"), URIRef("https://example.org/p"),
                       URIRef("https://example.org/b"), None)])
        assert saved_index.location(store)[0] is None
        assert not saved_index.save(*saved_index.location(store), saved_index.read(store))
