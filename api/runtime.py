"""What one server process holds (:class:`Runtime`): its store, executors, catalogue and status index.

Web workers are forked after the app is created, and a store handle or an executor must not
cross a fork, so each process builds its :class:`Runtime` on first use (keyed by process id).
How the server runs is :class:`~recognition_kg.api.config.ServerConfig`.

A server that takes writes serves the store's current snapshot
(:mod:`~recognition_kg.graph.snapshots`). Each request first checks whether a newer one was
published (a ``stat`` of one file); if so, the worker lets go of what it derived from the old
data (its copy, catalogue, indexes) and answers from the new snapshot at once, from the named
queries until its indexes are read again. Requests already under way finish on the old data.
:meth:`Runtime.known` gives the same resources for the graph as known at an instant
(:mod:`~recognition_kg.graph.knowledge`), kept for the few last instants asked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recognition_kg import queries
from recognition_kg.api.config import ServerConfig
from recognition_kg.api.executor import QueryPool
from recognition_kg.api.writer import Writer
from recognition_kg.graph import asof, knowledge, saved_index, snapshots
from recognition_kg.graph.act_index import ActIndex
from recognition_kg.graph.entities import Catalogue, catalogue
from recognition_kg.graph.errors import RecognitionKGError
from recognition_kg.graph.scans import ActFacts
from recognition_kg.graph.status_index import StatusIndex, keep_for_the_process
from recognition_kg.graph.statuses import count_statuses
from recognition_kg.graph.store import MEMORY, Store, is_remote, open_store

__all__ = ["Known", "Runtime"]

#: knowledge-time views a worker keeps (each an in-memory copy of the store as known then)
_VIEWS = 4


@dataclass
class Known:
    """The store as known at an instant, with what the lookups read from it: the same names as
    :class:`Runtime`'s (``store``, ``catalogue``, ``index``, ``acts_index``), so that a lookup
    takes either."""

    store: Store
    catalogue: Catalogue
    sequence: int
    index: StatusIndex | None = None
    acts_index: ActIndex | None = None

log = logging.getLogger("rkg.serve")


@dataclass
class Runtime:
    """The per-process resources, created lazily."""

    config: ServerConfig
    _pid: int = -1
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _store: Store | None = None
    _pool: QueryPool | None = None
    _catalogue: Catalogue | None = None
    _index: StatusIndex | None = None
    _acts_index: ActIndex | None = None
    _indexer: threading.Thread | None = None
    _graph_sizes: list[tuple[str, int]] | None = None
    #: the N-Quads file of this worker's in-memory copy, which its executors load
    _copy_file: str | None = None
    #: where the store's indexes are saved, and the data version they are saved for
    _saved_at: tuple[Path | None, str | None] = (None, None)
    #: the snapshot marker the store was opened at (a server taking writes checks it)
    _marker: tuple[int, int] | None = None
    #: bumped when the data is let go of for a newer snapshot: an index read for older data is dropped
    _generation: int = 0
    _views: dict[tuple[str | None, int], Known] = field(default_factory=dict)
    _writer: Writer | None = None
    #: when a remote store's data version was last asked (time.monotonic)
    _checked: float = 0.0

    def _fresh(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._store = self._pool = self._writer = None
            self._forget_data()

    def _forget_data(self) -> None:
        """Let go of everything derived from the data (not the executors, which reopen the store
        themselves when a job names a newer version)."""
        self._store = self._catalogue = self._index = self._acts_index = self._indexer = None
        self._graph_sizes = None
        self._saved_at = (None, None)
        self._marker = None
        self._views = {}
        self._generation += 1
        if self._copy_file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._copy_file)
            self._copy_file = None

    def _watch(self) -> None:
        """Move to newer data: a snapshot a writer published since the store was opened, or, over
        a remote store that other servers and tools write, a new data version (asked of the store
        at most every ``--remote-recheck`` seconds)."""
        if self._store is None:
            return
        if is_remote(self.config.store):
            now = time.monotonic()
            if now - self._checked >= self.config.remote_recheck:
                self._checked = now
                if self._store.data_version() != self._saved_at[1]:
                    self._forget_data()
            return
        if self.config.allow_updates and snapshots.marker(Path(self.config.store)) != self._marker:
            self._forget_data()

    @property
    def store(self) -> Store:
        """This process's store for in-process answers: an in-memory copy when it is small
        enough (the served store never changes), else the read-only handle on disk."""
        with self._lock:
            self._fresh()
            self._watch()
            if self._store is None:
                self._marker = snapshots.marker(Path(self.config.store))
                disk = open_store(self.config.store, read_only=True)
                self._saved_at = saved_index.location(disk)
                self._checked = time.monotonic()
                # A remote store is shared with other servers and writers: never copied.
                if not is_remote(self.config.store) and 0 < len(disk) <= self.config.preload_max_quads:
                    with disk:
                        self._store = disk.in_memory_copy()
                else:
                    self._store = disk
            return self._store

    @property
    def data_version(self) -> str | None:
        """The served data's version (:meth:`~recognition_kg.graph.store.Store.data_version`),
        taken when the store was opened: the worker serves the data as it was then."""
        self.store  # noqa: B018  (opens the store, and takes its version)
        return self._saved_at[1]

    @property
    def pool(self) -> QueryPool:
        """This process's SPARQL executors."""
        store = self.store
        with self._lock:
            self._fresh()
            if self._pool is None:
                # A server taking writes has its executors open each new snapshot themselves.
                copy = self._write_copy(store) if store.spec == MEMORY and not self.config.allow_updates else None
                self._pool = QueryPool(self.config.store, size=self.config.slots, timeout=self.config.query_timeout,
                                       copy=copy)
            return self._pool

    @property
    def writer(self) -> Writer:
        """This process's writer (:mod:`~recognition_kg.api.writer`), started on first use."""
        with self._lock:
            self._fresh()
            if self._writer is None:
                self._writer = Writer(self.config.write_timeout)
            return self._writer

    def _write_copy(self, store: Store) -> str:
        """The in-memory copy written once as N-Quads, for the executors to load: the same
        answers as the disk store, without its term lookups (removed when the worker closes)."""
        fd, path = tempfile.mkstemp(prefix="rkg-store-", suffix=".nq")
        with os.fdopen(fd, "wb") as fh:
            fh.write(store.dump("nquads"))
        self._copy_file = path
        return path

    @property
    def catalogue(self) -> Catalogue:
        """States and governments, read once for each state of the data."""
        store = self.store
        with self._lock:
            if self._catalogue is None or self._store is not store:
                found = catalogue(store)
                if self._store is not store:
                    return found
                self._catalogue = found
            return self._catalogue

    def start_indexes(self) -> threading.Thread:
        """Read the status and act indexes in a thread of their own (once a process): at a
        million acts that takes minutes, and the worker must answer (from the named queries)
        meanwhile. :meth:`~threading.Thread.join` the thread to wait for them."""
        store = self.store
        with self._lock:
            if self._indexer is None:
                self._indexer = threading.Thread(target=self._read_indexes, args=(store, self._generation),
                                                 name="rkg-indexes", daemon=True)
                self._indexer.start()
            return self._indexer

    def _read_indexes(self, store: Store, generation: int) -> None:
        t = time.perf_counter()
        saved_at = self._saved_at
        saved = saved_index.load(*saved_at)
        if saved is not None:
            # Worked out before it is used, not in the first whole-world request; in use (and
            # /healthz "ready") only then, so that no measured request shares the CPU with it.
            saved.status.prepare()
            asof.change_order(saved.status, self.catalogue)
            keep_for_the_process()
            with self._lock:
                if generation != self._generation:
                    return
                self._index, self._acts_index = saved.status, saved.acts
            log.info("status and act indexes loaded from %s in %.1f s: %d intervals", self._saved_at[0],
                     time.perf_counter() - t, len(saved.status.intervals))
            return
        try:
            # The status index first, in use as soon as it is read, not only once the act index
            # (which serves timelines alone) is read too: at 1M acts the two take minutes each.
            # The acts' properties are read once for both indexes, then let go.
            facts = ActFacts(store)
            index = StatusIndex.read(store, facts).prepare()
            asof.change_order(index, self.catalogue)
            keep_for_the_process()  # it lives as long as the process: out of the collector's way
            with self._lock:
                if generation != self._generation:
                    return  # read for data a write has since replaced
                self._index = index
            acts = ActIndex.read(store, facts)
            del facts
            keep_for_the_process()
        except RecognitionKGError as error:  # the store was closed under it: answer from queries
            log.warning("indexes not read: %s", error)
            return
        with self._lock:
            if generation != self._generation:
                return
            self._acts_index = acts
        log.info("status and act indexes read in %.1f s: %d intervals", time.perf_counter() - t, len(index.intervals))
        # Saved for the next start (of this worker's siblings, a restart, a lookup command);
        # several workers may each save the same file: the last rename wins, all are equal.
        if saved_index.save(*saved_at, saved_index.Indexes(index, acts, catalogue(store))):
            log.info("indexes saved in %s", saved_at[0])

    def known(self, known_at: dt.datetime) -> Known:
        """The store as known at ``known_at`` with its catalogue and indexes (read at once:
        a view is asked for again and again, as the page's map is)."""
        store = self.store
        entries = knowledge.known_entries(store, known_at)
        key = (self._saved_at[1], len(entries[1]))
        with self._lock:
            found = self._views.get(key)
        if found is not None:
            return found
        data, sequence = knowledge.view(store, known_at, entries)
        if data is store:
            known = Known(store, self.catalogue, sequence, self.index, self.acts_index)
        elif len(data) <= self.config.preload_max_quads:
            facts = ActFacts(data)
            known = Known(data, catalogue(data), sequence, StatusIndex.read(data, facts).prepare(),
                          ActIndex.read(data, facts))
        else:  # a large view answers from the named queries: its indexes would take minutes to read
            known = Known(data, catalogue(data), sequence)
        with self._lock:
            if self._store is store:
                self._views[key] = known
                while len(self._views) > _VIEWS:
                    old = self._views.pop(next(iter(self._views)))
                    if old.store is not store and old.store.spec != MEMORY:
                        old.store.close()  # a checkpoint on disk: its folder goes (a copy in memory just goes)
        return known

    @property
    def index(self) -> StatusIndex | None:
        """Every status interval with its evidence (:mod:`~recognition_kg.graph.status_index`),
        or None while it is being read: lookups then ask the named queries, with the same answers."""
        if self._index is None:  # once read, a lookup takes no lock for it
            self.start_indexes()
        return self._index

    @property
    def acts_index(self) -> ActIndex | None:
        """Every act by party, for timelines (:mod:`~recognition_kg.graph.act_index`), or None
        while it is being read."""
        if self._acts_index is None:
            self.start_indexes()
        return self._acts_index

    def graph_sizes(self) -> list[tuple[str, int]]:
        """Each named graph with its number of triples (for the service description)."""
        store = self.store
        with self._lock:
            if self._graph_sizes is None:
                rows = store.values(queries.get("graph_sizes").text)
                # Only the store's own data: a Virtuoso store's system graphs are not listed.
                listed = {str(g) for g in store.named_graphs()}
                self._graph_sizes = [(r["g"], int(r["n"])) for r in rows if r["g"] in listed]
            return self._graph_sizes

    def close(self) -> None:
        """Stop the executors of this process and let go of its store."""
        if self._pid != os.getpid():
            return
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        if self._copy_file is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._copy_file)
            self._copy_file = None
        if self._store is not None:
            self._store.close()
            self._store = None
        self._catalogue = self._index = self._acts_index = self._indexer = None

    def info(self) -> dict[str, Any]:
        """Triples, statuses and whether this worker's indexes are read, for liveness and logs."""
        store = self.store
        ready = self._index is not None and self._acts_index is not None
        return {"triples": len(store), "statuses": count_statuses(store), "indexes": "ready" if ready else "reading"}
