"""``rkg serve``: the app under gunicorn, several worker processes sharing one store read-only.

Flask's development server is never used. The app is created once in the master process
(preloaded, so that the metrics' shared memory is shared by every worker); each worker opens
the store read-only and starts its own query executors on first use.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import Any

from gunicorn.app.base import BaseApplication

from api.app import create_app
from api.runtime import ServerConfig
from graph.statuses import count_statuses
from graph.store import OxigraphStore

__all__ = ["serve", "store_summary"]

log = logging.getLogger("rkg.serve")


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Any, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def mark_defaulted_content_type(worker: Any, req: Any) -> None:
    """Flag a form Content-Type that the client library filled in, before the app sees it.

    Python's urllib adds ``Content-Type: application/x-www-form-urlencoded`` to any POST that
    does not state one, placing it before ``Host``; a client that states it itself places it
    after (and RFC 9110 asks clients to send ``Host`` first). The SPARQL protocol requires a
    POST to state its type (W3C test ``bad_query_missing_form_type``), so such a request is
    refused, with a message saying why. The flag header is always set by the server:
    one sent by a client is dropped.
    """
    names = [name for name, _ in req.headers]
    req.headers = [(n, v) for n, v in req.headers if n != "X-RKG-DEFAULTED-CONTENT-TYPE"]
    if "CONTENT-TYPE" in names and "HOST" in names and names.index("CONTENT-TYPE") < names.index("HOST"):
        req.headers.append(("X-RKG-DEFAULTED-CONTENT-TYPE", "1"))


def store_summary(path: str) -> tuple[int, int]:
    """Triples and derived statuses of a store (opened read-only for a moment)."""
    store = OxigraphStore(path, read_only=True)
    n = count_statuses(store)
    size = len(store)
    del store
    gc.collect()
    return size, n


def serve(config: ServerConfig, *, host: str, port: int, workers: int) -> None:
    """Serve until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    triples, statuses = store_summary(config.store_path)
    log.info("serving http://%s:%d/ (SPARQL at /sparql) from the store %s: %d triples, %d statuses; "
             "%d workers x %d query slots, query timeout %gs, max rows %d", host, port, config.store_path,
             triples, statuses, workers, config.slots, config.query_timeout, config.max_rows)
    app = create_app(config)

    def worker_exit(server: Any, worker: Any) -> None:
        app.extensions["rkg"].close()
        # Leave without interpreter finalisation: tearing down pyoxigraph's native store while
        # Python finalises crashes the worker (SIGSEGV) on some shutdowns.
        logging.shutdown()
        os._exit(0)

    def post_worker_init(worker: Any) -> None:
        # Open the store and start the query executors before the first request, not during it.
        runtime = app.extensions["rkg"]
        runtime.pool  # noqa: B018
        runtime.catalogue  # noqa: B018

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
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
        "pre_request": mark_defaulted_content_type,
        "post_worker_init": post_worker_init,
        "proc_name": f"rkg-serve-{os.getpid()}",
    }
    _Server(app, options).run()
