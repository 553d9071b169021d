"""Reads are cacheable: a strong ETag from the data's version and the request, Cache-Control, a
304 for If-None-Match before any work is done, and HEAD on every GET route (issue 15)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from recognition_kg.graph.store import open_store
from tests.helpers import Server, start_server, stop_server

ASK = "/sparql?query=" + quote("ASK { ?s ?p ?o }")
READS = [ASK, "/api/count?entity=XKX&as_of=2020-01-01", "/api/timeline?a=PAK&b=AFG",
         "/api/recognisers?entity=AFG-IEA-2021&as_of=2025-08-01", "/store?default", "/sparql"]
JSON = {"Accept": "application/sparql-results+json"}


@pytest.mark.parametrize("path", READS)
def test_a_read_carries_a_strong_etag_and_cache_control(server: Server, path: str) -> None:
    status, headers, _ = server.request("GET", path)
    assert status == 200
    assert headers["etag"].startswith('"') and not headers["etag"].startswith("W/")
    assert headers["cache-control"] == "public, max-age=60"


@pytest.mark.parametrize("path", READS)
def test_if_none_match_is_answered_304_without_a_body(server: Server, path: str) -> None:
    _, headers, _ = server.request("GET", path)
    status, again, body = server.request("GET", path, headers={"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""
    assert again["etag"] == headers["etag"] and again["cache-control"] == headers["cache-control"]


def test_another_etag_gets_the_whole_answer(server: Server) -> None:
    status, headers, body = server.request("GET", ASK, headers={**JSON, "If-None-Match": '"not-this-one"'})
    assert status == 200 and b"true" in body and headers["etag"] != '"not-this-one"'


def test_the_etag_of_a_negotiated_answer_depends_on_accept(server: Server) -> None:
    _, as_json, _ = server.request("GET", ASK, headers=JSON)
    _, as_xml, _ = server.request("GET", ASK, headers={"Accept": "application/sparql-results+xml"})
    assert as_json["etag"] != as_xml["etag"] and as_json["vary"] == "Accept"
    status, _, _ = server.request("GET", ASK, headers={"Accept": "application/sparql-results+xml",
                                                       "If-None-Match": as_json["etag"]})
    assert status == 200


def test_the_etag_is_the_same_from_every_worker(server: Server) -> None:
    tags = {server.request("GET", "/api/count?entity=XKX&as_of=2020-01-01")[1]["etag"] for _ in range(12)}
    assert len(tags) == 1


def test_errors_carry_no_etag(server: Server) -> None:
    status, headers, _ = server.request("GET", "/api/count?entity=Atlantis")
    assert status == 404 and "etag" not in headers


@pytest.fixture
def changed_server(store_copy: Path, tmp_path: Path) -> Iterator[Server]:
    """A server on the bundled data with one more triple loaded into its store."""
    extra = tmp_path / "extra.nt"
    extra.write_text("<https://example.org/a> <https://example.org/p> <https://example.org/b> .\n")
    with open_store(store_copy) as store:
        store.load(extra.read_bytes(), "nt")
    running = start_server(store_copy, tmp_path, "--workers", "1")
    yield running
    stop_server(running)


def test_the_etag_changes_with_the_data(server: Server, changed_server: Server) -> None:
    for path in ("/store?default", "/api/count?entity=XKX&as_of=2020-01-01"):
        before = server.request("GET", path)[1]["etag"]
        after = changed_server.request("GET", path)[1]["etag"]
        assert before != after, path
        assert changed_server.request("GET", path, headers={"If-None-Match": before})[0] == 200


def test_an_unchanged_copy_of_the_store_keeps_the_etag(server: Server, bundled_store_dir: Path,
                                                       tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(bundled_store_dir, copy)  # the same data files, times and all
    running = start_server(copy, tmp_path, "--workers", "1")
    try:
        for path in ("/store?default", "/api/count?entity=XKX&as_of=2020-01-01"):
            assert running.request("GET", path)[1]["etag"] == server.request("GET", path)[1]["etag"], path
    finally:
        stop_server(running)


@pytest.mark.parametrize("path", [*READS, "/", "/healthz", "/api/openapi.json", "/api/entities?text=kos",
                                  "/api/export?as_of=2008-10-31&format=json"])
def test_head_answers_every_get_route_with_its_headers_and_no_body(server: Server, path: str) -> None:
    got, get_headers, body = server.request("GET", path)
    status, headers, empty = server.request("HEAD", path)
    assert (status, empty) == (got, b"")
    assert headers["content-type"] == get_headers["content-type"]
    assert headers.get("etag") == get_headers.get("etag")
    assert int(headers.get("content-length", len(body))) == len(body)
