"""Each web worker's writer: a process of its own that opens the store for writing.

RocksDB, under pyoxigraph, keeps background threads that a forked process does not inherit:
measured here, a gunicorn worker (forked from a master that had opened the store) that opens
the store for writing hangs in its first flush, forever. So a worker never writes itself: it
hands each write to a writer process started with ``spawn`` (a fresh interpreter, as the query
executors are), which takes the cross-process write lock, commits
(:mod:`~recognition_kg.graph.writes`) and answers the change, or the error, whole. One write at
a time per worker (a lock on the pipe), one at a time across workers (the store's write lock).
A writer that does not answer within the timeout is killed and replaced; the store's
transaction is then committed whole or not at all.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from recognition_kg.graph.errors import NotConformant, NotFound, QueryTimeout, RecognitionKGError, StoreError

__all__ = ["WriteJob", "Writer"]


@dataclass(frozen=True)
class WriteJob:
    """One write: which kind (``update``, ``put``, ``post``, ``delete``) and its arguments for
    the function of :mod:`~recognition_kg.graph.writes` that makes it."""

    kind: str
    spec: str
    curator: str
    message: str | None
    arguments: dict[str, Any]


def _run(job: WriteJob) -> Any:
    import pyoxigraph as ox
    from rdflib import URIRef

    from recognition_kg.graph import writes

    def rdf(media_type: str) -> ox.RdfFormat:
        found = ox.RdfFormat.from_media_type(media_type)
        if found is None:
            raise StoreError(f"no RDF format is {media_type}")
        return found

    a = dict(job.arguments)
    graph = None if a.get("graph") is None else URIRef(a["graph"])
    with writes.writing(job.spec, timeout=a.pop("lock_timeout", 60.0)) as store:
        if job.kind == "update":
            return writes.update(store, a["text"], curator=job.curator, message=job.message, using=a["using"],
                                 using_named=a["using_named"], base_iri=a["base_iri"], started=a["started"])
        if job.kind == "put":
            return writes.put_graph(store, graph, a["data"], rdf(a["media_type"]),
                                    curator=job.curator, message=job.message, base_iri=a["base_iri"])
        if job.kind == "post":
            bodies = [(d, rdf(m)) for d, m in a["bodies"]]
            return writes.post_graphs(store, graph, bodies, curator=job.curator, message=job.message,
                                      base_iri=a["base_iri"])
        if job.kind == "delete":
            if graph is not None and a.get("must_exist") and not store.has_graph(graph):
                raise NotFound(f"there is no graph named {graph}")
            return writes.delete_graph(store, graph, curator=job.curator, message=job.message)
    raise StoreError(f"no such write: {job.kind}")


def _serve(conn: Connection) -> None:
    import logging
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker decides when its writer ends
    # The server's log: each commit is announced before and after it is made.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    # Everything a write needs, loaded now and then kept out of the collector's way: each write
    # ends with a collection (to let go of the store's lock at once), 60 ms over this heap.
    import gc

    from recognition_kg.graph import writes  # noqa: F401
    from recognition_kg.graph.validate import ontology_graph, shapes_graph

    shapes_graph()
    ontology_graph()
    import pyshacl  # noqa: F401

    gc.freeze()
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            break
        if job is None:
            break
        try:
            conn.send(("ok", _run(job)))
        except NotConformant as e:
            from rdflib import Graph

            # The report's SHACL graph stays here: the words and results are what is answered.
            conn.send(("error", NotConformant(e.message, dataclasses.replace(e.report, graph=Graph()), **e.details)))
        except RecognitionKGError as e:
            conn.send(("error", e))
        except OSError as e:
            conn.send(("error", StoreError(f"the write failed: {e}")))


class Writer:
    """A worker's writer process, started on first use and replaced when it fails."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: Any = None

    def _start(self) -> Connection:
        ctx = multiprocessing.get_context("spawn")
        conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child,), daemon=True, name="rkg-writer")
        self._process.start()
        child.close()
        if not conn.poll(120) or conn.recv() != "ready":
            self._kill()
            raise StoreError("the writer process did not start")
        self._conn = conn
        return conn

    def _kill(self) -> None:
        if self._process is not None and self._process.is_alive():
            os.kill(self._process.pid, signal.SIGKILL)
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._conn = self._process = None

    def run(self, job: WriteJob) -> Any:
        """Make one write and return its :class:`~recognition_kg.graph.writes.Change`.

        :raises RecognitionKGError: the write's own error (422, 400, 404...), or QueryTimeout
            when it takes longer than the timeout (the writer is then replaced).
        """
        with self._lock:
            conn = self._conn or self._start()
            try:
                conn.send(job)
                if not conn.poll(self.timeout):
                    self._kill()
                    raise QueryTimeout(f"the write took longer than {self.timeout:g} s and was stopped: it was "
                                       "committed whole or not at all; the change log says which")
                status, value = conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                self._kill()
                raise StoreError("the writer process stopped unexpectedly") from None
        if status == "error":
            raise value
        return value

    def close(self) -> None:
        """Stop the writer process."""
        with self._lock:
            if self._conn is not None:
                try:
                    self._conn.send(None)
                except OSError:
                    pass
            self._kill()
