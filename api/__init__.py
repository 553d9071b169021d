"""The HTTP layer of recognition-kg: a SPARQL 1.1 Protocol endpoint, a read-only Graph Store,
the JSON API of the CLI's lookups, health and metrics.

- :mod:`api.app` — :func:`create_app`, request ids, CORS, logging;
- :mod:`api.sparql_endpoint`, :mod:`api.graph_store`, :mod:`api.lookups` — the routes;
- :mod:`api.executor` — users' queries in killable worker processes (the timeout);
- :mod:`api.negotiation`, :mod:`api.results` — media types and result writers;
- :mod:`api.errors` — the one error body; :mod:`api.metrics` — Prometheus counters;
- :mod:`api.serve` — the production server (gunicorn) behind ``rkg serve``.
"""

from __future__ import annotations

from api.app import create_app
from api.runtime import ServerConfig

__all__ = ["ServerConfig", "create_app"]
