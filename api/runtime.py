"""What one server process holds: its read-only store, its query executors, cached catalogues.

Web workers are forked after the app is created, and a store handle or an executor must not
cross a fork, so each process builds its runtime on first use (keyed by process id).
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import dataclass, field
from typing import Any

import queries
from api.executor import QueryPool
from graph.entities import Catalogue, catalogue
from graph.statuses import count_statuses
from graph.store import OxigraphStore, values

__all__ = ["Runtime", "ServerConfig"]


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs.

    :param store_path: the on-disk store, opened read-only by every process.
    :param query_timeout: seconds a SPARQL query may run before it is stopped (503).
    :param max_rows: results are cut after this many rows (or triples), with a header.
    :param slots: SPARQL queries one worker runs at once (its executor processes).
    :param max_body: largest request body accepted, in bytes (413 beyond).
    :param preload_max_quads: the JSON API and the Graph Store answer from an in-memory copy of
        the store when it holds at most this many quads (0: always from disk).
    """

    store_path: str
    query_timeout: float = 10.0
    max_rows: int = 100_000
    slots: int = 4
    max_body: int = 1 << 20
    preload_max_quads: int = 2_000_000


@dataclass
class Runtime:
    """The per-process resources, created lazily."""

    config: ServerConfig
    _pid: int = -1
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _store: OxigraphStore | None = None
    _pool: QueryPool | None = None
    _catalogue: Catalogue | None = None
    _graph_sizes: list[tuple[str, int]] | None = None

    def _fresh(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._store = self._pool = self._catalogue = None
            self._graph_sizes = None

    @property
    def store(self) -> OxigraphStore:
        """This process's store for in-process answers: an in-memory copy when it is small
        enough (the served store never changes), else the read-only handle on disk."""
        with self._lock:
            self._fresh()
            if self._store is None:
                disk = OxigraphStore(self.config.store_path, read_only=True)
                if 0 < len(disk) <= self.config.preload_max_quads:
                    self._store = disk.in_memory_copy()
                    del disk
                else:
                    self._store = disk
            return self._store

    @property
    def pool(self) -> QueryPool:
        """This process's SPARQL executors."""
        with self._lock:
            self._fresh()
            if self._pool is None:
                self._pool = QueryPool(self.config.store_path, size=self.config.slots,
                                       timeout=self.config.query_timeout)
            return self._pool

    @property
    def catalogue(self) -> Catalogue:
        """States and governments, read once: the store does not change while it is served."""
        store = self.store
        with self._lock:
            if self._catalogue is None:
                self._catalogue = catalogue(store)
            return self._catalogue

    def graph_sizes(self) -> list[tuple[str, int]]:
        """Each named graph with its number of triples (for the service description)."""
        store = self.store
        with self._lock:
            if self._graph_sizes is None:
                rows = values(store, queries.get("graph_sizes").text)
                self._graph_sizes = [(r["g"], int(r["n"])) for r in rows]
            return self._graph_sizes

    def close(self) -> None:
        """Stop the executors of this process and let go of its store."""
        if self._pid != os.getpid():
            return
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        # Dropping the store before the interpreter exits avoids tearing down RocksDB while
        # Python is finalising (seen as a worker killed by SIGSEGV at shutdown).
        self._store = None
        self._catalogue = None
        gc.collect()

    def info(self) -> dict[str, Any]:
        """Triples and statuses, for liveness and start-up logs."""
        store = self.store
        return {"triples": len(store), "statuses": count_statuses(store)}
