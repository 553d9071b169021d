"""Plain records (dicts of strings) to RDF in the ontology: the one mapping from tables to triples.

Tests build stores from the as-of cases through it, the benchmark generator writes its
synthetic acts through it, and the curators' table importer maps rows through it. IRIs are
minted here, stable across rebuilds: ``id/state/CODE``, ``id/government/CODE``,
``id/act/ID``, ``id/source/<hash of the URL>``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from ontology import ID, RKG

__all__ = ["ActRecord", "EntityRecord", "SourceRecord", "act_iri", "entity_iri", "source_iri", "to_graph"]

SCHEMA = "https://schema.org/"
_SHAPE_OF_DATE = [
    (re.compile(r"^-?\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^-?\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
]
ACT_TYPES = {
    "Recognition", "Withdrawal", "Suspension", "Accreditation", "EstablishmentOfRelations", "Engagement",
}


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


def to_graph(
    entities: Iterable[EntityRecord],
    acts: Iterable[ActRecord],
    sources: Iterable[SourceRecord] = (),
    *,
    kinds: Mapping[str, str] | None = None,
) -> Graph:
    """The RDF of some records.

    :param kinds: code -> "state" | "government" for codes that acts name but ``entities``
        does not define (so that acts can refer to entities already stored).
    """
    g = Graph()
    g.bind("rkg", RKG)
    g.bind("id", ID)
    known: dict[str, str] = dict(kinds or {})
    source_list = list(sources)
    for e in entities:
        known[e.code] = e.kind
        node = e.iri
        g.add((node, RDF.type, RKG.State if e.kind == "state" else RKG.Government))
        g.add((node, RKG.code, Literal(e.code)))
        g.add((node, RDFS.label, Literal(e.label or e.code, lang="en")))
        for alt in e.alt_labels:
            g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        if e.governs:
            g.add((node, RKG.governs, entity_iri(e.governs, "state")))
        if e.exists_from:
            g.add((node, RKG.existsFrom, date_literal(e.exists_from)))
        if e.start:
            g.add((node, URIRef(SCHEMA + "startDate"), date_literal(e.start)))
        if e.end:
            g.add((node, URIRef(SCHEMA + "endDate"), date_literal(e.end)))
        if e.wikidata:
            g.add((node, OWL.sameAs, URIRef(f"http://www.wikidata.org/entity/{e.wikidata}")))
        for url in e.sources:
            g.add((node, PROV.wasDerivedFrom, source_iri(url)))
            source_list.append(SourceRecord(url))
    for a in acts:
        node = act_iri(a.id)
        g.add((node, RDF.type, RKG[a.type]))
        g.add((node, RKG.by, entity_iri(a.by, known.get(a.by, "state"))))
        g.add((node, RKG.of, entity_iri(a.of, known.get(a.of, "state"))))
        for d in a.dates:
            g.add((node, RKG.date, date_literal(d)))
        if a.disputed:
            g.add((node, RKG.disputed, Literal(True)))
        g.add((node, RDFS.label, Literal(a.label or f"{a.type} {a.by} -> {a.of}", lang="en")))
        if a.description:
            g.add((node, DCTERMS.description, Literal(a.description, lang="en")))
        if a.kind:
            g.add((node, RKG.engagementKind, RKG[a.kind]))
        if a.mode:
            g.add((node, RKG.recognitionMode, RKG[a.mode]))
        for url in a.sources:
            g.add((node, PROV.wasDerivedFrom, source_iri(url)))
            source_list.append(SourceRecord(url))
    seen: set[str] = set()
    for s in source_list:
        if s.url in seen and s.title is None:
            continue
        seen.add(s.url)
        node = s.iri
        g.add((node, RDF.type, RKG.Source))
        if s.url.startswith(("http://", "https://")):
            g.set((node, URIRef(SCHEMA + "url"), Literal(s.url, datatype=XSD.anyURI)))
        else:
            g.set((node, DCTERMS.bibliographicCitation, Literal(s.url)))
        if s.title:
            g.set((node, DCTERMS.title, Literal(s.title)))
        if s.publisher:
            g.set((node, DCTERMS.publisher, Literal(s.publisher)))
        if s.issued:
            g.set((node, DCTERMS.issued, date_literal(s.issued)))
    return g
