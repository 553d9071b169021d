"""Malformed queries, parameters, bodies and headers never make the server answer 500."""

from __future__ import annotations

import http.client as httplib
import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import Server, http

FRAGMENTS = st.sampled_from([
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "?s", "?p", "?o", "<http://x/>", "FILTER(",
    ")", ".", ";", "SERVICE", "FROM", "GRAPH", "'", '"', "#", "\\", "LIMIT -1", "VALUES", "BIND(", "AS", "\x00",
    "PREFIX x:", "x:y", "1e999", "UNION", "OPTIONAL", "*", "COUNT(", "\u00e9", "\ud7ff", "INSERT", "DELETE",
])
QUERIES = st.one_of(st.text(max_size=200), st.lists(FRAGMENTS, max_size=25).map(" ".join))
HEADERS = st.dictionaries(
    st.sampled_from(["Accept", "Content-Type", "X-Request-Id", "Origin", "Accept-Charset"]),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
    max_size=3,
)
RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@RELAXED
@given(query=QUERIES, headers=HEADERS)
def test_malformed_get_queries_never_answer_500(server: Server, query: str, headers: dict[str, str]) -> None:
    status, _, _ = http("GET", server.sparql + "?" + urllib.parse.urlencode({"query": query}), headers=headers)
    assert status < 500 or status == 503


@RELAXED
@given(body=st.binary(max_size=300), ctype=st.sampled_from([
    "application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
    "text/plain", "application/sparql-query; charset=latin-1", "multipart/form-data"]))
def test_malformed_post_bodies_never_answer_500(server: Server, body: bytes, ctype: str) -> None:
    status, _, _ = http("POST", server.sparql, body=body, headers={"Content-Type": ctype})
    assert status < 500 or status == 503


@RELAXED
@given(params=st.dictionaries(
    st.sampled_from(["entity", "state", "as_of", "from", "to", "a", "b", "format", "group", "recogniser",
                     "recognised", "text", "graph", "default-graph-uri", "named-graph-uri"]),
    st.text(max_size=40), max_size=4),
    route=st.sampled_from(["/api/recognisers", "/api/recognised-by", "/api/status", "/api/timeline",
                           "/api/changes", "/api/count", "/api/entities", "/store", "/sparql"]))
def test_malformed_parameters_never_answer_500(server: Server, params: dict[str, str], route: str) -> None:
    status, _, _ = http("GET", server.url + route + "?" + urllib.parse.urlencode(params))
    assert status < 500 or status == 503


def test_raw_garbage_requests_leave_the_server_answering(server: Server) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    for raw in [b"GET /sparql?query=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", b"\x00\x01\x02\r\n\r\n",
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nASK",
                b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"]:
        conn = httplib.HTTPConnection(host, int(port), timeout=5)
        try:
            conn.connect()
            assert conn.sock is not None
            conn.sock.sendall(raw)
            conn.sock.settimeout(5)
            try:
                conn.sock.recv(65536)
            except OSError:
                pass
        finally:
            conn.close()
    status, _, _ = http("GET", server.url + "/healthz")
    assert status == 200
