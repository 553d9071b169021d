"""The read-only Graph Store: the data, or one source's graph, in any RDF format."""

from __future__ import annotations

import urllib.parse

import pyoxigraph as ox

from tests.helpers import InProcess

AFGHANISTAN = "https://w3id.org/recognition-kg/graph/source/afghanistan"


def test_one_named_graph_downloads_as_turtle(client: InProcess) -> None:
    status, headers, body = client.request("GET", f"/store?graph={urllib.parse.quote(AFGHANISTAN)}",
                                 headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert 'filename="recognition-afghanistan.ttl"' in headers["content-disposition"]
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) > 500


def test_the_default_graph_is_the_union_of_the_graphs(client: InProcess) -> None:
    status, _, body = client.request("GET", "/store?default", headers={"Accept": "application/n-triples"})
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    assert status == 200
    predicates = {t.predicate.value for t in triples}
    assert "https://w3id.org/recognition-kg/ontology#earliestStart" in predicates  # from the statuses graph
    assert "https://w3id.org/recognition-kg/ontology#by" in predicates  # from the data


def test_the_whole_dataset_downloads_as_nquads(client: InProcess) -> None:
    status, _, body = client.request("GET", "/store", headers={"Accept": "application/n-quads"})
    graphs = {q.graph_name.value for q in ox.parse(body, format=ox.RdfFormat.N_QUADS)}
    assert status == 200 and AFGHANISTAN in graphs


def test_an_unknown_graph_is_404(client: InProcess) -> None:
    status, _, body = client.request("GET", "/store?graph=http%3A%2F%2Fexample.org%2Fnone")
    assert status == 404 and b"no graph named" in body


def test_head_gives_the_headers_without_a_body(client: InProcess) -> None:
    status, headers, body = client.request("HEAD", "/store?default")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_a_graph_name_that_is_not_an_absolute_iri_is_400(client: InProcess) -> None:
    """Found by the fuzz test: ``?graph=0`` reached pyoxigraph and answered 500."""
    status, _, body = client.request("GET", "/store?graph=0")
    assert status == 400 and b"not an absolute IRI" in body
