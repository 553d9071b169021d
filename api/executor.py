"""Running users' SPARQL in worker processes that can be stopped: the query timeout.

pyoxigraph has no query timeout and computes SELECT results lazily, so a query that runs too
long can only be stopped by ending the process that runs it. Each web worker keeps a small
pool of executor processes, each with the store open read-only. A request takes an idle
executor, sends it the job, and waits at most the timeout: the executor answers with the
complete, serialised result (cut at ``max_rows``), or it is killed, replaced in the
background, and the client gets a 503. Nothing is sent before the result is complete, so a
status of 200 always comes with a whole body.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from recognition_kg.api.negotiation import choose
from recognition_kg.graph.errors import QueryTimeout, RecognitionKGError, StoreError
from recognition_kg.graph.formats import RDF_FORMATS, RESULT_FORMATS
from recognition_kg.graph.results import Triples, Written, write
from recognition_kg.graph.sparql import check_query
from recognition_kg.graph.store import Dataset, Store, open_store

__all__ = ["Job", "QueryPool", "Reply", "run_job"]


@dataclass(frozen=True)
class Job:
    """One query to run: its text, the protocol's dataset, and how to answer."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str | None = None
    #: the values of the request's format parameters (:data:`~recognition_kg.api.negotiation.FORMAT_PARAMETERS`)
    formats: tuple[str, ...] = ()
    max_rows: int = 100_000
    base_iri: str | None = None
    #: the data version the request was answered for: an executor that opened older data
    #: (a server taking writes publishes new snapshots) opens the store again first
    version: str | None = None


@dataclass(frozen=True)
class Reply:
    """What an executor answers: a complete response, or an error of the family."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: RecognitionKGError | None = None
    seconds: float = 0.0


def run_job(store: Store, job: Job) -> Reply:
    """Run one job on a store and serialise its result (the executor's whole work).

    The protocol's dataset (``default-graph-uri``, ``named-graph-uri``) wins over the query's
    ``FROM``; with neither, the default graph is the union of the named graphs. Graph names
    only select graphs of the local store: nothing is ever fetched.
    """
    started = time.perf_counter()
    try:
        check_query(job.query)
        dataset = Dataset(job.default_graphs, job.named_graphs)
        written = _written_by_the_store(store, job, dataset)
        if written is None:
            result = store.run(job.query, dataset=dataset, base_iri=job.base_iri, max_rows=job.max_rows)
            fmt = choose(RDF_FORMATS if isinstance(result, Triples) else RESULT_FORMATS, job.accept, job.formats)
            written = write(result, fmt)
        headers = {} if written.rows is None else {"X-Result-Rows": str(written.rows)}
        if written.truncated:
            headers["X-Result-Truncated"] = f"true; max-rows={job.max_rows}"
        return Reply(200, written.content_type, written.body, headers, seconds=time.perf_counter() - started)
    except RecognitionKGError as e:
        return Reply(e.http_status, error=e, seconds=time.perf_counter() - started)
    except OSError as e:
        return Reply(500, error=StoreError(f"the store failed: {e}"), seconds=time.perf_counter() - started)


def _written_by_the_store(store: Store, job: Job, dataset: Dataset) -> Written | None:
    """The result as the store writes it itself, when the client takes a results format and the
    result is short enough (:meth:`~recognition_kg.graph.store.Store.run_written`)."""
    try:
        fmt = choose(RESULT_FORMATS, job.accept, job.formats)
    except RecognitionKGError:  # the client takes only graphs: a CONSTRUCT's, run() will tell
        return None
    return store.run_written(job.query, fmt, dataset=dataset, base_iri=job.base_iri, max_rows=job.max_rows)


def _serve(conn: Connection, spec: str, copy: str | None) -> None:
    """The executor process: open the store read-only (or load the worker's copy of it into
    memory), then answer jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when executors end
    if copy is None:
        store = open_store(spec, read_only=True)
    else:
        store = open_store()
        store.bulk_load(copy, "nquads")
    version = store.data_version()
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            break
        if job is None:
            break
        if copy is None and job.version is not None and job.version != version:
            store.close()
            store = open_store(spec, read_only=True)
            version = store.data_version()
        conn.send(run_job(store, job))
    store.close()


class _Executor:
    def __init__(self, ctx: Any, spec: str, copy: str | None) -> None:
        self.spec = spec
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, spec, copy), daemon=True, name="rkg-query")
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Block until the executor has opened the store."""
        if not self.conn.poll(300) or self.conn.recv() != "ready":
            self.kill()
            raise StoreError(f"a query executor could not open the store at {self.spec}")

    def kill(self) -> None:
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Executor processes for one web worker; ``run`` answers a job or raises QueryTimeout.

    :param spec: the on-disk store, opened read-only by each executor.
    :param size: how many queries this worker runs at once.
    :param timeout: seconds a query may run before its executor is killed.
    :param copy: an N-Quads file of the whole store, which each executor loads into memory
        instead of opening ``spec`` (a store small enough to hold: queries run several times
        faster in memory than through the disk store's term lookups).
    """

    def __init__(self, spec: str, *, size: int, timeout: float, copy: str | None = None) -> None:
        self.spec, self.size, self.timeout, self.copy = spec, size, timeout, copy
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Executor] = queue.Queue()
        self._lock = threading.Lock()
        self._all: list[_Executor] = []
        self._closed = False
        # Start them all, then wait for all: the spawns overlap.
        starting = [_Executor(self._ctx, self.spec, self.copy) for _ in range(size)]
        for ex in starting:
            ex.wait_ready()
            self._all.append(ex)
            self._idle.put(ex)

    def _add(self) -> None:
        ex = _Executor(self._ctx, self.spec, self.copy)
        ex.wait_ready()
        with self._lock:
            if self._closed:
                ex.kill()
                return
            self._all.append(ex)
        self._idle.put(ex)

    def _replace(self, dead: _Executor) -> None:
        dead.kill()
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)
        threading.Thread(target=self._add, daemon=True, name="rkg-respawn").start()

    def run(self, job: Job) -> Reply:
        """Run ``job`` in an idle executor, waiting for one at most the timeout as well.

        :raises QueryTimeout: when no executor is free in time, or the query runs too long.
        """
        deadline = time.monotonic() + self.timeout
        try:
            ex = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"the server is busy: no query slot was free within {self.timeout:g} s") from None
        try:
            ex.conn.send(job)
            if ex.conn.poll(max(0.0, deadline - time.monotonic())):
                reply: Reply = ex.conn.recv()
                self._idle.put(ex)
                return reply
        except (EOFError, OSError, BrokenPipeError):
            self._replace(ex)
            raise StoreError("the query executor stopped unexpectedly") from None
        self._replace(ex)
        raise QueryTimeout(f"the query ran longer than {self.timeout:g} s and was stopped")

    def close(self) -> None:
        """Stop every executor."""
        with self._lock:
            self._closed = True
            for ex in self._all:
                try:
                    ex.conn.send(None)
                except OSError:
                    pass
                ex.kill()
            self._all.clear()
