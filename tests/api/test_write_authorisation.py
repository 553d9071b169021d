"""Who may write: a curator's bearer token on a server started with --allow-updates, no one else.

Each refusal leaves the data as it was, byte for byte."""

from __future__ import annotations

import pytest

from tests.helpers import TOKENS, Server, bearer, dump

INSERT = b"INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/p> 1 } }"
UPDATE = {"Content-Type": "application/sparql-update"}


def test_a_write_without_a_token_is_401_with_a_challenge_and_changes_nothing(curated: Server) -> None:
    before = dump(curated)
    status, headers, body = curated.request("POST", "/update", body=INSERT, headers=UPDATE)
    assert status == 401, body
    assert headers["www-authenticate"] == 'Bearer realm="recognition-kg"'
    assert b"Authorization: Bearer" in body
    assert dump(curated) == before


def test_a_write_with_a_wrong_token_is_401_invalid_token_and_changes_nothing(curated: Server) -> None:
    before = dump(curated)
    wrong = {"Authorization": "Bearer " + TOKENS["alice"][:-1] + "X", **UPDATE}
    status, headers, _ = curated.request("POST", "/update", body=INSERT, headers=wrong)
    assert status == 401
    assert 'error="invalid_token"' in headers["www-authenticate"]
    status, _, _ = curated.request("PUT", "/store?graph=http%3A%2F%2Fexample.org%2Fg",
                                   body=b"<http://e/a> <http://e/b> 1 .",
                                   headers={"Authorization": "Basic YWxpY2U6eA==", "Content-Type": "text/turtle"})
    assert status == 401
    assert dump(curated) == before


@pytest.mark.parametrize("method, path, kind", [
    ("POST", "/update", "application/sparql-update"),
    ("POST", "/sparql", "application/sparql-update"),
    ("PUT", "/store?graph=http%3A%2F%2Fexample.org%2Fg", "text/turtle"),
    ("POST", "/store?default", "text/turtle"),
    ("DELETE", "/store?graph=https%3A%2F%2Fw3id.org%2Frecognition-kg%2Fgraph%2Fontology", ""),
])
def test_a_read_only_server_answers_every_write_403_even_with_a_curators_token(
        server: Server, method: str, path: str, kind: str) -> None:
    before = dump(server)
    body = INSERT if "update" in kind else b"<http://example.org/a> <http://example.org/p> 1 ."
    headers = {**bearer("alice"), **({"Content-Type": kind} if kind else {})}
    status, _, answer = server.request(method, path, body=body if method != "DELETE" else None, headers=headers)
    assert status == 403, answer
    assert b"read-only" in answer
    assert dump(server) == before


def test_a_curators_write_is_taken_and_logged_under_their_name(curated: Server) -> None:
    _, before, _ = curated.request("GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%201%7D")
    status, headers, body = curated.request("POST", "/update", body=INSERT,
                                            headers={**bearer("bob", "a test triple"), **UPDATE})
    assert status == 200, body
    # Right after the commit, any worker answers from the new data, under a new ETag.
    _, after, answer = curated.request("GET", "/sparql?query=ASK%7B%3Fs%20%3Fp%201%7D")
    assert b"true" in answer and after["etag"] != before["etag"]
    assert after["cache-control"] == "no-cache"
    status, _, log = curated.request("GET", "/api/log")
    import json

    last = json.loads(log)["changes"][-1]
    assert (last["curator"], last["message"], last["added"]) == ("bob", "a test triple", 1)
    assert headers["content-location"].endswith(f"/api/log/{last['sequence']}")
