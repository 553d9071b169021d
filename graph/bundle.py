"""The bundled data (``graph/data/``) and the default on-disk store built from it.

The store is built on first use and rebuilt when the bundled files change (a fingerprint of
their bytes is kept beside the store), so that a new release never answers from old data. The
inputs are the data, the ontology and shapes, and the modules that turn tables into statuses. A
lookup must not hash them all on every call: the mark also keeps their sizes and modification
times, and only when those differ are the bytes hashed again.
"""

from __future__ import annotations

import csv
import hashlib
import os
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from recognition_kg.graph.store import Store, open_store

if TYPE_CHECKING:
    from recognition_kg.graph.importer import Tables
    from recognition_kg.graph.load import ParsedFile

__all__ = ["build", "bundled_files", "bundled_parts", "default_store_path", "fingerprint", "open_bundled", "tables_dir"]

_MARK = "bundle.sha256"


def data_dir() -> Path:
    """The bundled data folder."""
    return Path(str(files("recognition_kg.graph").joinpath("data")))


def tables_dir() -> Path:
    """The curators' tables of the bundled data."""
    return data_dir() / "tables"


def bundled_files() -> list[Path]:
    """The RDF files of the bundled data (loaded after the states table, whose states they cite)."""
    found = [p for p in data_dir().iterdir() if p.name.endswith((".ttl", ".trig", ".nt", ".nq", ".jsonld"))]
    return sorted(found)


def act_table_rows() -> Iterator[tuple[str, dict[str, str]]]:
    """Every row of the curators' act tables as written, with its table's name, in file order
    (for checks and samples that read the tables themselves, not the graph)."""
    for path in sorted(tables_dir().glob("*.csv")):
        if path.name == "states.csv":
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield path.stem, row


def bundled_tables() -> Tables:
    """The curators' tables, their acts free to name the governments of the bundled RDF files."""
    from recognition_kg.graph.importer import governments_in, read_tables

    return read_tables(tables_dir(), governments=governments_in(bundled_files()))


def bundled_parts() -> list[ParsedFile]:
    """Every part of the bundled data in load order: the states table, the RDF files (which
    define governments), then the tables of acts."""
    from recognition_kg.graph.importer import tables_graph
    from recognition_kg.graph.load import from_graph, parse_file

    tables = bundled_tables()
    return [from_graph(tables_graph(tables, "states"), "states"), *(parse_file(p) for p in bundled_files()),
            *(from_graph(tables_graph(tables, s), s) for s in sorted(tables.acts))]


def _inputs() -> list[Path]:
    """Every file whose change makes the store stale."""
    from recognition_kg.ontology import ONTOLOGY_PATH, SHAPES_PATH

    code = Path(__file__).parent
    shaping = [code / f"{m}.py" for m in ("importer", "records", "sources", "normalise", "statuses", "intervals")]
    return [ONTOLOGY_PATH, SHAPES_PATH, *bundled_files(), *sorted(data_dir().glob("*.csv")),
            *sorted(tables_dir().glob("*.csv")), *shaping]


def fingerprint() -> str:
    """A hash of the bundle's inputs (data, ontology, shapes, the modules that shape the
    statuses), to tell when a store is stale."""
    h = hashlib.sha256()
    for p in _inputs():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _stat_signature() -> str:
    """The inputs' names, sizes and modification times: cheap, and a change in any shows."""
    h = hashlib.sha256()
    for p in _inputs():
        st = p.stat()
        h.update(f"{p}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _is_fresh(mark: Path) -> bool:
    """Whether the store beside ``mark`` was built from the bundle as it is now."""
    if not mark.exists():
        return False
    lines = mark.read_text().split()
    stats = _stat_signature()
    if len(lines) >= 2 and lines[1] == stats:
        return True
    if not lines or lines[0] != fingerprint():
        return False
    try:  # same bytes, new times (a fresh checkout): remember them
        mark.write_text(f"{lines[0]}\n{stats}\n")
    except OSError:
        pass
    return True


def build(store: Store) -> Store:
    """Load the ontology and every bundled file into ``store``."""
    # The loader and the importer (pySHACL's side of the house) load only when a store is built.
    import datetime as dt

    from recognition_kg.graph.load import load_ontology, load_parsed
    from recognition_kg.graph.writes import ensure_base

    load_ontology(store)
    for part in bundled_parts():
        load_parsed(store, [part])
    # The bundled data's knowledge time is its build: the change log starts here.
    ensure_base(store, dt.datetime.now(dt.UTC), "the bundled data, built from graph/data")
    return store


def default_store_path() -> Path:
    """Where the default store lives: ``$RKG_STORE``, else the user's data directory."""
    env = os.environ.get("RKG_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "recognition-kg" / "store"


def open_bundled(path: Path | None = None, *, memory: bool = False, read_only: bool = False) -> Store:
    """A store holding the bundled data: in memory, or on disk at ``path`` (built when
    missing or stale, reused otherwise).

    :param read_only: open the on-disk store read-only once it is built, so that several
        processes (lookups, a running server) can use it at once; writes need the default.
    """
    if memory:
        return build(open_store())
    path = path or default_store_path()
    mark = path / _MARK
    path.mkdir(parents=True, exist_ok=True)
    fresh = _is_fresh(mark)
    if read_only and (fresh or (not mark.exists() and any(path.iterdir()))):
        return open_store(path, read_only=True)
    store = open_store(path)
    if fresh:
        return store
    if not mark.exists() and len(store):
        # A store filled some other way (bulk loads, another tool): use it as it is.
        return store
    # New, or built from an older bundle: loading replaces each bundled file's own graph
    # and leaves every other graph (the user's own loads) as it was.
    build(store)
    store.flush()
    mark.write_text(f"{fingerprint()}\n{_stat_signature()}\n")
    from recognition_kg.graph import snapshots

    if snapshots.current(path) is not None:
        # A store that takes writes is read from its snapshots: they must show the new build.
        snapshots.publish(path, store.native)  # type: ignore[attr-defined]
    if read_only:
        store.close()  # let go of the write lock before reopening
        return open_store(path, read_only=True)
    return store
