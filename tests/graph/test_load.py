"""Loading files: formats, one graph per file, replacement, and all-or-nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from recognition_kg.graph import asof
from recognition_kg.graph.errors import NotConformant, QuerySyntaxError, UnsupportedFormat
from recognition_kg.graph.load import load
from recognition_kg.graph.records import ActRecord, EntityRecord, to_graph
from recognition_kg.graph.store import Store, open_store
from recognition_kg.ontology import source_graph

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
    store = open_store()
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
    store = open_store()
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    _graph(REC).serialize(first, format="turtle")
    load(store, [first])
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2010-01-01"], ["https://example.org/s/2"])
    to_graph([], [wd]).serialize(second, format="turtle")
    load(store, [second])
    assert asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]["status"] == "not_recognised"


def test_an_invalid_file_changes_nothing(tmp_path: Path) -> None:
    store = open_store()
    good = tmp_path / "good.ttl"
    _graph(REC).serialize(good, format="turtle")
    load(store, [good])
    before = set(store.quads())
    bad = tmp_path / "bad.ttl"
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2001-01-01"], ["https://example.org/s/2"])
    to_graph([], [wd]).serialize(bad, format="turtle")
    with pytest.raises(NotConformant) as refused:
        load(store, [bad])
    assert "is dated before any recognition of that pair" in refused.value.report.text()
    assert set(store.quads()) == before


def test_a_file_that_does_not_parse_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(QuerySyntaxError, match=r"broken.ttl does not parse.*line 2"):
        load(open_store(), [bad])


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("x")
    with pytest.raises(UnsupportedFormat):
        load(open_store(), [path])


def test_reloading_two_files_at_once_derives_statuses_from_their_new_acts_only(tmp_path: Path) -> None:
    """Issue 12: with two graphs replaced, the old acts of both used to stay in the derivation."""
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    _graph(REC).serialize(first, format="turtle")
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2010-01-01"], ["https://example.org/s/2"])
    to_graph([], [wd]).serialize(second, format="turtle")
    with open_store() as store:
        load(store, [first, second])
        assert asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]["status"] == "not_recognised"
        second.write_text("# the withdrawal was a misreading: this file now states nothing\n")
        load(store, [first, second])
        answer = asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]
        assert answer["status"] == "recognised"
        assert [a["iri"].rsplit("/", 1)[-1] for a in answer["acts"]] == ["r1"]


def test_reloading_two_files_into_one_named_graph_replaces_it_once(tmp_path: Path) -> None:
    """Issue 12: ``--graph G a b`` replaces G, the one graph both files go to."""
    first, second = tmp_path / "first.ttl", tmp_path / "second.ttl"
    graph = URIRef("http://example.org/curated")
    _graph(REC).serialize(first, format="turtle")
    wd = ActRecord("w1", "Withdrawal", "QAA", "QBB", ["2010-01-01"], ["https://example.org/s/2"])
    to_graph([], [wd]).serialize(second, format="turtle")
    with open_store() as store:
        load(store, [first, second], graph=graph)
        second.write_text("# now nothing\n")
        load(store, [first, second], graph=graph)
        assert asof.status(store, "QAA", "QBB", dt.date(2011, 1, 1))["results"][0]["status"] == "recognised"
