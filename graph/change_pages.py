"""The changes between two days from the status index, a page at a time, in the order answers
list them (by the recognised entity's code, then the recogniser's).

Over thirty years at 1M acts half the world's 600k pairs change: an answer of 170 MB, which
no client reads at once. A page starts after a cursor (the last pair of the page before, as
``RECOGNISED,RECOGNISER`` codes) and finds the next ``limit`` pairs that changed, in answer
order, looking at as few pairs as it can: when the range holds few bounds, only the pairs with
a bound in it (the only ones that can change) sorted into answer order; when it holds many,
every pair in answer order from the cursor on, until the page is full.

>>> from recognition_kg.graph.intervals import Interval, answer_steps
>>> d = dt.date
>>> names = {"a": "A", "b": "B", "c": "C"}
>>> def held(a, b, day):
...     return answer_steps([(a + b, Interval(a, b, day, day, None, None))])
>>> order = ChangeOrder.of({("a", "b"): held("a", "b", d(2000, 1, 1)), ("c", "b"): held("c", "b", d(2001, 1, 1))},
...                        [d(2000, 1, 1), d(2000, 1, 1), d(2001, 1, 1), d(2001, 1, 1)],
...                        [("a", "b"), ("a", "b"), ("c", "b"), ("c", "b")], names.__getitem__)
>>> [(pair, was[0], now[0]) for pair, was, now in order.page(d(1999, 1, 1), d(2002, 1, 1), limit=1)[0]]
[(('a', 'b'), 'not_recognised', 'recognised')]
>>> order.page(d(1999, 1, 1), d(2002, 1, 1), limit=1)[1]
('B', 'A')
>>> [pair for pair, _, _ in order.page(d(1999, 1, 1), d(2002, 1, 1), after=("B", "A"))[0]]
[('c', 'b')]
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from recognition_kg.graph.intervals import Answer, AnswerSteps

__all__ = ["Change", "ChangeOrder"]

#: a pair, its answer (with the IRIs that give it) on the first day and on the second
Change = tuple[tuple[str, str], tuple[Answer, tuple[str, ...]], tuple[Answer, tuple[str, ...]]]


@dataclass(frozen=True)
class ChangeOrder:
    """The index's pairs numbered in answer order, with the number of each bound's pair."""

    #: (recognised code, recogniser code) of each pair, in answer order
    keys: tuple[tuple[str, str], ...]
    pairs: tuple[tuple[str, str], ...]
    steps: tuple[AnswerSteps, ...]
    #: every bound of the index in date order, and the number of its pair
    bounds: Sequence[dt.date]
    bound_numbers: array[int]

    @classmethod
    def of(cls, steps: Mapping[tuple[str, str], AnswerSteps], bounds: Sequence[dt.date],
           bound_pairs: Iterable[tuple[str, str]], code: Callable[[str], str]) -> ChangeOrder:
        """Built from each pair's answer steps and the index's bounds in date order with their
        pairs (``StatusIndex.bounds``, ``bound_pairs``); ``code`` names an IRI's code."""
        ordered = sorted(((code(b), code(a)), (a, b)) for a, b in steps)
        number = {pair: n for n, (_, pair) in enumerate(ordered)}
        return cls(tuple(k for k, _ in ordered), tuple(p for _, p in ordered), tuple(steps[p] for _, p in ordered),
                   bounds, array("l", (number[p] for p in bound_pairs)))

    def page(self, start: dt.date, end: dt.date, *, after: tuple[str, str] | None = None,
             limit: int | None = None) -> tuple[list[Change], tuple[str, str] | None]:
        """The pairs whose answer on ``end`` differs from their answer on ``start``, after the
        cursor ``after``, at most ``limit`` of them (all when ``None``); and the cursor of the
        next page (``None`` when this one is the last)."""
        first = bisect_right(self.keys, after) if after is not None else 0
        lo, hi = bisect_right(self.bounds, start), bisect_right(self.bounds, end)
        # Only a pair with a bound in (start, end] can change. A few bounds: those pairs, put in
        # order; many (a span of decades): every pair in order, stopping once the page is full.
        candidates: Iterable[int]
        if (hi - lo) * 4 < len(self.pairs) - first:
            candidates = sorted(set(self.bound_numbers[lo:hi]))
            candidates = candidates[bisect_left(candidates, first):]
        else:
            candidates = range(first, len(self.pairs))
        found: list[Change] = []
        steps, last = self.steps, 0
        for n in candidates:
            s = steps[n]
            was, now = s.answers[bisect_right(s.bounds, start)], s.answers[bisect_right(s.bounds, end)]
            if was[0] != now[0]:
                if limit is not None and len(found) == limit:
                    return found, self.keys[last]
                found.append((self.pairs[n], was, now))
                last = n
        return found, None
