"""How the server runs (:class:`ServerConfig`) and what one server process holds (:class:`Runtime`).

:class:`ServerConfig` owns every setting of the server with its default and its help text;
``rkg serve`` builds its options from it, so that the two never disagree. Web workers are
forked after the app is created, and a store handle or an executor must not cross a fork, so
each process builds its :class:`Runtime` on first use (keyed by process id).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field, fields
from typing import Any

from recognition_kg import queries
from recognition_kg.api.executor import QueryPool
from recognition_kg.graph.entities import Catalogue, catalogue
from recognition_kg.graph.statuses import count_statuses
from recognition_kg.graph.store import Store, open_store

__all__ = ["Runtime", "ServerConfig", "Setting", "settings"]


def _setting(default: Any, help: str, *, minimum: float | None = None, maximum: float | None = None) -> Any:
    return field(default=default, metadata={"help": help, "min": minimum, "max": maximum})


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs: each field is one ``rkg serve`` option, with its default and help."""

    store: str = field(default="", metadata={"help": "The on-disk store to serve (default: the bundled store, "
                                                     "built when new).", "min": None, "max": None})
    host: str = _setting("127.0.0.1", "Address to listen on.")
    port: int = _setting(5000, "Port to listen on.", minimum=0, maximum=65535)
    workers: int = _setting(2, "Web worker processes.", minimum=1, maximum=64)
    slots: int = _setting(4, "SPARQL queries each worker runs at once (threads and executor processes).",
                          minimum=1, maximum=64)
    query_timeout: float = _setting(10.0, "Seconds a SPARQL query may run before it is stopped with a 503.",
                                    minimum=0.1, maximum=3600)
    max_rows: int = _setting(100_000, "Results are cut after this many rows, with an X-Result-Truncated header.",
                             minimum=1)
    max_body: int = _setting(1 << 20, "Largest request body accepted, in bytes (413 beyond).", minimum=1)
    preload_max_quads: int = _setting(2_000_000, "Answer the JSON API from an in-memory copy of stores up to "
                                                 "this size (0: never).", minimum=0)


@dataclass(frozen=True)
class Setting:
    """One field of :class:`ServerConfig` as a command-line option sees it."""

    name: str
    type: type
    default: Any
    help: str
    minimum: float | None
    maximum: float | None

    @property
    def option(self) -> str:
        """The option's spelling: ``--query-timeout``."""
        return "--" + self.name.replace("_", "-")


def settings() -> list[Setting]:
    """The fields of :class:`ServerConfig`, in order, for building command-line options.

    >>> [s.option for s in settings()][:3]
    ['--store', '--host', '--port']
    """
    kinds = {"str": str, "int": int, "float": float}
    return [Setting(f.name, kinds[str(f.type)], f.default, f.metadata["help"], f.metadata["min"], f.metadata["max"])
            for f in fields(ServerConfig)]


@dataclass
class Runtime:
    """The per-process resources, created lazily."""

    config: ServerConfig
    _pid: int = -1
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _store: Store | None = None
    _pool: QueryPool | None = None
    _catalogue: Catalogue | None = None
    _graph_sizes: list[tuple[str, int]] | None = None

    def _fresh(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._store = self._pool = self._catalogue = None
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
        self._catalogue = None

    def info(self) -> dict[str, Any]:
        """Triples and statuses, for liveness and start-up logs."""
        store = self.store
        return {"triples": len(store), "statuses": count_statuses(store)}
