"""The indexes read the store by predicate, and get the very rows of the named queries (issue 14).

``graph/scans.py`` joins one scan per predicate in Python instead of asking the store to join a
dozen patterns; the queries stay the definition of the rows. A row's multiplicity may differ (a
triple held in two graphs meets the union default graph twice), so rows are compared as sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from recognition_kg import queries
from recognition_kg.graph import scans
from recognition_kg.graph.store import Store
from recognition_kg.ontology import RKG


def _rows(rows: Iterable[Mapping[str, str]]) -> set[tuple[tuple[str, str], ...]]:
    return {tuple(sorted(r.items())) for r in rows}


def test_status_rows_are_the_status_index_query_rows(bundled_store: Store) -> None:
    assert _rows(scans.status_rows(bundled_store)) == _rows(bundled_store.values(queries.get("status_index").text))


def test_evidence_rows_are_the_status_evidence_query_rows(bundled_store: Store) -> None:
    statuses = [r["status"] for r in bundled_store.values(queries.get("status_index").text)]
    wanted = set(statuses)
    from_query = [r for r in bundled_store.values(queries.get("status_evidence").text) if r["status"] in wanted]
    assert from_query and _rows(scans.evidence_rows(bundled_store, statuses)) == _rows(from_query)


def test_act_rows_are_the_acts_query_rows(bundled_store: Store) -> None:
    assert _rows(scans.act_rows(bundled_store)) == _rows(bundled_store.values(queries.get("acts").text))


def test_a_multi_valued_property_gives_a_row_per_value_and_a_missing_one_none(empty_store: Store) -> None:
    """As a SPARQL join does: two dates, two rows; no earliestDate, no row at all."""
    act, bare = URIRef("http://ex/act"), URIRef("http://ex/bare")
    graph = URIRef("http://ex/g")
    day = [Literal("2008-02-17", datatype=XSD.date), Literal("2008-02-18", datatype=XSD.date)]
    empty_store.extend([(act, RDF.type, RKG.Recognition, graph), (act, RKG.date, day[0], graph),
                        (act, RKG.date, day[1], graph), (act, RKG.earliestDate, day[0], graph),
                        (bare, RDF.type, RKG.Recognition, graph), (bare, RKG.date, day[0], graph)])
    status = "http://ex/status"
    empty_store.add((URIRef(status), URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), act, graph))
    rows = list(scans.evidence_rows(empty_store, [status]))
    assert sorted(r["date"] for r in rows) == ["2008-02-17", "2008-02-18"]
    assert all("url" not in r and r["act"] == str(act) for r in rows)


@pytest.mark.parametrize("predicate", [RKG.recogniser, RDF.type])
def test_scan_gives_text_not_terms(bundled_store: Store, predicate: URIRef) -> None:
    s, o = next(bundled_store.scan(predicate))
    assert type(s) is str and type(o) is str
