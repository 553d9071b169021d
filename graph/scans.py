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

__all__ = ["ActFacts", "act_rows", "evidence_rows", "objects", "status_rows", "typed"]

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


class ActFacts:
    """The properties of every act and of its sources, read once: the rows of both indexes come
    from them (a process reading both indexes reads the acts' predicates once)."""

    def __init__(self, store: Store) -> None:
        self.types = typed(store, ACT_CLASSES)
        self.derived = objects(store, PROV.wasDerivedFrom)

        def read(names: Mapping[str, URIRef]) -> dict[str, dict[str, tuple[str, ...]]]:
            return {k: objects(store, p) for k, p in names.items()}

        core = {"actType": self.types} | read({"date": RKG.date, "earliestDate": RKG.earliestDate})
        parties = read({"by": RKG.by, "of": RKG.of, "latestDate": RKG.latestDate})
        flags = read({"precision": RKG.datePrecision, "disputed": RKG.disputed})
        words = read({"label": RDFS.label, "description": DCTERMS.description, "kind": RKG.engagementKind,
                      "mode": RKG.recognitionMode})
        cited = read({"url": SDO.url, "citation": DCTERMS.bibliographicCitation})
        published = read({"publisher": DCTERMS.publisher, "issued": DCTERMS.issued})
        # (required, optional, source properties) of each kind of row
        self._evidence = (core, flags, cited)
        self._timeline = (core | parties, flags | words, cited | published)

    def rows(self, act: str, *, timeline: bool) -> Iterator[dict[str, str]]:
        """The act's rows, one per combination of its values and of its sources' (an act with no
        source has rows without one, as the queries' OPTIONAL gives): those of ``acts.rq`` for a
        ``timeline``, else those of ``status_evidence.rq``."""
        required, optional, source = self._timeline if timeline else self._evidence
        sources: list[dict[str, str]] = []
        for iri in self.derived.get(act, ()):
            sources += _join(iri, "source", {}, source)
        for row in _join(act, "act", required, optional):
            if not sources:
                yield row
            for src in sources:
                joined = row | src
                if not timeline:
                    del joined["source"]
                yield joined


def evidence_rows(store: Store, statuses: Iterable[str], facts: ActFacts | None = None) -> Iterator[dict[str, str]]:
    """The rows of ``queries/status_evidence.rq`` for ``statuses``: the acts behind each, with
    their dates, precision, dispute flag and sources (from ``facts`` when read already)."""
    facts = facts or ActFacts(store)
    for status in statuses:
        for act in facts.derived.get(status, ()):
            for row in facts.rows(act, timeline=False):
                yield {"status": status, **row}


def act_rows(store: Store, facts: ActFacts | None = None) -> Iterator[dict[str, str]]:
    """The rows of ``queries/acts.rq``: every act with its parties, dates, words and sources."""
    facts = facts or ActFacts(store)
    for act in facts.types:
        yield from facts.rows(act, timeline=True)
