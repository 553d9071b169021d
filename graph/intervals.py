"""Deriving recognition-status intervals from acts, and answering one interval on one day.

Pure functions, no store: :func:`derive` turns the acts of one (recogniser, recognised) pair
into :class:`Interval` values; :func:`classify` answers an interval on a day; :func:`combine`
merges the answers of several intervals of one pair; :func:`pair_answer` gives a pair's answer
on a day with the intervals behind it, and :func:`since_until` the dates an answer shows. The
lookups and the export both answer through these, so they cannot disagree.

The act kinds come from the ontology (:func:`recognition_kg.ontology.act_kinds`).

The rules (DESIGN.md, "As-of semantics"):

- an interval opens with a recognition (or the establishment of diplomatic relations, which
  presupposes it); a later one while it holds reaffirms it;
- a withdrawal or suspension ends it on its own day; its window never starts before the
  recognition it ends, and the recognition cannot have happened after the end either;
- a disputed end has no latest end: from its earliest day on, the answer stays uncertain
  (until a later recognition settles it);
- a disputed recognition never becomes certain;
- a reversal (rkg:Reversal) cancels the act it concerns: that act does nothing to the answer;
- a denial (rkg:Denial) of an act, by either party, makes that act disputed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from recognition_kg.ontology import act_kinds

__all__ = [
    "END_KINDS",
    "OPENING_KINDS",
    "NEVER",
    "ActDates",
    "ActWindow",
    "Answer",
    "Interval",
    "classify",
    "combine",
    "derive",
    "leading",
    "pair_answer",
    "pair_answer_by_iri",
    "AnswerSteps",
    "answer_steps",
    "cap_at_ends",
    "since_until",
    "suspended_on",
]

Answer = Literal["recognised", "not_recognised", "uncertain"]
#: Acts that end recognition (rkg:EndingAct).
END_KINDS = act_kinds().ending
#: Acts that open recognition (rkg:OpeningAct): diplomatic relations presuppose it.
OPENING_KINDS = act_kinds().opening
REVERSING, DENYING = "Reversal", "Denial"
#: latest start of a recognition that is disputed: it never becomes certain.
NEVER = dt.date.max
_RANK: dict[Answer, int] = {"not_recognised": 0, "uncertain": 1, "recognised": 2}


@dataclass(frozen=True)
class ActWindow:
    """What derivation needs of an act: its kind and the window of days it may fall on."""

    iri: str
    kind: str
    earliest: dt.date
    latest: dt.date
    disputed: bool = False
    #: for a reversal or a denial: the act it is about
    concerns: str | None = None


@dataclass(frozen=True)
class Interval:
    """One stretch of recognition of a pair, with uncertain edges.

    ``earliest_end`` is None while recognition still holds; ``latest_end`` is None while it
    holds or when its end is disputed.
    """

    recogniser: str
    recognised: str
    earliest_start: dt.date
    latest_start: dt.date
    earliest_end: dt.date | None = None
    latest_end: dt.date | None = None
    acts: tuple[str, ...] = field(default=())


def derive(recogniser: str, recognised: str, acts: Iterable[ActWindow]) -> list[Interval]:
    """The status intervals of one pair, from its acts (other kinds of act are ignored).

    :param recogniser: IRI of the recognising party.
    :param recognised: IRI of the recognised party.
    :param acts: the acts of that pair, in any order.
    :returns: intervals in date order; an end with no recognition before it is ignored
        (validation refuses such data before it gets here).

    >>> d = dt.date
    >>> rec = ActWindow("r", "Recognition", d(1997, 5, 26), d(1997, 5, 26))
    >>> wd = ActWindow("w", "Withdrawal", d(2001, 9, 22), d(2001, 9, 22))
    >>> [(i.latest_start, i.earliest_end) for i in derive("PAK", "IEA", [wd, rec])]
    [(datetime.date(1997, 5, 26), datetime.date(2001, 9, 22))]
    >>> undo = ActWindow("u", "Reversal", d(2001, 9, 24), d(2001, 9, 24), concerns="w")
    >>> [(i.latest_start, i.earliest_end) for i in derive("PAK", "IEA", [wd, rec, undo])]
    [(datetime.date(1997, 5, 26), None)]
    """
    acts = list(acts)
    claims = {a.concerns: a.iri for a in acts if a.kind == DENYING and a.concerns}
    relevant = _effective(acts)
    relevant.sort(key=lambda a: (a.earliest, a.kind in END_KINDS, a.latest, a.iri))
    done: list[Interval] = []
    current: Interval | None = None
    pending_ends: list[ActWindow] = []
    for act in relevant:
        if act.kind in OPENING_KINDS:
            if current is None:
                if done and done[-1].latest_end is None and done[-1].earliest_end is not None:
                    # A disputed end is settled by the next recognition: the old stretch is
                    # certainly over (or renewed) once this one is certain.
                    done[-1] = replace(done[-1], latest_end=max(act.latest, done[-1].earliest_end))
                current = Interval(
                    recogniser,
                    recognised,
                    act.earliest,
                    NEVER if act.disputed else act.latest,
                    acts=(act.iri,),
                )
            else:
                current = replace(current, acts=(*current.acts, act.iri))
            # An end whose window began before this recognition's window (a year-precision
            # withdrawal after a day-precision recognition, say) still ends it.
            for end in pending_ends:
                if end.latest >= act.earliest and current is not None:
                    done.append(_close(current, end))
                    current = None
            pending_ends = []
        elif current is not None:
            done.append(_close(current, act))
            current = None
        else:
            pending_ends.append(act)
    if current is not None:
        done.append(current)
    # A denial is part of the evidence of the stretch whose act it disputes.
    return [replace(iv, acts=(*iv.acts, *(claims[a] for a in iv.acts if a in claims))) for iv in done]


def _effective(acts: list[ActWindow]) -> list[ActWindow]:
    """The acts that open or end recognition as the claims about them leave them: reversed acts
    left out, denied ones disputed."""
    cancelled = {a.concerns for a in acts if a.kind == REVERSING}
    denied = {a.concerns for a in acts if a.kind == DENYING}
    return [replace(a, disputed=a.disputed or a.iri in denied) for a in acts
            if (a.kind in OPENING_KINDS or a.kind in END_KINDS) and a.iri not in cancelled]


def _close(interval: Interval, end: ActWindow) -> Interval:
    earliest_end = max(end.earliest, interval.earliest_start)
    latest_end = None if end.disputed else max(end.latest, earliest_end)
    latest_start = interval.latest_start
    if latest_end is not None:
        # The recognition came before its end, so it is certain by the end's last day.
        latest_start = min(latest_start, latest_end)
    return replace(
        interval,
        latest_start=latest_start,
        earliest_end=earliest_end,
        latest_end=latest_end,
        acts=(*interval.acts, end.iri),
    )


def classify(interval: Interval, day: dt.date) -> Answer:
    """The answer one interval gives on ``day``.

    Recognised when ``latest_start <= day < earliest_end``; uncertain in the edges;
    not recognised before ``earliest_start`` and from ``latest_end`` on.

    >>> d = dt.date
    >>> iv = Interval("QAA", "QBB", d(1992, 1, 1), d(1992, 12, 31))
    >>> [classify(iv, x) for x in (d(1991, 12, 31), d(1992, 6, 1), d(1992, 12, 31))]
    ['not_recognised', 'uncertain', 'recognised']
    """
    if day < interval.earliest_start:
        return "not_recognised"
    if interval.latest_end is not None and day >= interval.latest_end:
        return "not_recognised"
    if interval.latest_start <= day and (interval.earliest_end is None or day < interval.earliest_end):
        return "recognised"
    return "uncertain"


def combine(answers: Iterable[Answer]) -> Answer:
    """The answer for a pair from the answers of its intervals: the strongest wins.

    >>> combine(["not_recognised", "uncertain"])
    'uncertain'
    """
    return max(answers, key=_RANK.__getitem__, default="not_recognised")


def pair_answer(intervals: Iterable[Interval], day: dt.date) -> tuple[Answer, tuple[Interval, ...]]:
    """A pair's answer on ``day`` from all its intervals, and the intervals that give that
    answer (none for ``not_recognised``).

    >>> d = dt.date
    >>> old = Interval("A", "B", d(1990, 1, 1), d(1990, 1, 1), d(1995, 1, 1), d(1995, 1, 1))
    >>> new = Interval("A", "B", d(2000, 1, 1), d(2000, 12, 31))
    >>> answer, why = pair_answer([old, new], d(2000, 6, 1))
    >>> answer, [i.earliest_start.year for i in why]
    ('uncertain', [2000])
    """
    # One pass: the strongest answer so far and the intervals that give it.
    answer: Answer = "not_recognised"
    why: list[Interval] = []
    for iv in intervals:
        a = classify(iv, day)
        if a == answer:
            if a != "not_recognised":
                why.append(iv)
        elif _RANK[a] > _RANK[answer]:
            answer, why = a, [iv]
    return answer, tuple(why)


def pair_answer_by_iri(ivs: Sequence[tuple[str, Interval]], day: dt.date) -> tuple[Answer, list[str]]:
    """:func:`pair_answer` for intervals known by IRI: the answer and the IRIs that give it.

    >>> d = dt.date
    >>> pair_answer_by_iri([("i", Interval("A", "B", d(2000, 1, 1), d(2000, 1, 1)))], d(2001, 1, 1))
    ('recognised', ['i'])
    """
    if len(ivs) == 1:
        # Most pairs have one interval: its own answer is the pair's.
        iri, iv = ivs[0]
        answer = classify(iv, day)
        return answer, ([iri] if answer != "not_recognised" else [])
    answer, why = pair_answer((iv for _, iv in ivs), day)
    giving = {id(w) for w in why}
    return answer, [iri for iri, iv in ivs if id(iv) in giving]


@dataclass(frozen=True)
class AnswerSteps:
    """A pair's answer on every day at once: it changes only on its intervals' bounds, so it is
    one answer (with the IRIs that give it) before the first bound and one from each bound on.

    >>> d = dt.date
    >>> steps = answer_steps([("i", Interval("A", "B", d(2000, 1, 1), d(2000, 12, 31), d(2005, 1, 1), d(2005, 1, 1)))])
    >>> [steps.on(x)[0] for x in (d(1999, 1, 1), d(2000, 6, 1), d(2001, 1, 1), d(2005, 1, 1))]
    ['not_recognised', 'uncertain', 'recognised', 'not_recognised']
    """

    bounds: tuple[dt.date, ...]
    #: one more than the bounds: the answer before the first, then from each bound on
    answers: tuple[tuple[Answer, tuple[str, ...]], ...]

    def on(self, day: dt.date) -> tuple[Answer, tuple[str, ...]]:
        """The answer on ``day`` and the IRIs of the intervals that give it."""
        return self.answers[bisect_right(self.bounds, day)]


def answer_steps(ivs: Sequence[tuple[str, Interval]]) -> AnswerSteps:
    """The steps of a pair's answer from its intervals by IRI (:func:`pair_answer_by_iri` on the
    first day of each step): what a process that asks of many days works out once."""
    bounds = sorted({b for _, iv in ivs for b in (iv.earliest_start, iv.latest_start, iv.earliest_end, iv.latest_end)
                     if b is not None})
    answers = []
    for day in (dt.date.min, *bounds):
        answer, giving = pair_answer_by_iri(ivs, day)
        answers.append((answer, tuple(giving)))
    return AnswerSteps(tuple(bounds), tuple(answers))


def leading(intervals: Iterable[Interval]) -> Interval | None:
    """Of the intervals behind an answer, the one whose dates the answer shows: the latest begun."""
    return max(intervals, key=lambda iv: iv.earliest_start, default=None)


@dataclass(frozen=True)
class ActDates:
    """What an answer shows of one act: its kind, its first possible day, its dates as written."""

    kind: str
    earliest: str
    dates: tuple[str, ...]


def since_until(acts: Iterable[ActDates]) -> tuple[str | None, str | None]:
    """The dates an answer shows: ``since``, the first date of the earliest act that opens
    recognition; ``until``, the first date of the latest act that ends it (None when there is none).

    >>> since_until([ActDates("Recognition", "1997-05-25", ("1997-05-25", "1997-05-26")),
    ...              ActDates("Withdrawal", "2001-09-22", ("2001-09-22",))])
    ('1997-05-25', '2001-09-22')
    """
    acts = list(acts)
    opening = [a for a in acts if a.kind in OPENING_KINDS and a.dates]
    ending = [a for a in acts if a.kind in END_KINDS and a.dates]
    since = min(opening, key=lambda a: (a.earliest, a.dates)).dates[0] if opening else None
    until = max(ending, key=lambda a: (a.earliest, a.dates)).dates[0] if ending else None
    return since, until


def suspended_on(acts: Iterable[ActWindow], day: dt.date) -> bool:
    """Whether the pair's recognition stands frozen on ``day``: the last act that opened or ended
    it by then (reversed acts left out) is a suspension. Tallies in the press often still count
    such states; the count answer gives them apart.

    >>> d = dt.date
    >>> rec = ActWindow("r", "Recognition", d(2005, 6, 25), d(2005, 6, 25))
    >>> frz = ActWindow("f", "Suspension", d(2007, 6, 26), d(2007, 6, 26))
    >>> suspended_on([rec, frz], d(2022, 1, 1)), suspended_on([rec, frz], d(2006, 1, 1))
    (True, False)
    """
    past = [a for a in _effective(list(acts)) if a.earliest <= day]
    if not past:
        return False
    return max(past, key=lambda a: (a.earliest, a.kind in END_KINDS)).kind == "Suspension"


def cap_at_ends(intervals: Iterable[Interval], ends: Mapping[str, dt.date]) -> list[Interval]:
    """The intervals with no recognition past the last day either party existed (``ends`` by IRI):
    a state that has ceased to exist recognises nothing and is recognised by no one.

    >>> d = dt.date
    >>> iv = Interval("YUG", "PSE", d(1988, 11, 16), d(1988, 11, 16))
    >>> [(i.earliest_end, i.latest_end) for i in cap_at_ends([iv], {"YUG": d(1992, 4, 27)})]
    [(datetime.date(1992, 4, 28), datetime.date(1992, 4, 28))]
    """
    out = []
    for iv in intervals:
        last = min((ends[p] for p in (iv.recogniser, iv.recognised) if p in ends), default=None)
        if last is None:
            out.append(iv)
            continue
        gone = last + dt.timedelta(days=1)
        if iv.earliest_start >= gone:
            continue
        earliest_end = gone if iv.earliest_end is None else min(iv.earliest_end, gone)
        latest_end = gone if iv.latest_end is None else min(iv.latest_end, gone)
        out.append(replace(iv, earliest_end=earliest_end, latest_end=max(latest_end, earliest_end),
                           latest_start=min(iv.latest_start, max(latest_end, earliest_end))))
    return out
