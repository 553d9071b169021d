"""The recognition-kg vocabulary: its namespace, the IRIs it mints, and its two files.

- ``RKG``: the ontology namespace (``rkg:``); ``ID``: where things live (``id/state/RUS``).
- ``ONTOLOGY_PATH`` / ``SHAPES_PATH``: ``recognition.ttl`` (OWL) and ``shapes.ttl`` (SHACL),
  found through :mod:`importlib.resources` so that they work from an installed wheel.
- ``GRAPH_*``: the named graphs of the store (ontology, derived statuses, one per source file).
- :func:`act_kinds`: the kinds of act, read from the ontology's class tree (``rkg:OpeningAct``,
  ``rkg:EndingAct``, ``rkg:EngagementAct``): the one list that derivation, loading, the queries
  and the shapes share.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox
from rdflib import Namespace, URIRef

__all__ = [
    "GRAPH_BASE",
    "GRAPH_LOG",
    "GRAPH_ONTOLOGY",
    "GRAPH_STATUSES",
    "ID",
    "ONTOLOGY_PATH",
    "RKG",
    "SHAPES_PATH",
    "WD",
    "ActKinds",
    "act_kinds",
    "local_name",
    "source_graph",
]

RKG = Namespace("https://w3id.org/recognition-kg/ontology#")
ID = Namespace("https://w3id.org/recognition-kg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
GRAPH_BASE = "https://w3id.org/recognition-kg/graph/"
GRAPH_ONTOLOGY = URIRef(GRAPH_BASE + "ontology")
GRAPH_STATUSES = URIRef(GRAPH_BASE + "statuses")
#: The change log: one PROV-O activity per accepted write, appended, never changed.
GRAPH_LOG = URIRef(GRAPH_BASE + "log")

ONTOLOGY_PATH = Path(str(files(__name__).joinpath("recognition.ttl")))
SHAPES_PATH = Path(str(files(__name__).joinpath("shapes.ttl")))


def local_name(iri: object) -> str:
    """The part of an ontology IRI after its ``#``: a class or concept by its short name.

    >>> local_name("https://w3id.org/recognition-kg/ontology#Withdrawal")
    'Withdrawal'
    """
    return str(iri).rsplit("#", 1)[-1]


def source_graph(name: str) -> URIRef:
    """The named graph that holds the asserted data of one source file.

    >>> source_graph("afghanistan")
    rdflib.term.URIRef('https://w3id.org/recognition-kg/graph/source/afghanistan')
    """
    return URIRef(f"{GRAPH_BASE}source/{name}")


@dataclass(frozen=True)
class ActKinds:
    """The act classes by what they do to recognition, as local names (``Recognition``)."""

    opening: frozenset[str]
    ending: frozenset[str]
    engagement: frozenset[str]
    #: acts about other acts (rkg:ClaimAct): reversals and denials
    claims: frozenset[str] = frozenset()

    @property
    def status(self) -> frozenset[str]:
        """The kinds status derivation reads: those that open or end recognition, and the claims
        (reversals, denials) that change what those do."""
        return self.opening | self.ending | self.claims

    @property
    def all(self) -> frozenset[str]:
        """Every kind of act."""
        return self.opening | self.ending | self.engagement | self.claims

    def iris(self, kinds: frozenset[str]) -> list[URIRef]:
        """The classes of some kinds, sorted (to bind a query's ``?actType``)."""
        return [RKG[k] for k in sorted(kinds)]


@cache
def act_kinds() -> ActKinds:
    """The act kinds of the ontology, grouped by their superclass.

    >>> sorted(act_kinds().opening)
    ['EstablishmentOfRelations', 'Recognition']
    >>> sorted(act_kinds().ending), sorted(act_kinds().claims)
    (['Suspension', 'Withdrawal'], ['Denial', 'Reversal'])
    """
    sub = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
    groups: dict[str, set[str]] = {"OpeningAct": set(), "EndingAct": set(), "EngagementAct": set(),
                                   "ClaimAct": set()}
    for t in ox.parse(path=str(ONTOLOGY_PATH), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == sub and t.object.value.startswith(str(RKG)):
            group = t.object.value[len(str(RKG)):]
            if group in groups and isinstance(t.subject, ox.NamedNode):
                groups[group].add(t.subject.value[len(str(RKG)):])
    return ActKinds(frozenset(groups["OpeningAct"]), frozenset(groups["EndingAct"]),
                    frozenset(groups["EngagementAct"]), frozenset(groups["ClaimAct"]))
