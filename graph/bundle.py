"""The bundled data (``graph/data/``) and the default on-disk store built from it.

The store is built on first use and rebuilt when the bundled files change (a fingerprint of
their bytes is kept beside the store), so that a new release never answers from old data.
"""

from __future__ import annotations

import hashlib
import os
from importlib.resources import files
from pathlib import Path

from graph.load import load, load_ontology
from graph.store import OxigraphStore, Store

__all__ = ["build", "bundled_files", "default_store_path", "fingerprint", "open_bundled"]

_MARK = "bundle.sha256"


def bundled_files() -> list[Path]:
    """The RDF files of the bundled data, in load order (states before the acts about them)."""
    data = files("graph").joinpath("data")
    found = [Path(str(p)) for p in data.iterdir() if p.name.endswith((".ttl", ".trig", ".nt", ".nq", ".jsonld"))]
    return sorted(found, key=lambda p: (not p.name.startswith("states"), p.name))


def fingerprint() -> str:
    """A hash of the bundled files and the ontology, to tell when a store is stale."""
    from ontology import ONTOLOGY_PATH, SHAPES_PATH

    h = hashlib.sha256()
    for p in [ONTOLOGY_PATH, SHAPES_PATH, *bundled_files()]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def build(store: Store) -> Store:
    """Load the ontology and every bundled file into ``store``."""
    load_ontology(store)
    for path in bundled_files():
        load(store, [path])
    return store


def default_store_path() -> Path:
    """Where the default store lives: ``$RKG_STORE``, else the user's data directory."""
    env = os.environ.get("RKG_STORE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "recognition-kg" / "store"


def open_bundled(path: Path | None = None, *, memory: bool = False) -> Store:
    """A store holding the bundled data: in memory, or on disk at ``path`` (built when
    missing or stale, reused otherwise)."""
    if memory:
        return build(OxigraphStore())
    path = path or default_store_path()
    mark = path / _MARK
    want = fingerprint()
    path.mkdir(parents=True, exist_ok=True)
    store = OxigraphStore(path)
    if mark.exists() and mark.read_text().strip() == want:
        return store
    if not mark.exists() and len(store):
        # A store filled some other way (bulk loads, another tool): use it as it is.
        return store
    # New, or built from an older bundle: loading replaces each bundled file's own graph
    # and leaves every other graph (the user's own loads) as it was.
    build(store)
    store.flush()
    mark.write_text(want + "\n")
    return store
