"""Knowledge time over HTTP: every JSON lookup takes known_at, /api/changes lists the corrections
between two instants, and each change's patch can be downloaded."""

from __future__ import annotations

import json

from tests.api.test_write_validation import PARTIES
from tests.helpers import PREFIXES, Server, bearer

GRAPH = "https://w3id.org/recognition-kg/graph/source/curated"
ACT = """act:qwa-recognises-qwb a rkg:Recognition ; rkg:by state:QWA ; rkg:of state:QWB ;
    rkg:date "1992"^^xsd:gYear ; rdfs:label "Westland recognises Eastland, some day in 1992"@en ;
    prov:wasDerivedFrom src:qw-example ."""
CORRECTION = f"""DELETE {{ GRAPH <{GRAPH}> {{ act:qwa-recognises-qwb rkg:date ?d }} }}
INSERT {{ GRAPH <{GRAPH}> {{ act:qwa-recognises-qwb rkg:date "1995-03-01"^^xsd:date }} }}
WHERE {{ GRAPH <{GRAPH}> {{ act:qwa-recognises-qwb rkg:date ?d }} }}"""


def _update(server: Server, text: str, message: str) -> dict[str, object]:
    status, _, body = server.request("POST", "/update", body=(PREFIXES + text).encode(),
                                     headers={**bearer("alice", message), "Content-Type": "application/sparql-update"})
    assert status == 200, body
    return json.loads(body)["change"]  # type: ignore[no-any-return]


def _status(server: Server, known_at: str = "") -> tuple[str, str]:
    extra = f"&known_at={known_at}" if known_at else ""
    status, headers, body = server.request("GET", f"/api/status?recogniser=QWA&recognised=QWB&as_of=1993-06-01{extra}")
    assert status == 200, body
    return json.loads(body)["results"][0]["status"], headers["etag"]


def test_a_correction_is_answered_the_old_way_before_it_and_the_new_way_after(curated: Server) -> None:
    k1 = _update(curated, f"INSERT DATA {{ {PARTIES[:-1]} {ACT} }} }}", "Westland, from the year-only source")
    k2 = _update(curated, CORRECTION, "the date was 1995-03-01")
    between, tag_between = _status(curated, str(k1["committed"]))
    after, tag_after = _status(curated, str(k2["committed"]))
    now, _ = _status(curated)
    assert (between, after, now) == ("recognised", "not_recognised", "not_recognised")
    assert tag_between != tag_after
    status, _, body = curated.request("GET", f"/api/recognisers?entity=QWB&as_of=1993-06-01&known_at={k1['committed']}")
    assert [r["code"] for r in json.loads(body)["results"]] == ["QWA"]
    status, _, body = curated.request("GET", "/api/status?recogniser=QWA&recognised=QWB&known_at=2020-01-01")
    assert status == 400 and json.loads(body)["parameter"] == "known_at"
    assert b"before this graph knew anything" in body


def test_changes_between_two_instants_are_the_corrections_and_each_patch_downloads(curated: Server) -> None:
    k1 = _update(curated, f"INSERT DATA {{ {PARTIES[:-1]} {ACT} }} }}", "Westland")
    k2 = _update(curated, CORRECTION, "the date was 1995-03-01")
    status, headers, body = curated.request("GET", f"/api/changes?known_from={k1['committed']}")
    assert status == 200, body
    answer = json.loads(body)
    assert [c["sequence"] for c in answer["changes"]] == [k2["sequence"]]
    [pair] = answer["results"]
    assert (pair["recogniser"]["code"], pair["before"], pair["after"]) == (
        "QWA", ["1992-01-01/1992-12-31 to now"], ["1995-03-01 to now"])
    status, headers, patch = curated.request("GET", f"/api/log/{k2['sequence']}/patch")
    assert status == 200 and headers["content-type"].startswith("application/rdf-patch")
    assert patch.startswith(b"TX .\n") and b'\nD <https://w3id.org/recognition-kg/id/act/qwa-recognises-qwb>' in patch
    status, _, entry = curated.request("GET", f"/api/log/{k2['sequence']}")
    assert json.loads(entry)["change"]["message"] == "the date was 1995-03-01"
    assert curated.request("GET", "/api/log/9999")[0] == 404
