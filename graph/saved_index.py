"""The indexes saved beside an on-disk store, kept as long as the store's data version holds.

Reading the status index, the act index and the catalogue takes a third of a second for the
bundled data and minutes at a million acts; a lookup command or a restarted server should not
pay that for data that has not changed. :func:`save` writes the three (pickled) into the store's
directory with the store's :meth:`~recognition_kg.graph.store.Store.data_version` and a hash of
the modules that define them; :func:`load` gives them back only while both still match, so a
write by any program, or a new release of these modules, makes the file stale and it is read
anew. An in-memory store has no directory and keeps nothing.

The file is a pickle: it is trusted as the store directory itself is (this program wrote it
there); never serve a store directory that someone else could write to.

>>> from recognition_kg.graph.store import open_store
>>> with open_store() as s:
...     load(*location(s)) is None
True
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from recognition_kg.graph import act_index, entities, intervals, scans, status_index
from recognition_kg.graph.act_index import ActIndex
from recognition_kg.graph.entities import Catalogue, catalogue
from recognition_kg.graph.scans import ActFacts
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store

__all__ = ["FILE", "Indexes", "load", "location", "read", "save"]

log = logging.getLogger("rkg.index")

#: the file's name in the store's directory
FILE = "rkg-indexes.pickle"


@dataclass(frozen=True)
class Indexes:
    """What a long-lived process (or a lookup command, when saved) answers from."""

    status: StatusIndex
    acts: ActIndex
    catalogue: Catalogue


def read(store: Store) -> Indexes:
    """Read the three from the store (the acts' properties scanned once for both indexes)."""
    facts = ActFacts(store)
    return Indexes(StatusIndex.read(store, facts), ActIndex.read(store, facts), catalogue(store))


def _code() -> str:
    """A hash of the modules whose classes the file holds, or whose rules made them."""
    h = hashlib.sha256()
    for module in (act_index, entities, intervals, scans, status_index):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()


def location(store: Store) -> tuple[Path | None, str | None]:
    """Where ``store``'s indexes are saved (None in memory) and its data version now: what a
    process that copies the store into memory keeps, to load or save them later."""
    directory = getattr(store, "path", None)
    return (Path(directory) if directory is not None else None), store.data_version()


def load(directory: Path | None, version: str | None) -> Indexes | None:
    """The indexes saved in ``directory`` for data of ``version``, or None when there are none
    or they are stale (see :func:`location`)."""
    if directory is None or version is None:
        return None
    path = directory / FILE
    if not path.exists():
        return None
    try:
        with path.open("rb") as fh:
            if pickle.load(fh) != (version, _code()):
                return None
            # Millions of new objects: the collector would walk them again and again meanwhile.
            enabled = gc.isenabled()
            gc.disable()
            try:
                indexes = pickle.load(fh)
            finally:
                if enabled:
                    gc.enable()
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError) as error:
        log.warning("the saved indexes at %s cannot be read (%s): reading them from the store", path, error)
        return None
    return indexes if isinstance(indexes, Indexes) else None


def save(directory: Path | None, version: str | None, indexes: Indexes) -> bool:
    """Write ``indexes`` into ``directory`` (atomically), for data of ``version``; False when
    there is nowhere to write them (an in-memory store, a directory not writable)."""
    if directory is None or version is None:
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".rkg-indexes-", dir=directory)
        os.chmod(tmp, 0o644)  # readable as the store's own files are (mkstemp makes it private)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((version, _code()), fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(indexes, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, directory / FILE)
    except OSError as error:
        log.warning("the indexes cannot be saved in %s: %s", directory, error)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
    return True
