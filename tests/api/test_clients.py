"""Standard clients (SPARQLWrapper, rdflib's SPARQLStore) get the rows of the in-process lookup."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

import queries
from graph import asof
from graph.store import Store
from tests.api.conftest import Server

IEA = "https://w3id.org/recognition-kg/id/government/AFG-IEA-2021"
BINDING = f'VALUES (?recognised ?asOf) {{ (<{IEA}> "2025-08-01"^^xsd:date) }}'
QUERY = queries.get("statuses_on").text.replace("WHERE {", "WHERE {\n  " + BINDING, 1)


def _expected(store: Store) -> set[str]:
    answer = asof.recognisers(store, "AFG-IEA-2021", dt.date(2025, 8, 1))
    return {r["iri"] for r in answer["results"]}


def test_sparqlwrapper_gets_the_in_process_rows(server: Server, bundled_store: Store) -> None:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(QUERY)
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert {r["recogniser"]["value"] for r in rows} == _expected(bundled_store)


def test_rdflib_sparqlstore_gets_the_in_process_rows(server: Server, bundled_store: Store) -> None:
    graph = Graph(store=SPARQLStore(server.sparql))
    rows = list(graph.query(QUERY))
    assert {str(r.recogniser) for r in rows} == _expected(bundled_store)  # type: ignore[union-attr]
    assert all(isinstance(r.recogniser, URIRef) for r in rows)  # type: ignore[union-attr]
