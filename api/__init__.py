"""The web layer of recognition-kg: a SPARQL 1.1 Protocol endpoint, a Graph Store, curated
writes, the JSON API of the CLI's lookups, health and metrics, and ``rkg serve``.

- :mod:`~recognition_kg.api.app` — :func:`create_app`, request ids, CORS, logging;
- :mod:`~recognition_kg.api.sparql_endpoint`, :mod:`~recognition_kg.api.graph_store`,
  :mod:`~recognition_kg.api.lookups` — the routes (the OpenAPI document in
  :mod:`~recognition_kg.api.openapi` reads them from the app's URL map);
- :mod:`~recognition_kg.api.writes` — SPARQL Update, Graph Store writes and the change log over HTTP;
  :mod:`~recognition_kg.api.writer` — each worker's writer process; :mod:`~recognition_kg.api.auth` —
  curators and their bearer tokens; :mod:`~recognition_kg.api.protocol` — what both protocol
  endpoints read alike;
- :mod:`~recognition_kg.api.executor` — users' queries in killable worker processes (the timeout);
- :mod:`~recognition_kg.api.negotiation` — choosing a format from the engine's format table;
- :mod:`~recognition_kg.api.errors` — the one error body; :mod:`~recognition_kg.api.metrics` — Prometheus counters;
- :mod:`~recognition_kg.api.config` — :class:`ServerConfig`, every setting with its default and help;
  :mod:`~recognition_kg.api.runtime` — the per-process resources; :mod:`~recognition_kg.api.serve` — the
  production server (gunicorn);
- :mod:`~recognition_kg.api.cli` — the console script: the engine's commands plus ``serve``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recognition_kg.api.app import create_app
    from recognition_kg.api.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]


def __getattr__(name: str) -> Any:
    # Lazy, so that the console script's lookups never import Flask (a third of a second).
    if name == "create_app":
        from recognition_kg.api.app import create_app

        return create_app
    if name == "ServerConfig":
        from recognition_kg.api.config import ServerConfig

        return ServerConfig
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
