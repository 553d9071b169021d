"""The SPARQL endpoint speaks the protocol: negotiation, errors in plain words, limits, CORS."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.helpers import InProcess, Server

ROOT = Path(__file__).resolve().parents[2]
COUNT_ACTS = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/recognition-kg/ontology#Recognition> }"


def get(client: InProcess, query: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return client.request("GET", "/sparql" + "?" + urllib.parse.urlencode({"query": query}), headers=headers)


@pytest.mark.parametrize("accept,media,parse", [
    ("application/sparql-results+json", "application/sparql-results+json",
     lambda b: json.loads(b)["results"]["bindings"][0]["n"]["value"]),
    ("application/sparql-results+xml", "application/sparql-results+xml",
     lambda b: ET.fromstring(b).find(".//{http://www.w3.org/2005/sparql-results#}literal").text),  # type: ignore
    ("text/csv", "text/csv", lambda b: list(csv.reader(io.StringIO(b.decode())))[1][0]),
    ("text/tab-separated-values", "text/tab-separated-values", lambda b: b.decode().splitlines()[1]),
])
def test_select_results_in_each_format(client: InProcess, accept: str, media: str, parse) -> None:  # type: ignore
    status, headers, body = get(client, COUNT_ACTS, Accept=accept)
    assert status == 200, body
    assert headers["content-type"].startswith(media)
    assert int(parse(body)) >= 4


@pytest.mark.parametrize("accept,fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE), ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD), ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/trig", ox.RdfFormat.TRIG),
])
def test_construct_graphs_in_each_format(client: InProcess, accept: str, fmt: ox.RdfFormat) -> None:
    q = "CONSTRUCT { ?s a ?t } WHERE { ?s a <https://w3id.org/recognition-kg/ontology#State> ; a ?t }"
    status, headers, body = get(client, q, Accept=accept)
    assert status == 200, body
    assert headers["content-type"].startswith(accept)
    assert len(list(ox.parse(body, format=fmt))) >= 5


def test_the_format_parameter_wins_for_browsers(client: InProcess) -> None:
    url = "/sparql?" + urllib.parse.urlencode({"query": COUNT_ACTS, "format": "csv"})
    status, headers, _ = client.request("GET", url, headers={"Accept": "text/html"})
    assert status == 200 and headers["content-type"].startswith("text/csv")


def test_an_accept_it_cannot_produce_is_406(client: InProcess) -> None:
    status, _, body = get(client, COUNT_ACTS, Accept="image/png")
    assert status == 406
    assert b"image/png" in body


def test_a_malformed_query_is_400_with_line_and_column(client: InProcess) -> None:
    status, _, body = get(client, "SELECT * WHERE {\n ?s ?p }")
    assert status == 400
    assert b"2:" in body and b"does not parse" in body


def test_two_query_parameters_are_400(client: InProcess) -> None:
    status, _, body = client.request("GET", "/sparql" + "?query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400 and b"one query parameter" in body


def test_a_post_with_a_wrong_content_type_is_415(client: InProcess) -> None:
    status, _, body = client.request("POST", "/sparql", body=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert status == 415 and b"text/plain" in body


def test_a_body_that_is_not_utf8_is_400(client: InProcess) -> None:
    status, _, body = client.request("POST", "/sparql", body="ASK { ?s ?p 'é' }".encode("latin-1"),
                           headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and b"UTF-8" in body


def test_a_body_over_the_limit_is_413(server: Server) -> None:
    """Over a real socket: the server answers before it has read the whole body."""
    import http.client as httplib

    host, port = server.url.removeprefix("http://").split(":")
    conn = httplib.HTTPConnection(host, int(port), timeout=10)
    conn.putrequest("POST", "/sparql")
    conn.putheader("Content-Type", "application/sparql-query")
    conn.putheader("Content-Length", str(2 << 20))
    conn.endheaders()
    try:  # the server may answer and close before the whole body is sent
        conn.send(b"ASK {} #" + b"x" * (64 << 10))
    except OSError:
        pass
    response = conn.getresponse()
    assert response.status == 413
    conn.close()


def test_results_over_max_rows_are_cut_with_a_header(client: InProcess) -> None:
    status, headers, body = get(client, "SELECT * WHERE { ?s ?p ?o }", Accept="application/sparql-results+json")
    assert status == 200
    assert headers["x-result-truncated"] == "true; max-rows=10000"
    assert len(json.loads(body)["results"]["bindings"]) == 10000


def test_a_bare_get_is_a_service_description_with_graph_sizes(client: InProcess) -> None:
    status, headers, body = client.request("GET", "/sparql", headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert "https://w3id.org/recognition-kg/graph/source/afghanistan" in names
    assert any(t.predicate.value == "http://rdfs.org/ns/void#triples" for t in triples)


def test_cors_allows_queries_from_any_origin_and_nothing_else(client: InProcess) -> None:
    status, headers, _ = client.request("OPTIONS", "/sparql", headers={"Origin": "https://example.org",
                                                                 "Access-Control-Request-Method": "POST"})
    assert status == 204
    assert headers["access-control-allow-origin"] == "*"
    assert headers["access-control-allow-methods"] == "GET, POST"


def test_the_curl_example_of_the_readme_answers_csv(server: Server) -> None:
    import shutil
    import subprocess

    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    query_file = ROOT / "queries" / "statuses_on.rq"
    run = subprocess.run(["curl", "-sf", "-H", "Accept: text/csv", "--data-urlencode", f"query@{query_file}",
                          server.sparql], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert any(r["recogniser"].endswith("/state/RUS") and r["recognised"].endswith("AFG-IEA-2021") for r in rows)
