"""The recognition-kg vocabulary: its namespace, the IRIs it mints, and its two files.

- ``RKG``: the ontology namespace (``rkg:``); ``ID``: where things live (``id/state/RUS``).
- ``ONTOLOGY_PATH`` / ``SHAPES_PATH``: ``recognition.ttl`` (OWL) and ``shapes.ttl`` (SHACL),
  found through :mod:`importlib.resources` so that they work from an installed wheel.
- ``GRAPH_*``: the named graphs of the store (ontology, derived statuses, one per source file).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from rdflib import Namespace, URIRef

__all__ = [
    "GRAPH_BASE",
    "GRAPH_ONTOLOGY",
    "GRAPH_STATUSES",
    "ID",
    "ONTOLOGY_PATH",
    "RKG",
    "SHAPES_PATH",
    "WD",
    "source_graph",
]

RKG = Namespace("https://w3id.org/recognition-kg/ontology#")
ID = Namespace("https://w3id.org/recognition-kg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
GRAPH_BASE = "https://w3id.org/recognition-kg/graph/"
GRAPH_ONTOLOGY = URIRef(GRAPH_BASE + "ontology")
GRAPH_STATUSES = URIRef(GRAPH_BASE + "statuses")

ONTOLOGY_PATH = Path(str(files(__name__).joinpath("recognition.ttl")))
SHAPES_PATH = Path(str(files(__name__).joinpath("shapes.ttl")))


def source_graph(name: str) -> URIRef:
    """The named graph that holds the asserted data of one source file.

    >>> source_graph("afghanistan")
    rdflib.term.URIRef('https://w3id.org/recognition-kg/graph/source/afghanistan')
    """
    return URIRef(f"{GRAPH_BASE}source/{name}")
