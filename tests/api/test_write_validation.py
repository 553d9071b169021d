"""A write that breaks a shape is refused whole: 422 with the validation report, nothing changed."""

from __future__ import annotations

import json

from tests.helpers import PREFIXES, Server, bearer, dump

GRAPH = "https://w3id.org/recognition-kg/graph/source/curated"
#: Two made-up states and a source (the codes are in ISO 3166's user-assigned range, Q..)
PARTIES = f"""GRAPH <{GRAPH}> {{
  state:QWA a rkg:State ; rkg:code "QWA" ; rdfs:label "Westland"@en .
  state:QWB a rkg:State ; rkg:code "QWB" ; rdfs:label "Eastland"@en .
  src:qw-example a rkg:Source ; schema:url "https://example.org/qw"^^xsd:anyURI .
}}"""
UPDATE = {"Content-Type": "application/sparql-update"}


def _write(server: Server, text: str, accept: str = "application/json") -> tuple[int, bytes]:
    status, _, body = server.request("POST", "/update", body=(PREFIXES + text).encode(),
                                     headers={**bearer("alice"), **UPDATE, "Accept": accept})
    return status, body


def test_an_act_without_a_source_is_422_with_the_report_and_nothing_is_stored(curated: Server) -> None:
    before = dump(curated)
    status, body = _write(curated, f"""INSERT DATA {{ {PARTIES[:-1]}
      act:qwa-recognises-qwb a rkg:Recognition ; rkg:by state:QWA ; rkg:of state:QWB ;
          rkg:date "2001-05-04"^^xsd:date ; rdfs:label "Westland recognises Eastland"@en .
    }} }}""")
    assert status == 422, body
    answer = json.loads(body)
    report = answer["report"]
    assert report["conforms"] is False
    assert any(r["about"] == "Recognition qwa-recognises-qwb of QWA -> QWB" and "source" in r["message"]
               for r in report["results"])
    assert "Conforms: no" in report["text"]
    assert dump(curated) == before


def test_the_report_reads_as_rkg_validate_prints_it_in_plain_text_too(curated: Server) -> None:
    status, body = _write(curated, """INSERT DATA { GRAPH <https://w3id.org/recognition-kg/graph/source/x> {
      act:lonely a rkg:Withdrawal ; rkg:by state:QWA ; rkg:date "2001-05-04"^^xsd:date } }""", accept="text/plain")
    assert status == 422
    text = body.decode()
    assert "Conforms: no, " in text and "- Withdrawal lonely" in text


def test_a_correction_that_breaks_an_existing_act_is_refused(curated: Server) -> None:
    """Removing a source that an act cites breaks the act, though the write never names it."""
    status, body = _write(curated, f"""INSERT DATA {{ {PARTIES[:-1]}
      act:qwa-recognises-qwb a rkg:Recognition ; rkg:by state:QWA ; rkg:of state:QWB ;
          rkg:date "2001-05-04"^^xsd:date ; rdfs:label "Westland recognises Eastland"@en ;
          prov:wasDerivedFrom src:qw-example .
    }} }}""")
    assert status == 200, body
    before = dump(curated)
    status, body = _write(curated, f"DELETE WHERE {{ GRAPH <{GRAPH}> {{ src:qw-example ?p ?o }} }}")
    assert status == 422, body
    assert "qwa-recognises-qwb" in json.loads(body)["report"]["text"]
    assert dump(curated) == before


def test_an_update_that_does_not_parse_is_400_with_where_it_fails(curated: Server) -> None:
    before = dump(curated)
    status, body = _write(curated, "INSERT DATA { <http://example.org/a> <http://example.org/b> }")
    assert status == 400
    assert b"does not parse" in body
    status, body = _write(curated, "LOAD <http://127.0.0.1:9/data.ttl>")
    assert status == 403 and b"never fetches" in body
    status, body = _write(curated, "CLEAR GRAPH <https://w3id.org/recognition-kg/graph/log>")
    assert status == 403 and b"append-only" in body
    assert dump(curated) == before
