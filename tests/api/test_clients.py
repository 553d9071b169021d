"""Standard clients (SPARQLWrapper, rdflib's SPARQLStore) get the rows of the in-process lookup."""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from recognition_kg import queries
from recognition_kg.graph import asof
from recognition_kg.graph.store import Store
from tests.helpers import Server

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


def test_a_form_post_from_pythons_urllib_is_answered(server: Server) -> None:
    """Issue 12: urllib fills in the form Content-Type itself, before Host; a gunicorn hook took
    that order for a missing type and answered 415."""
    import json
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"}).encode()
    request = urllib.request.Request(server.sparql, data=body, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        assert json.loads(response.read())["boolean"] is True


def test_rdflib_sparqlstore_sends_a_long_query_by_post(server: Server, bundled_store: Store) -> None:
    """Issue 12: the long query goes by POST with urllib's own form type, and is answered."""
    graph = Graph(store=SPARQLStore(server.sparql, method="POST_FORM"))
    rows = list(graph.query(QUERY + "\n# " + "x" * 3000))
    assert {str(r.recogniser) for r in rows} == _expected(bundled_store)  # type: ignore[union-attr]
