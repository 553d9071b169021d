"""Validation reports: their invariant, their text, and what they report on."""

from __future__ import annotations

import pytest

from recognition_kg.graph.normalise import add_date_bounds
from recognition_kg.graph.records import ActRecord, EntityRecord, to_graph
from recognition_kg.graph.validate import ValidationReport, ValidationResult, validate


def test_a_report_that_conforms_cannot_hold_a_violation() -> None:
    with pytest.raises(ValueError):
        ValidationReport(True, (ValidationResult("x", "", "Violation", "X", "bad"),))


def test_results_must_be_sorted() -> None:
    a = ValidationResult("a", "", "Violation", "A", "bad")
    b = ValidationResult("b", "", "Violation", "B", "bad")
    with pytest.raises(ValueError):
        ValidationReport(False, (b, a))


def test_a_state_without_a_code_is_named_in_the_report() -> None:
    g = to_graph([EntityRecord("QAA")], [])
    from recognition_kg.ontology import RKG

    g.remove((None, RKG.code, None))
    report = validate(add_date_bounds(g))
    assert not report.conforms
    assert report.text().splitlines()[1].startswith("- State QAA: needs exactly one code")


def test_an_act_with_a_month_date_validates() -> None:
    g = to_graph([EntityRecord("QAA"), EntityRecord("QBB")],
                 [ActRecord("a1", "Recognition", "QAA", "QBB", ["1997-05"], ["https://example.org/s"])])
    assert validate(add_date_bounds(g)).conforms


def test_a_source_without_http_url_or_citation_is_refused() -> None:
    g = to_graph([EntityRecord("QAA"), EntityRecord("QBB")],
                 [ActRecord("a1", "Recognition", "QAA", "QBB", ["1997-05"], ["https://example.org/s"])])
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    url = URIRef("https://schema.org/url")
    for s, _, _ in list(g.triples((None, url, None))):
        g.set((s, url, Literal("ftp://example.org/s", datatype=XSD.anyURI)))
    report = validate(add_date_bounds(g))
    assert "not one http(s) address" in report.text()


def test_the_report_serialises_to_json_ready_data() -> None:
    data = validate(add_date_bounds(to_graph([EntityRecord("QAA")], []))).to_dict()
    assert data == {"conforms": True, "text": "Conforms: yes.", "results": []}
