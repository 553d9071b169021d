"""The store interface, the same on both adapters."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from recognition_kg.graph.errors import QuerySyntaxError, UnsupportedFormat
from recognition_kg.graph.store import Store

EX = "http://example.org/"
G = URIRef(EX + "g")


def q(s: str, p: str, o: object, g: URIRef | None = G) -> tuple[URIRef, URIRef, object, URIRef | None]:
    return (URIRef(EX + s), URIRef(EX + p), o, g)


def test_added_quads_are_counted_and_found_by_pattern(empty_store: Store) -> None:
    empty_store.extend([q("a", "p", Literal(1)), q("b", "p", URIRef(EX + "a"))])
    assert len(empty_store) == 2
    found = list(empty_store.quads(None, URIRef(EX + "p"), URIRef(EX + "a")))
    assert found == [q("b", "p", URIRef(EX + "a"))]


def test_queries_see_the_union_of_named_graphs(empty_store: Store) -> None:
    empty_store.extend([q("a", "p", Literal("x"), URIRef(EX + "g1")), q("b", "p", Literal("y"), URIRef(EX + "g2"))])
    rows = empty_store.select("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s")
    assert rows == [{"s": URIRef(EX + "a")}, {"s": URIRef(EX + "b")}]


def test_bindings_reach_the_query_as_values(empty_store: Store) -> None:
    empty_store.extend([q("a", "p", Literal("x")), q("b", "p", Literal("y"))])
    rows = empty_store.select("SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": Literal("y")})
    assert [r["s"] for r in rows] == [URIRef(EX + "b")]  # type: ignore[index]


def test_ask_answers_a_boolean(empty_store: Store) -> None:
    assert empty_store.ask("ASK { ?s ?p ?o }") is False


def test_a_malformed_query_raises_the_projects_syntax_error(empty_store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        empty_store.select("SELECT * WHERE { ?s ?p }")


def test_a_failed_update_changes_nothing(empty_store: Store) -> None:
    empty_store.add(q("a", "p", Literal(1)))
    with pytest.raises(QuerySyntaxError):
        empty_store.update("INSERT DATA { <http://example.org/x> <http://example.org/p> 2 } ; DELETE WHERE {")
    assert len(empty_store) == 1


def test_load_parses_into_the_named_graph_and_dump_round_trips(empty_store: Store) -> None:
    empty_store.load(b"<http://example.org/a> <http://example.org/p> \"1\" .", "nt", G)
    assert [g for *_, g in empty_store.quads()] == [G]
    assert b"http://example.org/a" in empty_store.dump("nt", G)
    assert b"http://example.org/g" in empty_store.dump("nq")


def test_load_of_bad_data_stores_nothing(empty_store: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        empty_store.load(b"<http://example.org/a> <http://example.org/p> \"1\" .\n<oops", "nt", G)
    assert len(empty_store) == 0


def test_an_unknown_format_is_refused(empty_store: Store) -> None:
    with pytest.raises(UnsupportedFormat):
        empty_store.load(b"", "docx", G)


def test_named_graphs_are_listed(empty_store: Store) -> None:
    empty_store.extend([q("a", "p", Literal(1), URIRef(EX + "g2")), q("a", "p", Literal(1), URIRef(EX + "g1"))])
    assert empty_store.named_graphs() == [URIRef(EX + "g1"), URIRef(EX + "g2")]
