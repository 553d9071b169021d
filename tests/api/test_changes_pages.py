"""``/api/changes`` answers a page at a time, linked to the next, over a real server."""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse

import pytest

from recognition_kg.graph import asof
from recognition_kg.graph.store import Store
from tests.helpers import Server


def test_pages_linked_by_next_add_up_to_the_whole_answer(server: Server, bundled_store: Store) -> None:
    whole = asof.changes(bundled_store, dt.date(1990, 1, 1), dt.date(2020, 1, 1))["results"]
    path, results = "/api/changes?from=1990-01-01&to=2020-01-01&limit=100", []
    while path:
        status, headers, body = server.request("GET", path)
        assert status == 200, body
        page = json.loads(body)
        results += page["results"]
        link = headers.get("link")
        if "next" in page:
            assert link is not None and link.endswith('>; rel="next"')
            target = urllib.parse.urlsplit(re.fullmatch(r"<(.*)>; rel=\"next\"", link).group(1))  # type: ignore[union-attr]
            assert urllib.parse.parse_qs(target.query)["after"] == [page["next"]]
            path = f"{target.path}?{target.query}"
        else:
            assert link is None
            path = ""
    assert results == whole and len(whole) > 100


def test_a_default_page_holds_at_most_a_thousand(server: Server) -> None:
    status, _, body = server.request("GET", "/api/changes?from=1900-01-01&to=2026-01-01")
    assert status == 200 and len(json.loads(body)["results"]) <= 1000


@pytest.mark.parametrize("limit", ["0", "10001", "many"])
def test_a_limit_out_of_range_is_a_400_naming_it(server: Server, limit: str) -> None:
    status, _, body = server.request("GET", f"/api/changes?from=1990-01-01&limit={limit}")
    assert status == 400
    assert json.loads(body)["parameter"] == "limit"


def test_a_bad_cursor_is_a_400_naming_it(server: Server) -> None:
    status, _, body = server.request("GET", "/api/changes?from=1990-01-01&after=XKX")
    assert status == 400 and json.loads(body)["parameter"] == "after"
