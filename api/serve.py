"""``rkg serve``: the app under gunicorn, several worker processes sharing one store read-only.

Flask's development server is never used. The app is created once in the master process
(preloaded, so that the metrics' shared memory is shared by every worker); each worker opens
the store read-only and starts its own query executors on first use.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from recognition_kg.api.app import create_app
from recognition_kg.api.config import ServerConfig
from recognition_kg.api.front import Front
from recognition_kg.graph.statuses import count_statuses
from recognition_kg.graph.store import open_store

__all__ = ["serve", "store_summary"]

log = logging.getLogger("rkg.serve")


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any], front: Front) -> None:
        self.application = app
        self.options = options
        self.front = front  # read by the workers (api/front.py)
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def store_summary(spec: str) -> tuple[int, int]:
    """Triples and derived statuses of a store (opened read-only for a moment)."""
    with open_store(spec, read_only=True) as store:
        return len(store), count_statuses(store)


def serve(config: ServerConfig) -> None:
    """Serve until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    triples, statuses = store_summary(config.store)
    log.info("serving http://%s:%d/ (SPARQL at /sparql) from the store %s: %d triples, %d statuses; "
             "%d workers x %d query slots, query timeout %gs, max rows %d", config.host, config.port, config.store,
             triples, statuses, config.workers, config.slots, config.query_timeout, config.max_rows)
    app = create_app(config)

    def worker_exit(server: Any, worker: Any) -> None:
        app.extensions["rkg"].close()
        # Leave without interpreter finalisation: tearing down pyoxigraph's native store while
        # Python finalises crashes the worker (SIGSEGV) on some shutdowns.
        logging.shutdown()
        os._exit(0)

    def post_worker_init(worker: Any) -> None:
        # Open the store, start the query executors and start reading the indexes before the first request.
        runtime = app.extensions["rkg"]
        runtime.pool  # noqa: B018
        runtime.catalogue  # noqa: B018
        # The indexes: waited for a little (the bundled data's take a second), then read on in
        # the background while the worker answers from the named queries.
        runtime.start_indexes().join(timeout=10)

    options = {
        "bind": f"{config.host}:{config.port}",
        "workers": config.workers,
        # gunicorn's threaded worker, reading whole requests before a thread takes them.
        "worker_class": "recognition_kg.api.front.ReadAheadWorker",
        "threads": config.slots,
        # gunicorn's own timeout only catches a wedged worker: queries have their own.
        "timeout": int(config.query_timeout) + 30,
        "graceful_timeout": 5,
        # SPARQL clients send queries in the URL (rdflib's SPARQLStore does by default).
        "limit_request_line": 8190,
        "preload_app": True,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "worker_exit": worker_exit,
        "post_worker_init": post_worker_init,
        "proc_name": f"rkg-serve-{os.getpid()}",
    }
    _Server(app, options, Front(config.request_timeout, config.queue, config.max_body)).run()
