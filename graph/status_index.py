"""The status index: every status interval and the evidence behind it, read from a store once.

A process that answers many questions of a store that does not change (a server's worker, a
notebook, a benchmark) reads the derived intervals, their acts and sources, the memberships
and the frozen pairs in a few whole-store queries, and then answers every as-of lookup, the
changes between two days, the counts and the exports from plain dicts: the same rules
(:mod:`~recognition_kg.graph.intervals`) over the same rows the named queries return, without
a query plan per question. A one-shot command (the CLI) asks one question and never builds it.

The index holds what the store held when it was read; a writer builds a new one after a
change (:attr:`StatusIndex.size` is the number of quads it was read from, a cheap check that
it is still current).

>>> from recognition_kg.graph.store import open_store
>>> with open_store() as s:
...     StatusIndex.read(s).intervals
{}
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from itertools import compress
from operator import and_
from typing import Any

from recognition_kg import queries
from recognition_kg.graph.day_answers import DayAnswers
from recognition_kg.graph.intervals import ActDates, ActWindow, AnswerSteps, Interval, answer_steps
from recognition_kg.graph.normalise import precision_name
from recognition_kg.graph.scans import ActFacts, evidence_rows, status_rows
from recognition_kg.graph.statuses import frozen_pairs, interval_from_row
from recognition_kg.graph.store import Store
from recognition_kg.ontology import local_name

__all__ = ["Evidence", "StatusIndex", "gather_evidence", "keep_for_the_process", "shown_acts"]


@dataclass(frozen=True)
class Evidence:
    """An act behind a status interval, as the lookups show it."""

    iri: str
    type: str
    earliest: str
    precision: str | None
    disputed: bool
    #: every date the act carries, as written, in order
    dates: tuple[str, ...]
    #: source URLs, or citations where a source has no URL, in order
    sources: tuple[str, ...]
    #: the sources' URLs alone (what the export lists)
    urls: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The act as an answer shows it: the same dict the lookups build from query rows.

        Made once per act and shared by every answer that shows it (a whole-world lookup shows
        thousands): answers are read, never written to."""
        return self._shown

    @cached_property
    def _shown(self) -> dict[str, Any]:
        return {"iri": self.iri, "type": self.type, "date": self.dates[0] if self.dates else None,
                "dates": list(self.dates), "precision": self.precision, "disputed": self.disputed,
                "sources": list(self.sources)}

    def __getstate__(self) -> dict[str, Any]:
        # Saved (graph/saved_index.py) as its fields alone: the shown dict is made again on use.
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def shown(self) -> ActDates:
        """What an answer shows of the act's dates (:func:`~recognition_kg.graph.intervals.since_until`)."""
        return ActDates(self.type, self.earliest, self.dates)


@dataclass
class _Gathered:
    """An act's rows gathered while the index is read."""

    type: str
    earliest: str
    precision: str | None
    disputed: bool
    dates: dict[str, None] = field(default_factory=dict)
    sources: dict[str, None] = field(default_factory=dict)
    urls: dict[str, None] = field(default_factory=dict)

    def evidence(self, iri: str) -> Evidence:
        # Sorted once here, as every answer shows them.
        return Evidence(iri, self.type, self.earliest, self.precision, self.disputed, tuple(sorted(self.dates)),
                        tuple(sorted(self.sources)), tuple(self.urls))


def shown_acts(acts: Iterable[Evidence]) -> list[dict[str, Any]]:
    """Acts as an answer lists them: each once, by date then IRI (every lookup's one rule)."""
    unique = {a.iri: a for a in acts}
    return [a.to_dict() for a in sorted(unique.values(), key=lambda a: (a.earliest, a.iri))]


def gather_evidence(rows: Iterable[Mapping[str, str]],
                    statuses: Container[str] | None = None) -> dict[str, tuple[Evidence, ...]]:
    """The acts behind each status interval, from rows of ``queries/status_evidence.rq`` (one a
    status, act, date and source), keeping only ``statuses`` when given: the lookups' one reader
    of those rows, for the few intervals of a question and for the whole index alike."""
    acts: dict[str, dict[str, _Gathered]] = defaultdict(dict)
    for row in rows:
        if statuses is not None and row["status"] not in statuses:
            continue
        act = acts[row["status"]].get(row["act"])
        if act is None:
            act = acts[row["status"]][row["act"]] = _Gathered(
                local_name(row["actType"]), row["earliestDate"], precision_name(row.get("precision")),
                row.get("disputed") in ("true", "1"))
        # dicts, not sets: each date and source once, in the order the query gives
        act.dates[row["date"]] = None
        source = row.get("url") or row.get("citation")
        if source is not None:
            act.sources[source] = None
        if "url" in row:
            act.urls[row["url"]] = None
    return {status: tuple(a.evidence(iri) for iri, a in by_act.items()) for status, by_act in acts.items()}


@dataclass(frozen=True)
class _Membership:
    organization: str
    member: str
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True)
class StatusIndex:
    """Every status interval of a store by IRI, grouped by each party, with its evidence."""

    intervals: Mapping[str, Interval]
    evidence: Mapping[str, tuple[Evidence, ...]]
    by_recogniser: Mapping[str, tuple[str, ...]]
    by_recognised: Mapping[str, tuple[str, ...]]
    by_pair: Mapping[tuple[str, str], tuple[str, ...]]
    memberships: tuple[_Membership, ...]
    #: recognised IRI -> recogniser IRI -> the pair's acts, for the pairs with a suspension
    frozen: Mapping[str, Mapping[str, Sequence[ActWindow]]]
    #: the number of quads of the store when it was read
    size: int
    #: every bound (the four of each interval) in date order, and the pair of each
    bounds: tuple[dt.date, ...]
    bound_pairs: tuple[tuple[str, str], ...]
    #: what callers derive from the index once and keep as long as it lives (the export's text of
    #: each edge), by the caller's own key: the index never changes, so neither does what it holds
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    #: what the index works out on first use and keeps: each pair's answer steps, each
    #: interval's acts as answers show them
    _steps: dict[tuple[str, str], AnswerSteps] = field(default_factory=dict, compare=False, repr=False)
    _shown: dict[str, list[dict[str, Any]]] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # Saved (graph/saved_index.py) without what is derived on use (and may grow meanwhile).
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _DERIVED}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, **{name: {} for name in _DERIVED})

    def steps(self, pair: tuple[str, str]) -> AnswerSteps:
        """The pair's answer on every day (:class:`~recognition_kg.graph.intervals.AnswerSteps`),
        worked out on first use: a question of two days (``changes``) is then two bisections a pair."""
        found = self._steps.get(pair)
        if found is None:
            found = self._steps[pair] = answer_steps(self.pair_intervals.get(pair, ()))
        return found

    def pairs_of(self, *, recogniser: str | None = None, recognised: str | None = None) -> Sequence[tuple[str, str]]:
        """The pairs with ``recogniser`` (or ``recognised``) as that party, in pair order."""
        if recogniser is not None and recognised is not None:
            return [(recogniser, recognised)] if (recogniser, recognised) in self.by_pair else []
        by_recogniser, by_recognised = self._pairs_by_party
        if recogniser is not None:
            return by_recogniser.get(recogniser, ())
        return by_recognised.get(recognised or "", ())

    @cached_property
    def _pairs_by_party(self) -> tuple[dict[str, tuple[tuple[str, str], ...]], dict[str, tuple[tuple[str, str], ...]]]:
        by_recogniser: dict[str, list[tuple[str, str]]] = defaultdict(list)
        by_recognised: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for pair in self.pair_intervals:
            by_recogniser[pair[0]].append(pair)
            by_recognised[pair[1]].append(pair)
        return ({k: tuple(v) for k, v in by_recogniser.items()}, {k: tuple(v) for k, v in by_recognised.items()})

    def prepare(self) -> StatusIndex:
        """Work out now what lookups would work out on first use (each pair's answer steps, the
        pairs by party and in order, the intervals in order), so that no request pays for it: what
        a server's worker does once its index is read. Returns the index."""
        self.all_steps  # noqa: B018
        self.day_answers  # noqa: B018
        self._pairs_by_party  # noqa: B018
        self.in_order  # noqa: B018
        self._spans  # noqa: B018
        return self

    @cached_property
    def all_steps(self) -> tuple[tuple[tuple[str, str], AnswerSteps], ...]:
        """Every pair with its answer steps, pairs in order: what a question of one day about the
        whole world (the day's export) walks, made on first use."""
        return tuple((pair, self.steps(pair)) for pair in self.pair_intervals)

    @cached_property
    def day_answers(self) -> DayAnswers:
        """Every pair's answer on any one day, looking only at the pairs unsettled around it
        (:mod:`~recognition_kg.graph.day_answers`); pairs numbered as in :attr:`all_steps`."""
        return DayAnswers.of(self.all_steps)

    def shown_acts(self, intervals: Iterable[str]) -> list[dict[str, Any]]:
        """The acts behind ``intervals`` (IRIs) as answers show them, each once, by date then IRI;
        one interval's list is made once and copied after (its dicts shared, as
        :meth:`Evidence.to_dict` says)."""
        iris = tuple(intervals)
        if len(iris) == 1:
            found = self._shown.get(iris[0])
            if found is None:
                found = self._shown[iris[0]] = self._sorted_acts(iris)
            return list(found)
        return self._sorted_acts(iris)

    def _sorted_acts(self, iris: Iterable[str]) -> list[dict[str, Any]]:
        return shown_acts(a for iri in iris for a in self.evidence.get(iri, ()))

    @classmethod
    def read(cls, store: Store, facts: ActFacts | None = None) -> StatusIndex:
        """Read the index from a store: the rows of ``status_index.rq`` and ``status_evidence.rq``
        by predicate scans (:mod:`~recognition_kg.graph.scans`), the memberships, and two queries
        per frozen pair; the acts' properties from ``facts`` when the caller read them already."""
        size = len(store)
        intervals = {row["status"]: interval_from_row(row) for row in status_rows(store)}
        evidence = gather_evidence(evidence_rows(store, intervals, facts))
        by_recogniser: dict[str, list[str]] = defaultdict(list)
        by_recognised: dict[str, list[str]] = defaultdict(list)
        by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
        marks: list[tuple[dt.date, tuple[str, str]]] = []
        for iri, iv in intervals.items():
            pair = (iv.recogniser, iv.recognised)
            by_recogniser[iv.recogniser].append(iri)
            by_recognised[iv.recognised].append(iri)
            by_pair[pair].append(iri)
            marks += [(b, pair) for b in (iv.earliest_start, iv.latest_start, iv.earliest_end, iv.latest_end)
                      if b is not None]
        marks.sort()
        memberships = tuple(
            _Membership(r["organization"], r["member"], dt.date.fromisoformat(r["start"]),
                        dt.date.fromisoformat(r["end"]) if "end" in r else None)
            for r in store.values(queries.get("memberships").text))
        return cls(intervals, evidence, _tuples(by_recogniser), _tuples(by_recognised), _tuples(by_pair),
                   memberships, frozen_pairs(store), size, tuple(m[0] for m in marks), tuple(m[1] for m in marks))

    def may_hold(self, day: dt.date, *, recogniser: str | None = None,
                 recognised: str | None = None) -> dict[str, Interval]:
        """The intervals that may hold on ``day`` (started at the earliest by then, not certainly
        ended), narrowed by either party: what ``queries/status_intervals.rq`` selects."""
        if recogniser is not None and recognised is not None:
            candidates: tuple[str, ...] | list[str] = self.by_pair.get((recogniser, recognised), ())
        elif recogniser is not None:
            candidates = self.by_recogniser.get(recogniser, ())
        elif recognised is not None:
            candidates = self.by_recognised.get(recognised, ())
        else:
            candidates = list(self.intervals)
        out: dict[str, Interval] = {}
        for iri in candidates:
            iv = self.intervals[iri]
            if iv.earliest_start <= day and (iv.latest_end is None or day < iv.latest_end):
                out[iri] = iv
        return out

    def pairs_that_may_change(self, start: dt.date, end: dt.date) -> set[tuple[str, str]]:
        """The pairs with a bound in (``start``, ``end``]: the only pairs whose answer on ``end``
        can differ from their answer on ``start``, since an interval's answer on a day depends
        only on which of its bounds fall on or before that day."""
        lo, hi = bisect_right(self.bounds, start), bisect_right(self.bounds, end)
        return set(self.bound_pairs[lo:hi])

    @cached_property
    def pair_intervals(self) -> dict[tuple[str, str], tuple[tuple[str, Interval], ...]]:
        """Each pair's intervals with their IRIs, as a pair's answer is decided from them, pairs in
        order (made on first use: a cached property writes the instance's own dict, frozen or not)."""
        return {pair: tuple((iri, self.intervals[iri]) for iri in self.by_pair[pair]) for pair in sorted(self.by_pair)}

    def numbers_within(self, start: dt.date | None, end: dt.date | None) -> list[int]:
        """The numbers (places in :attr:`in_order`) of the intervals that may hold on some day of
        [``start``, ``end``] (either bound open): what ``queries/network.rq`` selects, over plain
        day numbers rather than 600k intervals' attributes."""
        firsts, lasts = self._spans[:2]
        hi = end.toordinal() if end is not None else _OPEN
        lo = start.toordinal() if start is not None else 0
        # Both tests made by map() and the numbers picked by compress(): a walk over 600k
        # intervals in C, not in the interpreter.
        held = map(and_, map(hi.__ge__, firsts), map(lo.__lt__, lasts))
        return list(compress(range(len(firsts)), held))

    @cached_property
    def _spans(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...], tuple[str, ...]]:
        """Of each interval in :attr:`in_order`: its earliest start and latest end as day numbers
        (an open end after every day), its recogniser and its recognised entity."""
        ivs = [iv for _, iv in self.in_order]
        return (tuple(iv.earliest_start.toordinal() for iv in ivs),
                tuple(iv.latest_end.toordinal() if iv.latest_end else _OPEN for iv in ivs),
                # One string object per entity (interned), not one per interval: a set of the
                # parties of 600k intervals then reads 10k objects, not 1.2M scattered ones.
                tuple(sys.intern(iv.recogniser) for iv in ivs), tuple(sys.intern(iv.recognised) for iv in ivs))

    def parties_of(self, numbers: Iterable[int]) -> set[str]:
        """Both parties of each interval of ``numbers`` (places in :attr:`in_order`)."""
        numbers = numbers if isinstance(numbers, list) else list(numbers)
        recognisers, recognised = self._spans[2:]
        return set(map(recognisers.__getitem__, numbers)) | set(map(recognised.__getitem__, numbers))

    def parties_within(self, start: dt.date | None, end: dt.date | None) -> set[str]:
        """The parties of the intervals of :meth:`numbers_within`, found by a bisection an entity
        (10k at 1M acts), not a look at each of 600k intervals."""
        lo = start.toordinal() if start is not None else 0
        hi = end.toordinal() if end is not None else _OPEN
        return {party for party, (firsts, ends) in self._party_spans.items()
                if (k := bisect_right(firsts, hi)) and ends[k - 1] > lo}

    @cached_property
    def _party_spans(self) -> dict[str, tuple[list[int], list[int]]]:
        """Each entity's intervals (as party) by earliest start, with the latest end so far."""
        by_party: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for first, last, recogniser, recognised in zip(*self._spans, strict=True):
            by_party[recogniser].append((first, last))
            by_party[recognised].append((first, last))
        spans = {}
        for party, found in by_party.items():
            found.sort()
            latest, ends = 0, []
            for _, last in found:
                latest = max(latest, last)
                ends.append(latest)
            spans[party] = ([first for first, _ in found], ends)
        return spans

    @cached_property
    def in_order(self) -> tuple[tuple[str, Interval], ...]:
        """Every interval with its IRI, by IRI: what :meth:`within` walks, so that its answer
        comes in the order the export writes (made on first use)."""
        return tuple(sorted(self.intervals.items()))

    def members(self, organization: str, day: dt.date) -> set[str]:
        """The members of ``organization`` on ``day`` (observers are not members)."""
        return {m.member for m in self.memberships
                if m.organization == organization and m.start <= day and (m.end is None or day < m.end)}


_DERIVED = ("memo", "_steps", "_shown")
_OPEN = dt.date.max.toordinal() + 1  # the day number of an open end: after every day


def _tuples(groups: Mapping[Any, list[str]]) -> dict[Any, tuple[str, ...]]:
    return {k: tuple(v) for k, v in groups.items()}


def keep_for_the_process() -> None:
    """Take every object alive now (the indexes just read) out of the cyclic collector's passes,
    and make its full passes rarer: a process-wide setting, for a process that keeps its indexes
    to the end (a server's worker, a benchmark).

    Python's full collection walks every tracked object; with millions held by the indexes each
    pass cost more than the lookup that set it off (a whole-world lookup ran 4x slower). Frozen,
    they are never walked; and since the frozen objects no longer count as long-lived, full
    passes would come every tenth middle pass: one in a hundred keeps a 30-year ``changes`` at
    100k acts at 1.7 s instead of 2.9 s.
    """
    gc.collect()
    gc.freeze()
    first, second, _ = gc.get_threshold()
    gc.set_threshold(first, second, 100)
