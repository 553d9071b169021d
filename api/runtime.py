"""What one server process holds (:class:`Runtime`): its store, executors, catalogue and status index.

Web workers are forked after the app is created, and a store handle or an executor must not
cross a fork, so each process builds its :class:`Runtime` on first use (keyed by process id).
How the server runs is :class:`~recognition_kg.api.config.ServerConfig`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any

from recognition_kg import queries
from recognition_kg.api.config import ServerConfig
from recognition_kg.api.executor import QueryPool
from recognition_kg.graph.act_index import ActIndex
from recognition_kg.graph.entities import Catalogue, catalogue
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.statuses import count_statuses
from recognition_kg.graph.store import Store, open_store

__all__ = ["Runtime"]


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
    _graph_sizes: list[tuple[str, int]] | None = None

    def _fresh(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._store = self._pool = self._catalogue = self._index = self._acts_index = None
            self._graph_sizes = None

    @property
    def store(self) -> Store:
        """This process's store for in-process answers: an in-memory copy when it is small
        enough (the served store never changes), else the read-only handle on disk."""
        with self._lock:
            self._fresh()
            if self._store is None:
                disk = open_store(self.config.store, read_only=True)
                if 0 < len(disk) <= self.config.preload_max_quads:
                    with disk:
                        self._store = disk.in_memory_copy()
                else:
                    self._store = disk
            return self._store

    @property
    def pool(self) -> QueryPool:
        """This process's SPARQL executors."""
        with self._lock:
            self._fresh()
            if self._pool is None:
                self._pool = QueryPool(self.config.store, size=self.config.slots, timeout=self.config.query_timeout)
            return self._pool

    @property
    def catalogue(self) -> Catalogue:
        """States and governments, read once: the store does not change while it is served."""
        store = self.store
        with self._lock:
            if self._catalogue is None:
                self._catalogue = catalogue(store)
            return self._catalogue

    @property
    def index(self) -> StatusIndex:
        """Every status interval with its evidence, read once for the same reason: each lookup
        then answers from memory (:mod:`~recognition_kg.graph.status_index`)."""
        store = self.store
        with self._lock:
            if self._index is None:
                self._index = StatusIndex.read(store)
            return self._index

    @property
    def acts_index(self) -> ActIndex:
        """Every act by party, read once, for timelines (:mod:`~recognition_kg.graph.act_index`)."""
        store = self.store
        with self._lock:
            if self._acts_index is None:
                self._acts_index = ActIndex.read(store)
            return self._acts_index

    def graph_sizes(self) -> list[tuple[str, int]]:
        """Each named graph with its number of triples (for the service description)."""
        store = self.store
        with self._lock:
            if self._graph_sizes is None:
                rows = store.values(queries.get("graph_sizes").text)
                self._graph_sizes = [(r["g"], int(r["n"])) for r in rows]
            return self._graph_sizes

    def close(self) -> None:
        """Stop the executors of this process and let go of its store."""
        if self._pid != os.getpid():
            return
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        if self._store is not None:
            self._store.close()
            self._store = None
        self._catalogue = self._index = self._acts_index = None

    def info(self) -> dict[str, Any]:
        """Triples and statuses, for liveness and start-up logs."""
        store = self.store
        return {"triples": len(store), "statuses": count_statuses(store)}
