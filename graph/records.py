"""Plain records (dicts of strings) to RDF in the ontology: the one mapping from tables to triples.

Tests build stores from the as-of cases through it, the benchmark generator writes its
synthetic acts through it, and the curators' table importer maps rows through it. IRIs are
minted here, stable across rebuilds: ``id/state/CODE``, ``id/government/CODE``,
``id/act/ID``, ``id/source/<hash of the URL>``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import IO

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD
from rdflib.term import Node

from recognition_kg.graph.dates import DATATYPES, coarsest
from recognition_kg.graph.normalise import PRECISION_CONCEPTS, act_window
from recognition_kg.ontology import ID, RKG, act_kinds

__all__ = [
    "ActRecord",
    "EntityRecord",
    "SourceRecord",
    "act_iri",
    "entity_iri",
    "source_iri",
    "to_graph",
    "triples",
    "write_ntriples",
]

SCHEMA = "https://schema.org/"
_SHAPE_OF_DATE = [
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^-?\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
]
#: The act kinds a record may name: every kind of the ontology.
ACT_TYPES = act_kinds().all


def date_literal(text: str) -> Literal:
    """A date as written, typed by its shape (the calendar is checked by validation, not here).

    >>> date_literal("1997-05").datatype == XSD.gYearMonth
    True
    """
    for pattern, dtype in _SHAPE_OF_DATE:
        if pattern.match(text):
            return Literal(text, datatype=dtype)
    return Literal(text)


def entity_iri(code: str, kind: str = "state") -> URIRef:
    """The IRI of a state or government by its code.

    >>> entity_iri("RUS")
    rdflib.term.URIRef('https://w3id.org/recognition-kg/id/state/RUS')
    """
    return ID[f"{kind}/{code}"]


def act_iri(act_id: str) -> URIRef:
    """The IRI of an act by its identifier."""
    return ID[f"act/{act_id}"]


def source_iri(url: str) -> URIRef:
    """The IRI of a source, from a hash of its URL or citation (stable across rebuilds)."""
    return ID[f"source/{hashlib.sha1(url.encode('utf-8')).hexdigest()[:16]}"]


@dataclass
class SourceRecord:
    """A source: a URL (or a full citation) with what the page says of itself."""

    url: str
    title: str | None = None
    publisher: str | None = None
    issued: str | None = None

    @property
    def iri(self) -> URIRef:
        return source_iri(self.url)


@dataclass
class EntityRecord:
    """A state or a government."""

    code: str
    kind: str = "state"
    label: str | None = None
    governs: str | None = None
    exists_from: str | None = None
    exists_until: str | None = None
    start: str | None = None
    end: str | None = None
    wikidata: str | None = None
    alt_labels: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def iri(self) -> URIRef:
        return entity_iri(self.code, self.kind)


@dataclass
class ActRecord:
    """An act. ``dates`` holds one date, or several when sources disagree on it."""

    id: str
    type: str
    by: str
    of: str
    dates: list[str]
    sources: list[str] = field(default_factory=list)
    disputed: bool = False
    label: str | None = None
    description: str | None = None
    kind: str | None = None
    mode: str | None = None
    #: for a reversal or denial: the id of the act it is about
    concerns: str | None = None
    #: dates only sources weaker than the best behind ``dates`` give: on the record, in no answer
    set_aside_dates: list[str] = field(default_factory=list)


def to_graph(
    entities: Iterable[EntityRecord],
    acts: Iterable[ActRecord],
    sources: Iterable[SourceRecord] = (),
    *,
    kinds: Mapping[str, str] | None = None,
) -> Graph:
    """The RDF of some records, as an rdflib graph (see :func:`triples`)."""
    g = Graph()
    g.bind("rkg", RKG)
    g.bind("id", ID)
    for t in triples(entities, acts, sources, kinds=kinds):
        g.add(t)
    return g


def write_ntriples(
    out: IO[str],
    entities: Iterable[EntityRecord],
    acts: Iterable[ActRecord],
    sources: Iterable[SourceRecord] = (),
    *,
    kinds: Mapping[str, str] | None = None,
) -> int:
    """Stream the RDF of some records to ``out`` as N-Triples (for files too large for a graph).

    :returns: the number of triples written.
    """
    n = 0
    for s, p, o in triples(entities, acts, sources, kinds=kinds):
        out.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
        n += 1
    return n


def triples(
    entities: Iterable[EntityRecord],
    acts: Iterable[ActRecord],
    sources: Iterable[SourceRecord] = (),
    *,
    kinds: Mapping[str, str] | None = None,
) -> Iterator[tuple[Node, Node, Node]]:
    """The triples of some records, one mapping for every writer.

    :param kinds: code -> "state" | "government" for codes that acts name but ``entities``
        does not define (so that acts can refer to entities already stored).
    """
    known: dict[str, str] = dict(kinds or {})
    seen: set[str] = set()

    def source(rec: SourceRecord) -> Iterator[tuple[Node, Node, Node]]:
        if rec.url in seen:
            return
        seen.add(rec.url)
        node = rec.iri
        yield node, RDF.type, RKG.Source
        if rec.url.startswith(("http://", "https://")):
            yield node, URIRef(SCHEMA + "url"), Literal(rec.url, datatype=XSD.anyURI)
        else:
            yield node, DCTERMS.bibliographicCitation, Literal(rec.url)
        if rec.title:
            yield node, DCTERMS.title, Literal(rec.title)
        if rec.publisher:
            yield node, DCTERMS.publisher, Literal(rec.publisher)
        if rec.issued:
            yield node, DCTERMS.issued, date_literal(rec.issued)

    for s in sources:
        yield from source(s)
    for e in entities:
        known[e.code] = e.kind
        node = e.iri
        yield node, RDF.type, RKG.State if e.kind == "state" else RKG.Government
        yield node, RKG.code, Literal(e.code)
        yield node, RDFS.label, Literal(e.label or e.code, lang="en")
        for alt in e.alt_labels:
            yield node, SKOS.altLabel, Literal(alt, lang="en")
        if e.governs:
            yield node, RKG.governs, entity_iri(e.governs, "state")
        if e.exists_from:
            yield node, RKG.existsFrom, date_literal(e.exists_from)
        if e.exists_until:
            yield node, RKG.existsUntil, date_literal(e.exists_until)
        if e.start:
            yield node, URIRef(SCHEMA + "startDate"), date_literal(e.start)
        if e.end:
            yield node, URIRef(SCHEMA + "endDate"), date_literal(e.end)
        if e.wikidata:
            yield node, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{e.wikidata}")
        for url in e.sources:
            yield node, PROV.wasDerivedFrom, source_iri(url)
            yield from source(SourceRecord(url))
    for a in acts:
        node = act_iri(a.id)
        yield node, RDF.type, RKG[a.type]
        yield node, RKG.by, entity_iri(a.by, known.get(a.by, "state"))
        yield node, RKG.of, entity_iri(a.of, known.get(a.of, "state"))
        dates = [date_literal(d) for d in a.dates]
        for lit in dates:
            yield node, RKG.date, lit
        # The bounds the loader would add, so that bulk-loaded files need no loader pass.
        window = act_window(dates)
        if window is not None:
            yield node, RKG.earliestDate, Literal(window[0].first.isoformat(), datatype=XSD.date)
            yield node, RKG.latestDate, Literal(window[1].last.isoformat(), datatype=XSD.date)
            precision = coarsest([DATATYPES[str(lit.datatype)] for lit in dates])
            yield node, RKG.datePrecision, PRECISION_CONCEPTS[precision]
        for d in a.set_aside_dates:
            yield node, RKG.setAsideDate, date_literal(d)
        if a.disputed:
            yield node, RKG.disputed, Literal(True)
        yield node, RDFS.label, Literal(a.label or f"{a.type} {a.by} -> {a.of}", lang="en")
        if a.description:
            yield node, DCTERMS.description, Literal(a.description, lang="en")
        if a.kind:
            yield node, RKG.engagementKind, RKG[a.kind]
        if a.mode:
            yield node, RKG.recognitionMode, RKG[a.mode]
        if a.concerns:
            yield node, RKG.concerns, act_iri(a.concerns)
        for url in a.sources:
            yield node, PROV.wasDerivedFrom, source_iri(url)
            yield from source(SourceRecord(url))
