"""Prometheus metrics shared by every worker process: requests by route and status, timeouts,
query time.

Counters live in shared memory created before the web workers fork, so ``/metrics`` shows the
whole server whichever worker answers it. The routes are the app's URL map (read once it is
built) and the statuses a fixed list, so the memory can be sized up front; anything else is
counted as ``other``.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable
from typing import Any

__all__ = ["Metrics"]

STATUSES = (200, 204, 304, 400, 403, 404, 405, 406, 408, 413, 415, 422, 429, 431, 500, 503, 0)
#: why a request was answered without the app: the front's queue was full, the request was not
#: sent in time, the client had spent its query budget
SHED = ("queue_full", "request_timeout", "over_budget")
BUCKETS = (0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0)


class Metrics:
    """Counters in shared memory.

    >>> m = Metrics(["/sparql"])
    >>> m.request("/sparql", 200, 0.002)
    >>> 'rkg_http_requests_total{route="/sparql",status="200"} 1' in m.render()
    True
    """

    def __init__(self, routes: Iterable[str]) -> None:
        self.routes = (*sorted(set(routes) - {"other"}), "other")
        ctx = multiprocessing.get_context("fork")
        self._requests: Any = ctx.Array("d", len(self.routes) * len(STATUSES))
        self._seconds: Any = ctx.Array("d", len(self.routes) * 2)
        self._query: Any = ctx.Array("d", len(BUCKETS) + 2)
        self._timeouts: Any = ctx.Value("d", 0.0)
        self._shed: Any = ctx.Array("d", len(SHED))

    def request(self, route: str, status: int, seconds: float) -> None:
        """Count one answered request."""
        r = self.routes.index(route) if route in self.routes else len(self.routes) - 1
        s = STATUSES.index(status) if status in STATUSES else len(STATUSES) - 1
        with self._requests.get_lock():
            self._requests[r * len(STATUSES) + s] += 1
        with self._seconds.get_lock():
            self._seconds[r * 2] += seconds
            self._seconds[r * 2 + 1] += 1

    def query(self, seconds: float) -> None:
        """Record the time one SPARQL query took in its executor."""
        with self._query.get_lock():
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    self._query[i] += 1
            self._query[len(BUCKETS)] += seconds
            self._query[len(BUCKETS) + 1] += 1

    def timeout(self) -> None:
        """Count one query stopped for running too long."""
        with self._timeouts.get_lock():
            self._timeouts.value += 1

    def shed(self, reason: str) -> None:
        """Count one request refused for ``reason`` (one of :data:`SHED`)."""
        with self._shed.get_lock():
            self._shed[SHED.index(reason)] += 1

    def render(self) -> str:
        """The Prometheus text exposition format (version 0.0.4)."""
        lines = ["# HELP rkg_http_requests_total HTTP requests answered, by route and status.",
                 "# TYPE rkg_http_requests_total counter"]
        for r, route in enumerate(self.routes):
            for s, status in enumerate(STATUSES):
                n = self._requests[r * len(STATUSES) + s]
                if n:
                    label = "other" if status == 0 else str(status)
                    lines.append(f'rkg_http_requests_total{{route="{route}",status="{label}"}} {int(n)}')
        lines += ["# HELP rkg_http_request_seconds Time spent answering requests, by route.",
                  "# TYPE rkg_http_request_seconds summary"]
        for r, route in enumerate(self.routes):
            if self._seconds[r * 2 + 1]:
                lines.append(f'rkg_http_request_seconds_sum{{route="{route}"}} {self._seconds[r * 2]:.6f}')
                lines.append(f'rkg_http_request_seconds_count{{route="{route}"}} {int(self._seconds[r * 2 + 1])}')
        lines += ["# HELP rkg_sparql_query_seconds Time SPARQL queries took in their executor.",
                  "# TYPE rkg_sparql_query_seconds histogram"]
        for i, bound in enumerate(BUCKETS):
            lines.append(f'rkg_sparql_query_seconds_bucket{{le="{bound}"}} {int(self._query[i])}')
        count = int(self._query[len(BUCKETS) + 1])
        lines.append(f'rkg_sparql_query_seconds_bucket{{le="+Inf"}} {count}')
        lines.append(f"rkg_sparql_query_seconds_sum {self._query[len(BUCKETS)]:.6f}")
        lines.append(f"rkg_sparql_query_seconds_count {count}")
        lines += ["# HELP rkg_sparql_query_timeouts_total SPARQL queries stopped for running too long.",
                  "# TYPE rkg_sparql_query_timeouts_total counter",
                  f"rkg_sparql_query_timeouts_total {int(self._timeouts.value)}",
                  "# HELP rkg_http_shed_total Requests refused to keep the server answering, by reason.",
                  "# TYPE rkg_http_shed_total counter"]
        lines += [f'rkg_http_shed_total{{reason="{r}"}} {int(self._shed[i])}' for i, r in enumerate(SHED)]
        return "\n".join(lines) + "\n"
