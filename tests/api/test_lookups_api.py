"""The JSON API gives the CLI's answers, in the same shape, with errors that say what is wrong."""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse

from recognition_kg.graph import asof
from recognition_kg.graph.store import Store
from tests.helpers import InProcess


def api(client: InProcess, route: str, **params: str) -> tuple[int, dict[str, str], bytes]:
    return client.request("GET", f"/api/{route}?{urllib.parse.urlencode(params)}")


def test_recognisers_equal_the_in_process_lookup(client: InProcess, bundled_store: Store) -> None:
    status, headers, body = api(client, "recognisers", entity="Islamic Emirate of Afghanistan", as_of="2025-08-01")
    assert status == 200 and headers["content-type"].startswith("application/json")
    expected = asof.recognisers(bundled_store, "Islamic Emirate of Afghanistan", dt.date(2025, 8, 1))
    assert json.loads(body) == expected
    assert [r["code"] for r in expected["results"]] == ["RUS"]


def test_status_timeline_changes_and_count_answer(client: InProcess) -> None:
    assert json.loads(api(client, "status", recogniser="PAK", recognised="AFG-IEA-1996",
                          as_of="1999-01-01")[2])["results"][0]["status"] == "recognised"
    assert len(json.loads(api(client, "timeline", a="RUS", b="AFG")[2])["results"]) >= 10
    changed = json.loads(api(client, "changes", **{"from": "2001-01-01", "to": "2002-01-01"})[2])["results"]
    assert {r["recogniser"]["code"] for r in changed if r["recognised"]["code"] == "AFG-IEA-1996"} == {
        "ARE", "PAK", "SAU"}
    counted = json.loads(api(client, "count", entity="AFG-IEA-1996", as_of="1998-01-01")[2])["results"][0]
    assert counted["certain"] == 3 and counted["uncertain"] == 0


def test_recognised_by_and_entities_answer(client: InProcess) -> None:
    found = json.loads(api(client, "recognised-by", state="RUS", as_of="2025-08-01")[2])["results"]
    assert "AFG-IEA-2021" in [r["code"] for r in found]
    codes = {e["code"] for e in json.loads(api(client, "entities", text="afghan")[2])["results"]}
    assert {"AFG", "AFG-IEA-2021"} <= codes


def test_csv_format_answers_csv(client: InProcess) -> None:
    status, headers, body = api(client, "recognisers", entity="AFG-IEA-1996", as_of="1998-01-01", format="csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.decode().splitlines()[0] == "code,label,status,since,until,sources"


def test_an_unknown_entity_is_404_with_the_closest_matches(client: InProcess) -> None:
    status, _, body = api(client, "recognisers", entity="Islamic Emirat", as_of="2025-08-01")
    answer = json.loads(body)
    assert status == 404 and answer["ok"] is False and answer["status"] == 404
    assert {m["code"] for m in answer["matches"]} >= {"AFG-IEA-1996", "AFG-IEA-2021"}


def test_a_bad_date_is_400_naming_the_parameter(client: InProcess) -> None:
    status, _, body = api(client, "recognisers", entity="AFG", as_of="2025-13-01")
    answer = json.loads(body)
    assert status == 400 and answer["parameter"] == "as_of" and "as_of" in answer["error"]
    status, _, body = api(client, "changes", **{"from": "yesterday"})
    assert status == 400 and json.loads(body)["parameter"] == "from"


def test_a_missing_parameter_is_400_naming_it(client: InProcess) -> None:
    status, _, body = api(client, "status", recogniser="RUS")
    assert status == 400 and json.loads(body)["parameter"] == "recognised"


def test_openapi_describes_every_lookup(client: InProcess) -> None:
    status, _, body = client.request("GET", "/api/openapi.json")
    spec = json.loads(body)
    assert status == 200 and spec["openapi"].startswith("3.1")
    assert {"/api/recognisers", "/api/recognised-by", "/api/status", "/api/timeline", "/api/changes",
            "/api/entities", "/api/count"} <= set(spec["paths"])


def test_export_answers_the_format_with_a_file_name(client: InProcess) -> None:
    status, headers, body = api(client, "export", format="gexf", **{"from": "2008-01-01", "to": "2024-12-31"},
                                around="XKX")
    assert status == 200 and headers["content-type"] == "application/gexf+xml"
    assert 'filename="recognition-2008-01-01_2024-12-31.gexf"' in headers["content-disposition"]
    assert b'version="1.3"' in body
    status, headers, _ = api(client, "export", format="csv", as_of="2008-10-31")
    assert status == 200 and 'filename="recognition-2008-10-31.csv"' in headers["content-disposition"]
