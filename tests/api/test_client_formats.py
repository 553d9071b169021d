"""Every client as it comes: SPARQLWrapper in each format it offers, by GET and by POST, rdflib's
SPARQLStore with a long query, and the Accept headers of curl, browsers and Jena (issue 15).

SPARQLWrapper names the format under three parameters at once (``format``, ``output``,
``results``), some with the short name and the media type both: values that agree are one
request. N3 is answered in Turtle, its subset.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper

from recognition_kg import queries
from recognition_kg.graph import asof
from recognition_kg.graph.store import Store
from tests.helpers import Server

IEA = "https://w3id.org/recognition-kg/id/government/AFG-IEA-2021"
SELECT = queries.get("statuses_on").text.replace(
    "WHERE {", f'WHERE {{\n  VALUES (?recognised ?asOf) {{ (<{IEA}> "2025-08-01"^^xsd:date) }}', 1)
RECOGNISER = URIRef("https://w3id.org/recognition-kg/ontology#recogniser")
CONSTRUCT = f"""PREFIX rkg: <https://w3id.org/recognition-kg/ontology#>
CONSTRUCT {{ ?status rkg:recogniser ?recogniser }} WHERE {{
  ?status rkg:recognised <{IEA}> ; rkg:recogniser ?recogniser }}"""
#: the Accept headers Jena's remote query engine sends (QueryEngineHTTP's defaults)
JENA_SELECT = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
               "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, application/xml;q=0.2, "
               "*/*;q=0.1")
JENA_CONSTRUCT = ("text/turtle, application/n-triples, application/rdf+xml;q=0.9, application/x-turtle;q=0.8, "
                  "application/turtle;q=0.8, text/n3;q=0.7, application/n3;q=0.6, text/rdf+n3;q=0.6, "
                  "text/plain;q=0.5, */*;q=0.1")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="module")
def expected(bundled_store: Store) -> set[str]:
    """Who recognises the Islamic Emirate on 2025-08-01, asked in process."""
    return {r["iri"] for r in asof.recognisers(bundled_store, "AFG-IEA-2021", dt.date(2025, 8, 1))["results"]}


@pytest.fixture(scope="module")
def every_recogniser(bundled_store: Store) -> set[str]:
    """Every state with a status interval of the Islamic Emirate: the CONSTRUCT's objects."""
    rows = bundled_store.values(CONSTRUCT.replace("CONSTRUCT { ?status rkg:recogniser ?recogniser }",
                                                  "SELECT DISTINCT ?recogniser"))
    return {r["recogniser"] for r in rows}


def _client(server: Server, query: str, fmt: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == "GET":
        return client
    client.setMethod(POST)
    client.setRequestMethod(URLENCODED if method == "POST form" else POSTDIRECTLY)
    return client


def _recognisers(fmt: str, converted: Any) -> set[str]:
    if fmt == JSON:
        return {b["recogniser"]["value"] for b in converted["results"]["bindings"]}
    if fmt == XML:
        return {u.firstChild.data for b in converted.getElementsByTagName("binding")
                if b.getAttribute("name") == "recogniser" for u in b.getElementsByTagName("uri")}
    text = converted.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == CSV else "\t"))
    cells = [r["recogniser" if fmt == CSV else "?recogniser"] for r in rows]
    return {c.strip("<>") for c in cells}


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_gets_the_rows_in_every_results_format(server: Server, expected: set[str], fmt: str,
                                                              method: str) -> None:
    result = _client(server, SELECT, fmt, method).query()
    assert result.response.status == 200
    assert _recognisers(fmt, result.convert()) == expected


@pytest.mark.parametrize("method", ["GET", "POST form", "POST direct"])
@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD, XML])
def test_sparqlwrapper_gets_the_graph_in_every_rdf_format(server: Server, every_recogniser: set[str], fmt: str,
                                                          method: str) -> None:
    result = _client(server, CONSTRUCT, fmt, method).query()
    assert result.response.status == 200
    # Parsed here by the type answered: SPARQLWrapper's own convert() reads RDF/XML and JSON-LD
    # into rdflib's deprecated ConjunctiveGraph, and leaves Turtle to the caller.
    media = result.info()["content-type"].split(";")[0]
    triples = ox.parse(result.response.read(), format=ox.RdfFormat.from_media_type(media))
    assert {t.object.value for t in triples if t.predicate.value == str(RECOGNISER)} == every_recogniser


def test_n3_is_answered_in_turtle(server: Server) -> None:
    result = _client(server, CONSTRUCT, N3, "GET").query()
    assert result.info()["content-type"].startswith("text/turtle")


def test_format_parameters_that_disagree_are_a_400_naming_them(server: Server) -> None:
    from urllib.parse import quote
    status, _, body = server.request("GET", f"/sparql?query={quote(SELECT)}&format=json&output=csv")
    assert status == 400
    assert "csv" in body.decode() and "json" in body.decode()


def test_format_parameters_that_agree_are_one_request(server: Server, expected: set[str]) -> None:
    from urllib.parse import quote
    path = f"/sparql?query={quote(SELECT)}&format=tsv&format=text/tab-separated-values&output=tsv&results=tsv"
    status, headers, body = server.request("GET", path)
    assert status == 200 and headers["content-type"].startswith("text/tab-separated-values")
    assert _recognisers(TSV, body) == expected


def test_rdflib_sparqlstore_posts_a_10_kb_query_and_reads_triples(server: Server, expected: set[str]) -> None:
    store = SPARQLStore(server.sparql, method="POST_FORM")
    graph = Graph(store=store)
    long_query = SELECT + "\n" + "\n".join(f"# padding line {i:05d} " + "x" * 80 for i in range(110))
    assert len(long_query.encode()) > 10_000
    rows = list(graph.query(long_query))
    assert {str(r.recogniser) for r in rows} == expected  # type: ignore[union-attr]
    triples = list(store.triples((None, RECOGNISER, URIRef("https://w3id.org/recognition-kg/id/state/RUS"))))
    assert triples and all(t[1] == RECOGNISER for t, _ in triples)


@pytest.mark.parametrize(("accept", "select_type", "construct_type"), [
    ("*/*", "application/sparql-results+json", "text/turtle"),  # curl
    (FIREFOX, "application/sparql-results+xml", "application/rdf+xml"),
    # Each of Jena's headers on the other form: its application/json;q=0.2 names JSON-LD for a graph,
    # and only the */*;q=0.1 of the graph header fits a SELECT.
    (JENA_SELECT, "application/sparql-results+json", "application/ld+json"),
    (JENA_CONSTRUCT, "application/sparql-results+json", "text/turtle"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", None),
    ("text/*", "text/csv", "text/turtle"),
    ("application/n-triples;q=1.0, text/turtle;q=0.4", None, "application/n-triples"),
])
def test_the_accept_headers_clients_send_pick_the_format_they_prefer(server: Server, accept: str,
                                                                      select_type: str | None,
                                                                      construct_type: str | None) -> None:
    from urllib.parse import quote
    for query, wanted in ((SELECT, select_type), (CONSTRUCT, construct_type)):
        if wanted is None:
            continue
        status, headers, _ = server.request("GET", f"/sparql?query={quote(query)}", headers={"Accept": accept})
        assert status == 200, (accept, query[:20])
        assert headers["content-type"].split(";")[0] == wanted, accept


def test_nothing_acceptable_is_a_406_listing_what_is_offered(server: Server) -> None:
    from urllib.parse import quote
    status, _, body = server.request("GET", f"/sparql?query={quote(SELECT)}", headers={"Accept": "image/png"})
    assert status == 406
    assert "application/sparql-results+json" in body.decode()  # plain text, as SPARQL clients show errors


def test_rdflib_sparqlupdatestore_queries_by_post_and_is_told_updates_are_refused(server: Server,
                                                                                  expected: set[str]) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

    store = SPARQLUpdateStore(server.sparql, server.url + "/update", method="POST_FORM")
    graph = Graph(store=store)
    rows = list(graph.query(SELECT + "\n# " + "y" * 10_000))
    assert {str(r.recogniser) for r in rows} == expected  # type: ignore[union-attr]
    with pytest.raises(Exception, match="403"):
        store.update("INSERT DATA { <https://example.org/a> <https://example.org/p> 1 }")
