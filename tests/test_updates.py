"""SPARQL 1.1 Update worked out as a delta on a candidate (graph/updates.py): the standard's
semantics, and the few rules of a curated store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from recognition_kg.graph.errors import Forbidden, InvalidRequest, QuerySyntaxError
from recognition_kg.graph.oxigraph_store import NativeStore, OxigraphStore
from recognition_kg.graph.updates import GENID, Delta, deskolemise, evaluate

EX = "http://example.org/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _store(*nquads: str) -> NativeStore:
    native = OxigraphStore().native
    if nquads:
        native.extend(ox.parse("\n".join(nquads).encode(), format=ox.RdfFormat.N_QUADS))
    return native


def _objects(quads: set[ox.Quad]) -> list[str]:
    return sorted(q.object.value for q in quads)  # type: ignore[union-attr]


def test_each_operation_sees_the_ones_before_it() -> None:
    s = _store()
    d = evaluate(s, f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> 1 }} }} ; "
                    f"INSERT {{ GRAPH <{EX}g> {{ ?s <{EX}q> 2 }} }} WHERE {{ GRAPH <{EX}g> {{ ?s <{EX}p> 1 }} }}")
    assert _objects(d.added) == ["1", "2"] and len(s) == 2


def test_delete_then_insert_is_one_net_change_and_a_reverted_triple_is_none() -> None:
    s = _store(f"<{EX}a> <{EX}p> \"1\" <{EX}g> .")
    d = evaluate(s, f"DELETE DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> \"1\" }} }} ; "
                    f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> \"1\" }} }}")
    assert not d


def test_with_names_the_graph_of_the_where_and_of_the_templates() -> None:
    s = _store(f"<{EX}a> <{EX}p> \"old\" <{EX}g> .", f"<{EX}a> <{EX}p> \"other\" <{EX}h> .")
    d = evaluate(s, f"WITH <{EX}g> DELETE {{ ?s <{EX}p> ?o }} INSERT {{ ?s <{EX}p> \"new\" }} "
                    f"WHERE {{ ?s <{EX}p> ?o }}")
    assert _objects(d.removed) == ["old"] and _objects(d.added) == ["new"]
    assert all(q.graph_name == ox.NamedNode(f"{EX}g") for q in d.added | d.removed)


def test_using_graph_uri_of_the_protocol_is_the_where_default_graph() -> None:
    s = _store(f"<{EX}a> {TYPE} <{EX}T> <{EX}g> .")
    d = evaluate(s, f"INSERT {{ GRAPH <{EX}out> {{ ?s a <{EX}U> }} }} WHERE {{ ?s a <{EX}T> }}", using=[f"{EX}g"])
    assert len(d.added) == 1
    with pytest.raises(InvalidRequest, match="dataset twice"):
        evaluate(s, f"WITH <{EX}g> INSERT {{ ?s a <{EX}U> }} WHERE {{ ?s a <{EX}T> }}", using=[f"{EX}g"])


def test_without_a_graph_an_update_reads_and_writes_the_store_s_own_default_graph() -> None:
    s = _store(f"<{EX}a> {TYPE} <{EX}T> <{EX}g> .")
    assert not evaluate(s, f"DELETE WHERE {{ ?s a <{EX}T> }}")
    assert len(evaluate(s, f"DELETE WHERE {{ GRAPH ?g {{ ?s a <{EX}T> }} }}").removed) == 1


def test_blank_nodes_written_become_skolem_iris_and_come_back_as_blank_nodes() -> None:
    s = _store()
    d = evaluate(s, f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}p> _:b . _:b <{EX}q> 1 }} }}")
    [card] = {q.object for q in d.added if q.predicate.value == f"{EX}p"}
    assert isinstance(card, ox.NamedNode) and card.value.startswith(GENID)
    assert {q.subject for q in d.added if q.predicate.value == f"{EX}q"} == {card}
    dumped = ox.serialize(list(s.quads_for_pattern(None, None, None, ox.NamedNode(f"{EX}g"))),
                          format=ox.RdfFormat.N_QUADS)
    assert b"_:" in deskolemise(dumped, ox.RdfFormat.N_QUADS)


def test_clear_all_leaves_the_change_log_and_the_statuses_alone() -> None:
    s = _store(f"<{EX}a> <{EX}p> \"1\" <{EX}g> .",
               f"<{EX}c> <{EX}p> \"1\" <https://w3id.org/recognition-kg/graph/log> .",
               f"<{EX}s> <{EX}p> \"1\" <https://w3id.org/recognition-kg/graph/statuses> .")
    d = evaluate(s, "CLEAR ALL")
    assert len(d.removed_quads) == 1 and len(s) == 2


def test_the_change_log_and_the_statuses_are_not_the_curators_to_write() -> None:
    for text in ("CLEAR GRAPH <https://w3id.org/recognition-kg/graph/log>",
                 f"INSERT DATA {{ GRAPH <https://w3id.org/recognition-kg/graph/statuses> {{ <{EX}a> <{EX}b> 1 }} }}"):
        with pytest.raises(Forbidden):
            evaluate(_store(), text)


def test_load_is_refused_the_server_never_fetches() -> None:
    with pytest.raises(Forbidden, match="never fetches"):
        evaluate(_store(), "LOAD <http://127.0.0.1:9/data.ttl>")
    with pytest.raises(InvalidRequest, match="SERVICE"):
        evaluate(_store(), f"INSERT {{ <{EX}a> <{EX}b> ?o }} WHERE {{ SERVICE <http://127.0.0.1:9/> {{ ?s ?p ?o }} }}")


def test_mistakes_are_named() -> None:
    with pytest.raises(QuerySyntaxError, match="does not parse"):
        evaluate(_store(), f"INSERT DATA {{ <{EX}a> <{EX}b> }}")
    with pytest.raises(InvalidRequest, match="no graph named"):
        evaluate(_store(), f"DROP GRAPH <{EX}missing>")
    assert not evaluate(_store(), f"DROP SILENT GRAPH <{EX}missing>")
    with pytest.raises(InvalidRequest, match="no variables"):
        evaluate(_store(), f"INSERT DATA {{ <{EX}a> <{EX}b> ?x }}")
    with pytest.raises(InvalidRequest, match="blank nodes"):
        evaluate(_store(), f"DELETE DATA {{ _:b <{EX}b> 1 }}")


def test_copy_move_and_add_between_graphs() -> None:
    s = _store(f"<{EX}a> <{EX}p> \"1\" <{EX}g> .", f"<{EX}a> <{EX}p> \"2\" <{EX}h> .")
    d = evaluate(s, f"COPY <{EX}g> TO <{EX}h>")
    assert _objects(d.added) == ["1"] and _objects(d.removed_quads) == ["2"]
    d = evaluate(s, f"MOVE <{EX}h> TO DEFAULT")
    assert not s.contains_named_graph(ox.NamedNode(f"{EX}h"))
    assert isinstance(Delta(), Delta) and len(list(s.quads_for_pattern(None, None, None, ox.DefaultGraph()))) == 1
