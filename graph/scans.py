"""The indexes' rows read by predicate: one scan each, joined here.

A long-lived process reads every status interval, the acts behind them and every act once
(:mod:`~recognition_kg.graph.status_index`, :mod:`~recognition_kg.graph.act_index`). The rows it
needs are those of ``queries/status_index.rq``, ``queries/status_evidence.rq`` and
``queries/acts.rq``, and those queries stay their definition. But on a disk store a query that
joins a dozen patterns with OPTIONALs costs many times the reads of the triples it returns (each
join step looks terms up again): 38 s at 100k acts, 26 minutes at 1M. Here each predicate is read
once with :meth:`~recognition_kg.graph.store.Store.scan` (one index scan, text only) and the rows
are joined in Python dictionaries, which is linear in the triples read.
``tests/test_scans.py`` holds the rows equal to the queries' on the bundled data.

Multi-valued properties give one row per combination, as a SPARQL join does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import product

from rdflib import RDF, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SDO

from recognition_kg.graph.normalise import ACT_CLASSES
from recognition_kg.graph.store import Store
from recognition_kg.ontology import RKG

__all__ = ["act_rows", "evidence_rows", "objects", "status_rows", "typed"]

_NONE: tuple[None] = (None,)


def objects(store: Store, predicate: URIRef) -> dict[str, tuple[str, ...]]:
    """Each subject of ``predicate`` with its objects (each once, in the store's order)."""
    found: dict[str, dict[str, None]] = {}
    for s, o in store.scan(predicate):
        found.setdefault(s, {})[o] = None
    return {s: tuple(os) for s, os in found.items()}


def typed(store: Store, classes: Iterable[URIRef]) -> dict[str, tuple[str, ...]]:
    """Each subject that is an instance of one of ``classes``, with those of its classes."""
    found: dict[str, dict[str, None]] = {}
    for cls in classes:
        for s, o in store.scan(RDF.type, cls):
            found.setdefault(s, {})[o] = None
    return {s: tuple(os) for s, os in found.items()}


def _join(subject: str, var: str, required: Mapping[str, Mapping[str, Sequence[str]]],
          optional: Mapping[str, Mapping[str, Sequence[str]]]) -> Iterator[dict[str, str]]:
    """The rows of one subject: every combination of its required and optional values (a
    subject missing a required property has none)."""
    row = {var: subject}
    several = False
    for name, values in required.items():
        got = values.get(subject)
        if not got:
            return
        row[name] = got[0]
        several = several or len(got) > 1
    for name, values in optional.items():
        got = values.get(subject)
        if got:
            row[name] = got[0]
            several = several or len(got) > 1
    if not several:
        # Nearly every subject has one value of each: one row, no product.
        yield row
        return
    names = list(required) + list(optional)
    columns = [required[n][subject] for n in required] + [optional[n].get(subject) or _NONE for n in optional]
    for combo in product(*columns):
        yield {var: subject} | {n: v for n, v in zip(names, combo, strict=True) if v is not None}


def status_rows(store: Store) -> Iterator[dict[str, str]]:
    """The rows of ``queries/status_index.rq``: every status interval, its parties and bounds."""
    required = {name: objects(store, RKG[name])
                for name in ("recognised", "recogniser", "earliestStart", "latestStart")}
    optional = {name: objects(store, RKG[name]) for name in ("earliestEnd", "latestEnd")}
    for status in typed(store, [RKG.RecognitionStatus]):
        yield from _join(status, "status", required, optional)


class _ActFacts:
    """The properties of every act and of its sources, read once for both kinds of rows."""

    def __init__(self, store: Store, *, timeline: bool) -> None:
        self.types = typed(store, ACT_CLASSES)
        self.derived = objects(store, PROV.wasDerivedFrom)
        names = {"date": RKG.date, "earliestDate": RKG.earliestDate}
        optional = {"precision": RKG.datePrecision, "disputed": RKG.disputed}
        source = {"url": SDO.url, "citation": DCTERMS.bibliographicCitation}
        if timeline:
            names |= {"by": RKG.by, "of": RKG.of, "latestDate": RKG.latestDate}
            optional |= {"label": RDFS.label, "description": DCTERMS.description, "kind": RKG.engagementKind,
                         "mode": RKG.recognitionMode}
            source |= {"publisher": DCTERMS.publisher, "issued": DCTERMS.issued}
        self.required = {"actType": self.types} | {k: objects(store, p) for k, p in names.items()}
        self.optional = {k: objects(store, p) for k, p in optional.items()}
        self.source = {k: objects(store, p) for k, p in source.items()}
        self.timeline = timeline

    def rows(self, act: str) -> Iterator[dict[str, str]]:
        """The act's rows, one per combination of its values and of its sources' (an act with no
        source has rows without one, as the queries' OPTIONAL gives)."""
        sources: list[dict[str, str]] = []
        for iri in self.derived.get(act, ()):
            sources += _join(iri, "source", {}, self.source)
        for row in _join(act, "act", self.required, self.optional):
            if not sources:
                yield row
            for src in sources:
                joined = row | src
                if not self.timeline:
                    del joined["source"]
                yield joined


def evidence_rows(store: Store, statuses: Iterable[str]) -> Iterator[dict[str, str]]:
    """The rows of ``queries/status_evidence.rq`` for ``statuses``: the acts behind each, with
    their dates, precision, dispute flag and sources."""
    facts = _ActFacts(store, timeline=False)
    for status in statuses:
        for act in facts.derived.get(status, ()):
            for row in facts.rows(act):
                yield {"status": status, **row}


def act_rows(store: Store) -> Iterator[dict[str, str]]:
    """The rows of ``queries/acts.rq``: every act with its parties, dates, words and sources."""
    facts = _ActFacts(store, timeline=True)
    for act in facts.types:
        yield from facts.rows(act)
