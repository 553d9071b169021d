"""Every pair's answer on one day, without a bisection for every pair of the world.

A question about the whole world on one day (the day's export, the map's colours) asks every
pair's answer on that day. A pair's answer changes only on its bounds
(:class:`~recognition_kg.graph.intervals.AnswerSteps`), so on any day a pair is in one of three
states:

- not begun: the day is before its first bound, and it is not recognised;
- *settled*: the day is on or after its last bound, and its answer is its last step's;
- *unsettled*: it has bounds on both sides of the day, and only then is a bisection needed.

For each year the pairs settled before it began with their last answer shown (recognised, or
may be) are kept in pair order, and so are the pairs with a bound in or around it (their first
bound on or before its end, their last on or after its start). A day's answers are the first,
merged with those of the second that are shown on the day: at 1M acts a day's export then looks
at the 50k pairs with bounds around its year, not at all 600k pairs, and never sorts the world.

>>> d = dt.date
>>> from recognition_kg.graph.intervals import Interval, answer_steps
>>> held = answer_steps([("i", Interval("A", "B", d(2000, 1, 1), d(2000, 1, 1), None, None))])
>>> ended = answer_steps([("j", Interval("A", "C", d(2001, 1, 1), d(2001, 6, 1), d(2005, 1, 1), d(2005, 1, 1)))])
>>> days = DayAnswers.of([(("A", "B"), held), (("A", "C"), ended)])
>>> [(day.numbers, day.stepped) for day in map(days.on, [d(1999, 1, 1), d(2001, 3, 1), d(2010, 1, 1)])]
[([], {}), ([0, 1], {1: 1}), ([0], {})]
>>> sorted(days.on(d(2001, 3, 1)).parties)
['A', 'B', 'C']
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from recognition_kg.graph.intervals import AnswerSteps

__all__ = ["Day", "DayAnswers"]


@dataclass(frozen=True)
class Day:
    """The pairs shown on one day (recognised, or may be)."""

    #: their numbers, in pair order
    numbers: list[int]
    #: the step (the index of its answer in its steps) of each one still unsettled on the day: a
    #: settled pair's step is its last
    stepped: dict[int, int]
    #: every entity that is a party to one of them
    parties: set[str]


@dataclass(frozen=True)
class DayAnswers:
    """The pairs of an index by number (their place in pair order), by year."""

    #: each pair's answer steps, and its two parties (one string object per entity), by number
    steps: tuple[AnswerSteps, ...]
    recognisers: tuple[str, ...]
    recognised: tuple[str, ...]
    #: the first year with a bound; for it and each year after, the numbers (in order) of the
    #: pairs settled before that year began whose last answer is shown
    first_year: int
    settled_before: tuple[array[int], ...]
    #: the parties of those pairs, year by year alike
    parties_before: tuple[frozenset[str], ...]
    #: year -> the numbers (in order) of the pairs with their first bound in or before that year
    #: and their last in or after it
    around: dict[int, array[int]]

    @classmethod
    def of(cls, all_steps: Iterable[tuple[tuple[str, str], AnswerSteps]]) -> DayAnswers:
        """Built from every pair's answer steps, pairs in order (``StatusIndex.all_steps``)."""
        items = tuple(all_steps)
        pairs, steps = tuple(p for p, _ in items), tuple(s for _, s in items)
        around: dict[int, list[int]] = defaultdict(list)
        settling: dict[int, list[int]] = defaultdict(list)  # year of the last bound -> pairs shown after it
        for n, s in enumerate(steps):
            first, last = s.bounds[0].year, s.bounds[-1].year
            for year in range(first, last + 1):
                around[year].append(n)
            if s.answers[-1][1]:
                settling[last].append(n)
        first_year = min(around, default=0)
        recognisers, recognised = tuple(sys.intern(p[0]) for p in pairs), tuple(sys.intern(p[1]) for p in pairs)
        settled: list[int] = []
        parties: set[str] = set()
        before: list[array[int]] = []
        named: list[frozenset[str]] = []
        for year in range(first_year, max(around, default=-1) + 2):
            before.append(array("l", settled))
            named.append(frozenset(parties))
            new = settling.get(year, [])
            settled += new
            settled.sort()  # two runs, each in order: a merge
            parties.update(recognisers[n] for n in new)
            parties.update(recognised[n] for n in new)
        return cls(steps, recognisers, recognised, first_year, tuple(before), tuple(named),
                   {year: array("l", numbers) for year, numbers in around.items()})

    def on(self, day: dt.date) -> Day:
        """The pairs whose answer on ``day`` is shown (recognised, or may be)."""
        y = day.year - self.first_year
        if y < 0 or not self.settled_before:
            return Day([], {}, set())
        y = min(y, len(self.settled_before) - 1)
        shown = self.settled_before[y].tolist()
        steps = self.steps
        stepped: dict[int, int] = {}
        extra: list[int] = []
        for n in self.around.get(day.year, ()):
            s = steps[n]
            bounds = s.bounds
            if day >= bounds[-1]:
                if s.answers[-1][1]:
                    extra.append(n)
            elif bounds[0] <= day:
                step = bisect_right(bounds, day)
                if s.answers[step][1]:
                    extra.append(n)
                    stepped[n] = step
        shown += extra
        shown.sort()  # two runs, each in order: a merge
        parties = set(self.parties_before[y])
        parties.update(map(self.recognisers.__getitem__, extra))
        parties.update(map(self.recognised.__getitem__, extra))
        return Day(shown, stepped, parties)

    def step(self, number: int, day: Day) -> int:
        """The step of pair ``number`` on ``day``."""
        return day.stepped.get(number, len(self.steps[number].bounds))
