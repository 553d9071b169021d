"""What Virtuoso 7 says its own way, met by its dialect (graph/dialects.py), on a real Virtuoso
started by a fixture with a row limit of 1,000 (its ``ResultSetMaxRows``): no answer is ever
short without saying so, a change too large for one request is seen whole or not at all, and
its errors name what to do."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from rdflib import XSD, BNode, Literal, URIRef

from recognition_kg.graph.errors import QueryTimeout, StoreError
from recognition_kg.graph.remote_store import STAGING, RemoteStore
from recognition_kg.graph.store import Quad
from tests.helpers import VIRTUOSO_CURATOR, start_virtuoso, stop_process

EX = "http://example.org/"
G = URIRef(EX + "g")
ROWS = 1_000


def quads(n: int, graph: URIRef = G) -> list[Quad]:
    return [(URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(i), graph) for i in range(n)]


@pytest.fixture(scope="module")
def server(virtuoso_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso of its own whose answers stop at ROWS rows: its spec."""
    process, url = start_virtuoso(tmp_path_factory.mktemp("virtuoso-small"), max_rows=ROWS)
    yield url + "#dialect=virtuoso"
    stop_process(process)


@pytest.fixture
def store(server: str) -> Iterator[RemoteStore]:
    with RemoteStore(server, auth=VIRTUOSO_CURATOR) as store:
        store.drop_all()
        yield store


def test_an_answer_cut_at_the_row_limit_is_an_error_never_a_short_answer(store: RemoteStore) -> None:
    store.extend(quads(ROWS + 200))
    assert len(store) == ROWS + 200  # a count is one row
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        store.values("SELECT ?s WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="ResultSetMaxRows"):
        list(store.quads())
    # A user's query cut by this server's own, lower limit is answered and says it is cut.
    assert store.run("SELECT ?s WHERE { ?s ?p ?o }", max_rows=10).truncated


def test_a_change_too_large_for_one_request_is_seen_whole_or_not_at_all(store: RemoteStore, server: str) -> None:
    change = quads(900)  # above the 500 quads one Virtuoso request takes: staged
    seen: set[int] = set()
    writer = threading.Thread(target=store.commit, args=([], [], change))
    with RemoteStore(server) as reader:
        writer.start()
        while writer.is_alive():
            seen.add(len(reader))
        writer.join()
        seen.add(len(reader))
        assert seen <= {0, 900} and 900 in seen
        staging = reader.values(f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                                f'FILTER(STRSTARTS(STR(?g), "{STAGING}")) }}')
        assert staging == [{"n": "0"}]
    assert store.named_graphs() == [G]


def test_a_staged_change_that_fails_changes_nothing_and_leaves_no_staging(store: RemoteStore) -> None:
    store.extend(quads(10))
    before = sorted(store.dump("nquads").splitlines())
    # The default graph: Virtuoso keeps none of its own, so the change is refused before a word is sent.
    with pytest.raises(StoreError, match="no default graph"):
        store.commit([G], [], [*quads(600), (URIRef(EX + "x"), URIRef(EX + "p"), Literal(1), None)])
    assert sorted(store.dump("nquads").splitlines()) == before


def test_a_query_past_the_servers_own_timeout_is_a_timeout_never_a_partial_answer(server: str) -> None:
    # Asked to stop at half our 8 s, Virtuoso answers 200 with what it found by then ("anytime").
    with RemoteStore(server, auth=VIRTUOSO_CURATOR, timeout=8) as store:
        store.drop_all()
        store.extend(quads(400))
        with pytest.raises(QueryTimeout, match="timeout"):
            store.values("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?o . ?b ?q ?r . ?c ?x ?y . "
                         "FILTER (STR(?o) < STR(?r) && STR(?r) < STR(?y)) }")


def test_a_write_without_the_update_grant_names_the_grant(store: RemoteStore, server: str) -> None:
    store.extend(quads(3))
    with RemoteStore(server) as anonymous:  # Virtuoso's anonymous user lacks SPARQL_UPDATE
        with pytest.raises(StoreError, match="SPARQL_UPDATE"):
            anonymous.extend(quads(5, URIRef(EX + "other")))
        assert len(anonymous) == 3


def test_its_results_read_as_sparql_1_1_terms(store: RemoteStore) -> None:
    s, p = URIRef(EX + "s"), URIRef(EX + "p")
    terms = [Literal(True), Literal(False), Literal("plain"), Literal("Kosovo", lang="en"),
             Literal("2008-02-17", datatype=XSD.date), Literal(42), BNode()]
    store.extend([(s, p, t, G) for t in terms])
    got = {r["o"] for r in store.select("SELECT ?o WHERE { ?s ?p ?o }")}
    assert {t for t in got if not isinstance(t, BNode)} == {t for t in terms if not isinstance(t, BNode)}
    assert sum(isinstance(t, BNode) for t in got) == 1  # a blank node, written through INSERT ... WHERE {}
    assert store.ask("ASK { ?s ?p ?o }") is True
    assert store.ask("ASK { ?s ?p <http://example.org/nothing> }") is False  # a SELECT of __ASK_RETVAL there
