"""As-of lookups: who recognises whom on a day, the status of a pair, timelines, changes, counts.

Each lookup takes a store, reads its named query from ``queries/`` and returns a
JSON-ready dict of the shape the CLI and the API print::

    {"query": {...}, "as_of": "YYYY-MM-DD", "results": [{"code", "label", "iri", "status",
     "since", "until", "acts": [{"iri", "type", "date", "precision", "sources": [url...]}]}]}

The answer of one interval on one day is decided by :func:`recognition_kg.graph.intervals.classify`; the
query only narrows the scan to the intervals that may hold on that day.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from recognition_kg import queries
from recognition_kg.graph.act_index import ActIndex, TimelineAct, gather
from recognition_kg.graph.change_pages import Change, ChangeOrder
from recognition_kg.graph.entities import Catalogue, Entity, catalogue, resolve, resolve_all, search
from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.intervals import (
    ActWindow,
    Answer,
    Interval,
    leading,
    pair_answer,
    pair_answer_by_iri,
    since_until,
    suspended_on,
)
from recognition_kg.graph.status_index import Evidence, StatusIndex, gather_evidence, shown_acts
from recognition_kg.graph.statuses import frozen_pairs, interval_from_row
from recognition_kg.graph.store import Binding, Store
from recognition_kg.ontology import ID

__all__ = ["change_order", "changes", "count", "entities", "recognised_by", "recognisers", "status", "timeline",
           "un_members"]

UN = ID["org/UN"]


@dataclass
class _Status:
    interval: Interval
    #: the acts behind the interval, by IRI
    acts: dict[str, Evidence]


def _day_literal(day: dt.date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


def _intervals(store: Store, day: dt.date, index: StatusIndex | None = None, **bound: str) -> dict[str, Interval]:
    """The intervals that may hold on ``day`` (narrowed by recogniser / recognised IRIs), by
    status IRI, without their evidence: from the index when there is one, else one query."""
    if index is not None:
        return index.may_hold(day, **bound)
    bindings: dict[str, Binding] = {"asOf": _day_literal(day)}
    bindings.update({k: URIRef(v) for k, v in bound.items()})
    return {row["status"]: interval_from_row(row)
            for row in store.values(queries.get("status_intervals").text, bindings)}


def _with_evidence(store: Store, intervals: Mapping[str, Interval],
                   index: StatusIndex | None = None) -> dict[str, _Status]:
    """Each interval with the acts and sources it was derived from (one query for all, or the
    index), by IRI."""
    found = {iri: _Status(iv, {}) for iri, iv in intervals.items()}
    if not found:
        return found
    if index is not None:
        evidence = index.evidence
    else:
        rows = store.values(queries.get("status_evidence").text, {"status": [URIRef(k) for k in found]})
        evidence = gather_evidence(rows)
    for iri, st in found.items():
        st.acts = {e.iri: e for e in evidence.get(iri, ())}
    return found


def _statuses(store: Store, day: dt.date, index: StatusIndex | None = None, **bound: str) -> list[_Status]:
    """The intervals that may hold on ``day`` (narrowed by recogniser / recognised IRIs), each
    with the acts and sources it was derived from: two queries, intervals then evidence (or the
    index)."""
    return list(_with_evidence(store, _intervals(store, day, index, **bound), index).values())


def _by_pair(statuses: Iterable[_Status], day: dt.date) -> dict[tuple[str, str], tuple[Answer, list[_Status]]]:
    """Per (recogniser, recognised) pair, its answer on ``day`` and the intervals that give it
    (the rule is :func:`~recognition_kg.graph.intervals.pair_answer`)."""
    grouped: dict[tuple[str, str], list[_Status]] = {}
    for st in statuses:
        grouped.setdefault((st.interval.recogniser, st.interval.recognised), []).append(st)
    out: dict[tuple[str, str], tuple[Answer, list[_Status]]] = {}
    for pair, sts in grouped.items():
        answer, why = pair_answer((s.interval for s in sts), day)
        out[pair] = (answer, [s for s in sts if s.interval in why])
    return out


def _answers(statuses: Iterable[_Status], day: dt.date, key: str) -> dict[str, tuple[Answer, list[_Status]]]:
    """Per party (the recogniser or the recognised, by ``key``) of pairs that may recognise on
    ``day``, the answer and the intervals that give it."""
    side = 0 if key == "recogniser" else 1
    return {pair[side]: found for pair, found in _by_pair(statuses, day).items() if found[0] != "not_recognised"}


def _result(entity: dict[str, str], answer: Answer, sts: list[_Status]) -> dict[str, Any]:
    acts = {iri: a for s in sts for iri, a in s.acts.items()}
    main_interval = leading(s.interval for s in sts)
    main = next((s for s in sts if s.interval == main_interval), None)
    since, until = since_until(a.shown() for a in main.acts.values()) if main else (None, None)
    return {
        **entity,
        "status": answer,
        "since": since,
        "until": until,
        "acts": [a.to_dict() for a in sorted(acts.values(), key=lambda a: (a.earliest, a.iri))],
    }


def _steps_on(index: StatusIndex, day: dt.date, **party: str) -> Iterator[tuple[tuple[str, str], int, Answer,
                                                                                  tuple[str, ...]]]:
    """From the index: each pair of ``party`` (a recogniser or a recognised IRI) that may
    recognise on ``day``, with its step (a bisection of its answer steps), answer and the IRIs
    of the intervals that give it."""
    for pair in index.pairs_of(**party):
        steps = index.steps(pair)
        step = bisect_right(steps.bounds, day)
        answer, giving = steps.answers[step]
        if answer != "not_recognised":
            yield pair, step, answer, giving


def _results_from_index(store: Store, index: StatusIndex, cat: Catalogue, day: dt.date,
                        **party: str) -> list[dict[str, Any]]:
    """:func:`recognisers` or :func:`recognised_by`'s results from the index: a pair's result
    for each step of its answer is made once and kept in the index's memo, and shared by every
    answer that shows it (answers are read, never written to, as :meth:`Catalogue.name` says)."""
    made: dict[tuple[tuple[str, str], int, int], dict[str, Any]] = index.memo.setdefault("asof.results", {})
    side = 0 if "recognised" in party else 1  # the other party names the result
    results = []
    for pair, step, answer, giving in _steps_on(index, day, **party):
        shown = made.get((pair, step, side))
        if shown is None:
            sts = list(_with_evidence(store, {i: index.intervals[i] for i in giving}, index).values())
            shown = made[(pair, step, side)] = _result(cat.name(pair[side]), answer, sts)
        results.append(shown)
    return results


def _envelope(query: dict[str, Any], day: dt.date | None, results: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"query": query}
    if day is not None:
        out["as_of"] = day.isoformat()
    out["results"] = results
    return out


def recognisers(store: Store, entity: str, day: dt.date, *, cat: Catalogue | None = None,
                index: StatusIndex | None = None) -> dict[str, Any]:
    """Who recognises ``entity`` (a state or a government) on ``day``.

    :param entity: a code, IRI or label.
    :raises NotFound: for an unknown entity, listing the closest matches.
    """
    cat = cat or catalogue(store)
    target = resolve(cat, entity, on=day)
    if index is not None:
        results = _results_from_index(store, index, cat, day, recognised=target.iri)
    else:
        found = _answers(_statuses(store, day, index, recognised=target.iri), day, "recogniser")
        results = [_result(cat.name(iri), ans, sts) for iri, (ans, sts) in found.items()]
    results.sort(key=lambda r: r["code"])
    return _envelope({"lookup": "recognisers", "entity": target.brief()}, day, results)


def recognised_by(store: Store, state: str, day: dt.date, *, cat: Catalogue | None = None,
                  index: StatusIndex | None = None) -> dict[str, Any]:
    """What ``state`` recognises on ``day`` (states and governments)."""
    cat = cat or catalogue(store)
    target = resolve(cat, state, on=day)
    if index is not None:
        results = _results_from_index(store, index, cat, day, recogniser=target.iri)
    else:
        found = _answers(_statuses(store, day, index, recogniser=target.iri), day, "recognised")
        results = [_result(cat.name(iri), ans, sts) for iri, (ans, sts) in found.items()]
    results.sort(key=lambda r: r["code"])
    return _envelope({"lookup": "recognised-by", "state": target.brief()}, day, results)


def status(store: Store, recogniser: str, recognised: str, day: dt.date,
           *, cat: Catalogue | None = None, index: StatusIndex | None = None) -> dict[str, Any]:
    """Whether ``recogniser`` recognises ``recognised`` on ``day``: one result, always.

    Recognising a government is not recognising its state: the pair is taken as named.
    """
    cat = cat or catalogue(store)
    a, b = resolve(cat, recogniser, on=day), resolve(cat, recognised, on=day)
    found = _answers(_statuses(store, day, index, recogniser=a.iri, recognised=b.iri), day, "recognised")
    ans, sts = found.get(b.iri, ("not_recognised", []))
    result = {**_result(b.brief(), ans, sts), "recogniser": a.brief()}
    return _envelope({"lookup": "status", "recogniser": a.brief(), "recognised": b.brief()}, day, [result])


def timeline(store: Store, a: str, b: str | None = None, *, cat: Catalogue | None = None,
             acts_index: ActIndex | None = None) -> dict[str, Any]:
    """Every act between ``a`` and ``b`` (and their governments), or involving ``a``, in date order.

    :param acts_index: the store's act index, when the caller has one (the acts then come from it).
    """
    cat = cat or catalogue(store)
    # A label shared by several governments (the Islamic Emirate of 1996 and of 2021) means
    # all of them: a timeline has no day to choose one by.
    sides_a = resolve_all(cat, a)
    sides_b = resolve_all(cat, b) if b else []
    # Each side with its governments folded in: the acts about Afghanistan are also those
    # about each of its governments.
    parties_a, parties_b = _with_governments(cat, sides_a), _with_governments(cat, sides_b)
    if acts_index is not None:
        found = acts_index.between(sorted(parties_a), parties_b if b else None)
    else:
        party = [URIRef(p) for p in sorted(parties_a)]
        if b:
            # One query per IRI of the second side, both ends bound: a pair's acts, not all of A's.
            rows = [row for other in sorted(parties_b)
                    for row in store.values(queries.get("timeline_pair").text,
                                            {"party": party, "other": URIRef(other)})]
        else:
            rows = store.values(queries.get("timeline").text, {"party": party})
        found = list(gather(rows).values())
    results = [_timeline_entry(act, cat) for act in sorted(found, key=lambda x: (x.earliest, x.latest, x.iri))]
    query: dict[str, Any] = {"lookup": "timeline", "a": [e.brief() for e in sides_a]}
    if b:
        query["b"] = [e.brief() for e in sides_b if e is not None]
    return _envelope(query, None, results)


def _with_governments(cat: Catalogue, sides: Iterable[Entity]) -> set[str]:
    """The IRIs of the entities and of every government that governs one of them."""
    iris = {e.iri for e in sides}
    return iris | {e.iri for e in cat.entities if e.governs in iris}


def _timeline_entry(act: TimelineAct, cat: Catalogue) -> dict[str, Any]:
    dates = sorted(act.dates)
    return {
        "iri": act.iri, "type": act.type, "date": dates[0] if dates else None, "dates": dates,
        "precision": act.precision, "disputed": act.disputed, "by": cat.name(act.by), "of": cat.name(act.of),
        "label": act.label, "description": act.description, "kind": act.kind, "mode": act.mode,
        "sources": sorted(act.sources),
    }


def _answers_by_pair(intervals: Mapping[str, Interval], day: dt.date) -> dict[tuple[str, str], tuple[Answer, set[str]]]:
    """Per pair, its answer on ``day`` and the IRIs of the intervals that give it."""
    grouped: dict[tuple[str, str], list[tuple[str, Interval]]] = {}
    for iri, iv in intervals.items():
        grouped.setdefault((iv.recogniser, iv.recognised), []).append((iri, iv))
    return {pair: _answer_of(ivs, day) for pair, ivs in grouped.items()}


def _answer_of(ivs: Sequence[tuple[str, Interval]], day: dt.date) -> tuple[Answer, set[str]]:
    """A pair's answer on ``day`` from its intervals by IRI, and the IRIs of those that give it."""
    answer, giving = pair_answer_by_iri(ivs, day)
    return answer, set(giving)


def changes(store: Store, start: dt.date, end: dt.date, *, cat: Catalogue | None = None,
            index: StatusIndex | None = None, after: str | None = None,
            limit: int | None = None) -> dict[str, Any]:
    """Every pair whose answer on ``end`` differs from its answer on ``start``, by the recognised
    entity's code, then the recogniser's; a page of them with ``after`` and ``limit``.

    Both days are decided on the intervals alone; evidence is read only for the intervals of the
    pairs that changed (a few of the world's thousands).

    :param after: a cursor, ``RECOGNISED,RECOGNISER`` codes: the changes after that pair (the
        answer's ``next`` when there were more than ``limit``).
    :param limit: at most this many results (all when ``None``); the answer then holds ``next``
        when more follow.
    :raises InvalidRequest: when ``end`` is before ``start``, for a limit below 1 or a cursor that
        is not two codes.
    """
    if end < start:
        raise InvalidRequest(f"to ({end}) is before from ({start})", parameter="to")
    if limit is not None and limit < 1:
        raise InvalidRequest(f"limit {limit} is below 1", parameter="limit")
    cursor = _cursor(after)
    cat = cat or catalogue(store)
    if index is not None:
        found, following = change_order(index, cat).page(start, end, after=cursor, limit=limit)
        return _changes_envelope(start, end, _changes_from_index(index, found, cat), following)
    # The two days' intervals, not a query for the pairs with a bound in the range: Oxigraph
    # joins that one badly (160 s against 3 s at 100k acts, bench/lookups.py).
    on_start, on_end = _intervals(store, start), _intervals(store, end)
    was_on, now_on = _answers_by_pair(on_start, start), _answers_by_pair(on_end, end)
    nothing: tuple[Answer, set[str]] = ("not_recognised", set())
    changed: dict[tuple[str, str], tuple[tuple[Answer, set[str]], tuple[Answer, set[str]]]] = {}
    for pair in set(was_on) | set(now_on):
        was, now = was_on.get(pair, nothing), now_on.get(pair, nothing)
        if was[0] != now[0] and (cursor is None or _key(cat, pair) > cursor):
            changed[pair] = (was, now)
    ordered = sorted(changed, key=lambda pair: _key(cat, pair))
    following = _key(cat, ordered[limit - 1]) if limit is not None and len(ordered) > limit else None
    kept = {pair: changed[pair] for pair in ordered[:limit]}
    wanted = {iri for was, now in kept.values() for iri in was[1] | now[1]}
    read = _with_evidence(store, {iri: on_start.get(iri) or on_end[iri] for iri in sorted(wanted)})
    evidence = {iri: tuple(st.acts.values()) for iri, st in read.items()}
    results: list[dict[str, Any]] = []
    for pair, (was, now) in kept.items():
        results.append({
            "recogniser": cat.name(pair[0]), "recognised": cat.name(pair[1]),
            "before": was[0], "after": now[0],
            "acts": shown_acts(a for s in sorted(was[1] | now[1]) for a in evidence.get(s, ())),
        })
    return _changes_envelope(start, end, results, following)


def _key(cat: Catalogue, pair: tuple[str, str]) -> tuple[str, str]:
    return cat.name(pair[1])["code"], cat.name(pair[0])["code"]


def _cursor(after: str | None) -> tuple[str, str] | None:
    if after is None:
        return None
    recognised, comma, recogniser = after.partition(",")
    if not comma or not recognised.strip() or not recogniser.strip():
        raise InvalidRequest(f"after {after!r} is not RECOGNISED,RECOGNISER (two codes, as an answer's next gives)",
                             parameter="after")
    return recognised.strip(), recogniser.strip()


def change_order(index: StatusIndex, cat: Catalogue) -> ChangeOrder:
    """The index's pairs in the order :func:`changes` lists them, worked out once per index (a
    server's worker does it before it answers) and kept in its memo."""
    found: ChangeOrder | None = index.memo.get("asof.change_order")
    if found is None:
        found = index.memo["asof.change_order"] = ChangeOrder.of(
            dict(index.all_steps), index.bounds, index.bound_pairs, lambda iri: cat.name(iri)["code"])
    return found


def _changes_from_index(index: StatusIndex, found: Iterable[Change], cat: Catalogue) -> list[dict[str, Any]]:
    """:func:`changes`'s results from the index: each changed pair named, with the acts behind
    its answers on both days."""
    name, shown = cat.name, index.shown_acts  # a whole-world loop: names bound once
    return [{"recogniser": name(pair[0]), "recognised": name(pair[1]), "before": was[0], "after": now[0],
             "acts": shown(was[1] if was[1] == now[1] or not now[1] else now[1] if not was[1]
                           else sorted({*was[1], *now[1]}))}
            for pair, was, now in found]


def _changes_envelope(start: dt.date, end: dt.date, results: list[dict[str, Any]],
                      following: tuple[str, str] | None) -> dict[str, Any]:
    out = {"query": {"lookup": "changes", "from": start.isoformat(), "to": end.isoformat()},
           "from": start.isoformat(), "to": end.isoformat(), "results": results}
    if following is not None:
        out["next"] = ",".join(following)
    return out


def un_members(store: Store, day: dt.date, index: StatusIndex | None = None) -> set[str]:
    """The IRIs of the UN member states on ``day``."""
    if index is not None:
        return index.members(str(UN), day)
    rows = store.values(queries.get("members_on").text, {"asOf": _day_literal(day), "organization": UN})
    return {r["member"] for r in rows}


def count(store: Store, entity: str, day: dt.date, *, group: str = "un",
          cat: Catalogue | None = None, index: StatusIndex | None = None) -> dict[str, Any]:
    """How many members of a group recognise ``entity`` on ``day``: certain and uncertain apart.

    :param group: ``"un"`` for the UN member states of that day, ``"states"`` for every state.
    :raises InvalidRequest: for an unknown group.
    """
    cat = cat or catalogue(store)
    target = resolve(cat, entity, on=day)
    if group == "un":
        members = un_members(store, day, index)
    elif group == "states":
        members = {e.iri for e in cat.entities if e.kind == "state"}
    else:
        raise InvalidRequest(f"unknown group {group!r}: use un or states", parameter="group")
    found: Mapping[str, tuple[Answer, object]]
    if index is not None:
        found = {pair[0]: (answer, giving) for pair, _, answer, giving in _steps_on(index, day, recognised=target.iri)}
    else:
        found = _answers(_statuses(store, day, index, recognised=target.iri), day, "recogniser")
    certain = sorted(cat.name(i)["code"] for i, (a, _) in found.items() if a == "recognised" and i in members)
    uncertain = sorted(cat.name(i)["code"] for i, (a, _) in found.items() if a == "uncertain" and i in members)
    # Frozen recognitions are not recognitions, but tallies in the press often count them:
    # they are given apart, so that a reader can reconcile the two.
    # Only the pairs with a suspension at all can stand frozen: their acts alone are read.
    frozen = sorted(cat.name(by)["code"] for by, acts in _frozen_pairs(store, target.iri, index).items()
                    if by in members and by not in found and suspended_on(acts, day))
    return _envelope(
        {"lookup": "count", "entity": target.brief(), "group": group}, day,
        [{"certain": len(certain), "uncertain": len(uncertain), "suspended": len(frozen), "of": len(members),
          "recognisers": certain, "uncertain_recognisers": uncertain, "suspended_recognisers": frozen}],
    )


def _frozen_pairs(store: Store, recognised: str, index: StatusIndex | None) -> Mapping[str, Sequence[ActWindow]]:
    """Per recogniser with a suspension of ``recognised`` at all, the acts of the pair."""
    frozen = index.frozen if index is not None else frozen_pairs(store, recognised)
    return frozen.get(recognised, {})


def entities(cat: Catalogue, text: str | None) -> dict[str, Any]:
    """States and governments whose code or names contain ``text`` (all of them without it)."""
    return {"query": {"lookup": "entities", "text": text}, "results": [e.to_dict() for e in search(cat, text)]}
