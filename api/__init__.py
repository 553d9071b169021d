"""The web layer of recognition-kg: a SPARQL 1.1 Protocol endpoint, a read-only Graph Store,
the JSON API of the CLI's lookups, health and metrics, and ``rkg serve``.

- :mod:`~recognition_kg.api.app` — :func:`create_app`, request ids, CORS, logging;
- :mod:`~recognition_kg.api.sparql_endpoint`, :mod:`~recognition_kg.api.graph_store`,
  :mod:`~recognition_kg.api.lookups` — the routes (the OpenAPI document in
  :mod:`~recognition_kg.api.openapi` reads them from the app's URL map);
- :mod:`~recognition_kg.api.executor` — users' queries in killable worker processes (the timeout);
- :mod:`~recognition_kg.api.negotiation` — choosing a format from the engine's format table;
- :mod:`~recognition_kg.api.errors` — the one error body; :mod:`~recognition_kg.api.metrics` — Prometheus counters;
- :mod:`~recognition_kg.api.runtime` — :class:`ServerConfig` (every setting, its default and help) and the
  per-process resources; :mod:`~recognition_kg.api.serve` — the production server (gunicorn);
- :mod:`~recognition_kg.api.cli` — the console script: the engine's commands plus ``serve``.
"""

from __future__ import annotations

from recognition_kg.api.app import create_app
from recognition_kg.api.runtime import ServerConfig

__all__ = ["ServerConfig", "create_app"]
