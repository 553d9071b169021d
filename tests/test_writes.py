"""Curated writes in process (graph/writes.py): each write leaves the statuses exactly as a full
derivation from the acts gives them, and is logged once with a patch that undoes it."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from recognition_kg.graph import changelog, writes
from recognition_kg.graph.bundle import build
from recognition_kg.graph.errors import NotConformant
from recognition_kg.graph.oxigraph_store import OxigraphStore
from recognition_kg.graph.statuses import acts_by_pair, existence_ends, intervals_for, status_quads
from recognition_kg.ontology import GRAPH_STATUSES

CLAIMED = """PREFIX rkg: <https://w3id.org/recognition-kg/ontology#>
SELECT DISTINCT ?claim ?act WHERE { GRAPH ?g { ?claim rkg:concerns ?act } } ORDER BY ?claim LIMIT 3"""


@pytest.fixture(scope="module")
def bundled() -> OxigraphStore:
    store = OxigraphStore()
    build(store)
    return store


def _derived_equal_stored(store: OxigraphStore) -> bool:
    derived = {q[:3] for q in status_quads(intervals_for(acts_by_pair(store), existence_ends(store)))}
    return derived == {q[:3] for q in store.quads(g=GRAPH_STATUSES)}


def test_a_write_touching_pairs_with_claims_keeps_every_status_as_derivation_gives_it(bundled: OxigraphStore) -> None:
    """Acts denied or reversed by the other side are re-derived through the pair they concern."""
    assert _derived_equal_stored(bundled)
    rows = bundled.values(CLAIMED)
    assert rows, "the bundled data has claims (denials, reversals)"
    for row in rows:
        for node in (row["claim"], row["act"]):
            text = (f"INSERT {{ GRAPH ?g {{ <{node}> <http://www.w3.org/2000/01/rdf-schema#comment> \"checked\" }} }} "
                    f"WHERE {{ GRAPH ?g {{ <{node}> a ?t }} }}")
            change = writes.update(bundled, text, curator="test")
            assert change.pairs >= 1 and change.added == 1
    assert _derived_equal_stored(bundled)


def test_a_changed_date_re_derives_the_pair_and_its_patch_undoes_it(bundled: OxigraphStore) -> None:
    [row] = bundled.values("""PREFIX rkg: <https://w3id.org/recognition-kg/ontology#>
        SELECT ?act ?d ?g WHERE { GRAPH ?g { ?act a rkg:Withdrawal ; rkg:date ?d FILTER(DATATYPE(?d) = xsd:date) } }
        ORDER BY ?act LIMIT 1""".replace("xsd:date", "<http://www.w3.org/2001/XMLSchema#date>"))
    before = set(bundled.native)
    text = (f'DELETE {{ GRAPH <{row["g"]}> {{ <{row["act"]}> <https://w3id.org/recognition-kg/ontology#date> ?d }} }} '
            f'INSERT {{ GRAPH <{row["g"]}> {{ <{row["act"]}> <https://w3id.org/recognition-kg/ontology#date> '
            f'"{int(row["d"][:4]) + 1}{row["d"][4:]}"^^<http://www.w3.org/2001/XMLSchema#date> }} }} '
            f'WHERE {{ GRAPH <{row["g"]}> {{ <{row["act"]}> <https://w3id.org/recognition-kg/ontology#date> ?d }} }}')
    change = writes.update(bundled, text, curator="test", message="a year later")
    assert _derived_equal_stored(bundled)
    removed, added = changelog.parse_patch(changelog.patch(bundled, change.sequence))
    assert any(q.predicate.value.endswith("#latestEnd") for q in added), "the status moved with the date"
    after = set(bundled.native)
    log = {q for q in after - before if q.graph_name == ox.NamedNode("https://w3id.org/recognition-kg/graph/log")}
    assert (after - before) - log == set(added) and before - after == set(removed)


def test_a_refused_write_changes_nothing(bundled: OxigraphStore) -> None:
    before = set(bundled.native)
    with pytest.raises(NotConformant):
        writes.update(bundled, "INSERT DATA { GRAPH <https://w3id.org/recognition-kg/graph/source/x> { "
                               "<https://w3id.org/recognition-kg/id/act/x> a "
                               "<https://w3id.org/recognition-kg/ontology#Recognition> } }", curator="test")
    assert set(bundled.native) == before
