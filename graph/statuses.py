"""Storing derived recognition statuses: reading acts from a store, writing intervals back.

The rules live in :mod:`recognition_kg.graph.intervals` (pure); this module is the adapter between them and
the store. Statuses live in their own named graph (``GRAPH_STATUSES``) and are redone only
for the pairs a load touches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV, XSD

from recognition_kg import queries
from recognition_kg.graph.intervals import ActWindow, Interval, cap_at_ends, derive
from recognition_kg.graph.store import Binding, Quad, Store
from recognition_kg.ontology import GRAPH_STATUSES, ID, RKG, act_kinds

__all__ = [
    "CLAIM_ACT_TYPES",
    "STATUS_ACT_TYPES",
    "frozen_pairs",
    "group_acts",
    "Pair",
    "acts_by_pair",
    "count_statuses",
    "derive_all",
    "existence_ends",
    "interval_from_row",
    "intervals_for",
    "status_iri",
    "status_quads",
    "stored_status_quads",
]

Pair = tuple[URIRef, URIRef]
#: The act classes status derivation reads (rkg:OpeningAct, rkg:EndingAct and rkg:ClaimAct),
#: bound into queries.
STATUS_ACT_TYPES = act_kinds().iris(act_kinds().status)
CLAIM_ACT_TYPES = act_kinds().iris(act_kinds().claims)


def _day(lit: object) -> dt.date:
    return dt.date.fromisoformat(str(lit))


def acts_by_pair(
    store: Store, *, by: URIRef | None = None, of: URIRef | None = None, except_graphs: Collection[URIRef] = ()
) -> dict[Pair, list[ActWindow]]:
    """The acts that open or end recognition in the store, and the reversals and denials of them,
    grouped by pair, leaving out those of ``except_graphs`` (the graphs a load replaces).

    A denial by the other party (Kosovo denying a withdrawal from it) is grouped with the pair
    of the act it concerns.
    """
    rows: list[dict[str, str]] = []
    directions = [(by, of)] if by is None or of is None else [(by, of), (of, by)]
    for i, (one, other) in enumerate(directions):
        bindings: dict[str, Binding] = {k: v for k, v in (("by", one), ("of", other)) if v is not None}
        bindings["actType"] = (CLAIM_ACT_TYPES if i else STATUS_ACT_TYPES)
        # Plain values, not rdflib terms: a lookup (count, a load's re-derivation) reads many rows.
        rows += store.values(queries.get("derivation_acts").text, bindings)
    return group_acts(rows, except_graphs)


def group_acts(rows: Iterable[Mapping[str, str]],
               except_graphs: Collection[URIRef] = ()) -> dict[Pair, list[ActWindow]]:
    """Rows of ``queries/derivation_acts.rq`` (however they were read) grouped by pair, leaving out
    those of ``except_graphs``, each claim moved to the pair of the act it concerns."""
    grouped: dict[Pair, dict[str, ActWindow]] = defaultdict(dict)
    skip = {str(g) for g in except_graphs}
    for row in rows:
        if row["g"] not in skip:
            _add_window(grouped, row)
    return rehome_claims({pair: list(acts.values()) for pair, acts in grouped.items()})


def frozen_pairs(store: Store, recognised: str | None = None) -> dict[str, dict[str, list[ActWindow]]]:
    """Per recognised party (only ``recognised`` when given), per recogniser that has ever frozen
    its recognition of it (``queries/suspenders.rq``), the acts of that pair: the only pairs that
    can stand frozen on a day (:func:`~recognition_kg.graph.intervals.suspended_on`)."""
    bindings: dict[str, Binding] = {} if recognised is None else {"recognised": URIRef(recognised)}
    out: dict[str, dict[str, list[ActWindow]]] = defaultdict(dict)
    for row in store.values(queries.get("suspenders").text, bindings):
        by, of = URIRef(row["recogniser"]), URIRef(row["recognised"])
        out[str(of)][str(by)] = acts_by_pair(store, by=by, of=of).get((by, of), [])
    return dict(out)


def rehome_claims(pairs: dict[Pair, list[ActWindow]]) -> dict[Pair, list[ActWindow]]:
    """The same acts, each reversal or denial moved to the pair of the act it concerns (when that
    act is among them), since it changes that pair's answer.

    >>> d, a, b = dt.date(2019, 1, 1), URIRef("http://ex/A"), URIRef("http://ex/B")
    >>> w = ActWindow("http://ex/w", "Withdrawal", d, d)
    >>> no = ActWindow("http://ex/no", "Denial", d, d, concerns="http://ex/w")
    >>> [x.iri for x in rehome_claims({(a, b): [w], (b, a): [no]})[(a, b)]]
    ['http://ex/w', 'http://ex/no']
    """
    home = {w.iri: pair for pair, acts in pairs.items() for w in acts if w.concerns is None}
    out: dict[Pair, dict[str, ActWindow]] = defaultdict(dict)
    for pair, acts in pairs.items():
        for w in acts:
            out[home.get(w.concerns, pair) if w.concerns else pair].setdefault(w.iri, w)
    return {pair: list(acts.values()) for pair, acts in out.items()}


def _add_window(grouped: dict[Pair, dict[str, ActWindow]], row: Mapping[str, str]) -> None:
    act = row["act"]
    grouped[(URIRef(row["by"]), URIRef(row["of"]))][act] = ActWindow(
        act,
        row["actType"].rsplit("#", 1)[-1],
        dt.date.fromisoformat(row["earliestDate"]),
        dt.date.fromisoformat(row["latestDate"]),
        row.get("disputed") in ("true", "1"),
        row.get("concerns"),
    )


def intervals_for(pairs: dict[Pair, list[ActWindow]], ends: Mapping[str, dt.date] | None = None) -> list[Interval]:
    """The intervals of every pair, derived from its acts, none past a party's last day (``ends``)."""
    out: list[Interval] = []
    for (by, of), acts in sorted(pairs.items()):
        out.extend(derive(str(by), str(of), acts))
    return cap_at_ends(out, ends or {})


def existence_ends(store: Store) -> dict[str, dt.date]:
    """The last day of each state or government that ceased to exist (``rkg:existsUntil``,
    ``schema:endDate``), by IRI."""
    return {r["entity"]: dt.date.fromisoformat(r["until"]) for r in store.values(queries.get("existence").text)
            if "until" in r}


def status_iri(interval: Interval) -> URIRef:
    """A stable IRI for a status interval: its pair and the first day it may hold."""
    key = f"{interval.recogniser} {interval.recognised}".encode()
    return ID[f"status/{hashlib.sha1(key).hexdigest()[:16]}-{interval.earliest_start.isoformat()}"]


def status_quads(intervals: Iterable[Interval]) -> list[Quad]:
    """The quads of status intervals in the statuses graph."""
    g = GRAPH_STATUSES
    out: list[Quad] = []
    for iv in intervals:
        node = status_iri(iv)
        out += [
            (node, RDF.type, RKG.RecognitionStatus, g),
            (node, RKG.recogniser, URIRef(iv.recogniser), g),
            (node, RKG.recognised, URIRef(iv.recognised), g),
            (node, RKG.earliestStart, Literal(iv.earliest_start.isoformat(), datatype=XSD.date), g),
            (node, RKG.latestStart, Literal(iv.latest_start.isoformat(), datatype=XSD.date), g),
        ]
        if iv.earliest_end is not None:
            out.append((node, RKG.earliestEnd, Literal(iv.earliest_end.isoformat(), datatype=XSD.date), g))
        if iv.latest_end is not None:
            out.append((node, RKG.latestEnd, Literal(iv.latest_end.isoformat(), datatype=XSD.date), g))
        out += [(node, PROV.wasDerivedFrom, URIRef(a), g) for a in iv.acts]
    return out


def stored_status_quads(store: Store, pairs: Iterable[Pair]) -> list[Quad]:
    """The status quads stored now for some pairs (what a re-derivation replaces)."""
    out: list[Quad] = []
    text = queries.get("pair_statuses").text
    for by, of in pairs:
        for row in store.select(text, {"recogniser": by, "recognised": of}):
            out.append((row["status"], row["p"], row["o"], GRAPH_STATUSES))
    return out


def interval_from_row(row: dict[str, str]) -> Interval:
    """A status interval from a query row of lexical values (``recogniser``, ``recognised``,
    ``earliestStart``, ``latestStart``, and ``earliestEnd`` / ``latestEnd`` when bound)."""

    def day(key: str) -> dt.date | None:
        return dt.date.fromisoformat(row[key]) if key in row else None

    return Interval(row["recogniser"], row["recognised"], dt.date.fromisoformat(row["earliestStart"]),
                    dt.date.fromisoformat(row["latestStart"]), day("earliestEnd"), day("latestEnd"))


def count_statuses(store: Store) -> int:
    """How many derived status intervals the store holds."""
    rows = store.values(queries.get("store_summary").text)
    return int(rows[0]["statuses"]) if rows else 0


def derive_all(store: Store) -> int:
    """Recompute every status from scratch (after a bulk load); returns the number of intervals."""
    intervals = intervals_for(acts_by_pair(store), existence_ends(store))
    store.update(f"DROP SILENT GRAPH <{GRAPH_STATUSES}>")
    store.extend(status_quads(intervals))
    return len(intervals)
