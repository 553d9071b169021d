"""Loading files: formats, one graph per file, replacement, and all-or-nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from graph import asof
from graph.errors import NotConformant, QuerySyntaxError, UnsupportedFormat
from graph.load import load
from graph.records import ActRecord, EntityRecord, to_graph
from graph.store import OxigraphStore, Store
from ontology import source_graph

ENTITIES = [EntityRecord("QAA"), EntityRecord("QBB")]
REC = ActRecord("r1", "Recognition", "QAA", "QBB", ["2008-02-18"], ["https://example.org/s/1"])


def _graph(*acts: ActRecord) -> Graph:
    return to_graph(ENTITIES, list(acts))


@pytest.mark.parametrize("fmt,ext", [("turtle", "ttl"), ("nt", "nt"), ("json-ld", "jsonld"), ("xml", "rdf")])
def test_each_triple_format_loads_into_a_graph_named_after_the_file(empty_store: Store, tmp_path: Path,
                                                                    fmt: str, ext: str) -> None:
    path = tmp_path / f"kosovo.{ext}"
    _graph(REC).serialize(path, format=fmt, encoding="utf-8")
    result = load(empty_store, [path])
    assert result.graph == source_graph("kosovo")
    assert result.acts == 1 and result.statuses == 1
    assert asof.status(empty_store, "QAA", "QBB", dt.date(2009, 1, 1))["results"][0]["status"] == "recognised"


@pytest.mark.parametrize("fmt,ext", [("trig", "trig"), ("nquads", "nq")])
def test_quad_formats_keep_their_own_graphs(empty_store: Store, tmp_path: Path, fmt: str, ext: str) -> None:
    ds = Dataset()
    named = ds.graph(URIRef("http://example.org/mine"))
    for t in _graph(REC):
        named.add(t)
    path = tmp_path / f"data.{ext}"
    ds.serialize(path, format=fmt, encoding="utf-8")
    load(empty_store, [path])
    assert URIRef("http://example.org/mine") in empty_store.named_graphs()
    assert asof.status(empty_store, "QAA", "QBB", dt.date(2009, 1, 1))["results"][0]["status"] == "recognised"


def test_loading_a_file_again_replaces_what_it_said(tmp_path: Path) -> None:
    store = OxigraphStore()
    path = tmp_path / "pair.ttl"
    _graph(REC).serialize(path, format="turtle")
    load(store, [path])
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2010-01-01"], ["https://example.org/s/2"])
    _graph(REC, wd).serialize(path, format="turtle")
    load(store, [path])
    assert asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]["status"] == "not_recognised"
    _graph(REC).serialize(path, format="turtle")
    load(store, [path])
    assert asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]["status"] == "recognised"


def test_acts_in_a_second_file_rederive_the_pair_from_both(tmp_path: Path) -> None:
    store = OxigraphStore()
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    _graph(REC).serialize(first, format="turtle")
    load(store, [first])
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2010-01-01"], ["https://example.org/s/2"])
    to_graph([], [wd]).serialize(second, format="turtle")
    load(store, [second])
    assert asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]["status"] == "not_recognised"


def test_an_invalid_file_changes_nothing(tmp_path: Path) -> None:
    store = OxigraphStore()
    good = tmp_path / "good.ttl"
    _graph(REC).serialize(good, format="turtle")
    load(store, [good])
    before = set(store.native)
    bad = tmp_path / "bad.ttl"
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2001-01-01"], ["https://example.org/s/2"])
    to_graph([], [wd]).serialize(bad, format="turtle")
    with pytest.raises(NotConformant) as refused:
        load(store, [bad])
    assert "is dated before any recognition of that pair" in refused.value.report.text()
    assert set(store.native) == before


def test_a_file_that_does_not_parse_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(QuerySyntaxError, match=r"broken.ttl does not parse.*line 2"):
        load(OxigraphStore(), [bad])


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("x")
    with pytest.raises(UnsupportedFormat):
        load(OxigraphStore(), [path])
