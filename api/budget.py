"""Each client's budget of SPARQL query time a minute, shared by every worker (off by default).

Wikidata's query service gives each client a minute's worth of query seconds and answers
``429 Too Many Requests`` with ``Retry-After`` past it, so that one client's heavy queries do
not take the endpoint from the others. Here a client is its address; its seconds are kept in
shared memory created before the workers fork, in one of a fixed number of slots chosen by a hash
of the address (two clients that share a slot share a budget: rare, and never more lenient).
A query is refused only once the budget is spent, so the query that spends it runs whole.
"""

from __future__ import annotations

import math
import multiprocessing
import time
import zlib
from typing import Any

__all__ = ["Budget"]

SLOTS = 4096
WINDOW = 60.0


class Budget:
    """Query seconds a client may spend in each minute.

    >>> b = Budget(1.0)
    >>> b.retry_after("10.0.0.1", now=0.0) is None
    True
    >>> b.spend("10.0.0.1", 1.5, now=1.0)
    >>> b.retry_after("10.0.0.1", now=2.0)
    58
    >>> b.retry_after("10.0.0.2", now=2.0) is None
    True
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        ctx = multiprocessing.get_context("fork")
        #: per slot: the minute it counts (its start, as time.time()) and the seconds spent in it
        self._minute: Any = ctx.Array("d", SLOTS)
        self._spent: Any = ctx.Array("d", SLOTS, lock=False)

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def _slot(self, client: str) -> int:
        return zlib.crc32(client.encode()) % SLOTS

    def retry_after(self, client: str, *, now: float | None = None) -> int | None:
        """Seconds until ``client`` may query again, or None while its budget lasts."""
        if not self.enabled:
            return None
        now = time.time() if now is None else now
        i = self._slot(client)
        with self._minute.get_lock():
            start = self._minute[i]
            if now - start >= WINDOW or self._spent[i] < self.seconds:
                return None
            return max(1, math.ceil(float(start) + WINDOW - now))

    def spend(self, client: str, seconds: float, *, now: float | None = None) -> None:
        """Count ``seconds`` of query time against ``client``'s minute."""
        if not self.enabled:
            return
        now = time.time() if now is None else now
        i = self._slot(client)
        with self._minute.get_lock():
            if now - self._minute[i] >= WINDOW:
                self._minute[i], self._spent[i] = now, 0.0
            self._spent[i] += seconds
