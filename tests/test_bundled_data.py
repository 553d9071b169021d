"""The bundled data: it validates, every act cites a public page, and the seed facts are there."""

from __future__ import annotations

from recognition_kg.graph.bundle import bundled_parts
from recognition_kg.graph.load import check_parsed
from recognition_kg.graph.store import Store, open_store
from recognition_kg.ontology import RKG, act_kinds


def test_the_whole_bundled_data_conforms() -> None:
    report = check_parsed(open_store(), bundled_parts())
    assert report.conforms, report.text()


def test_every_act_cites_an_http_source(bundled_store: Store) -> None:
    rows = bundled_store.select("""
        SELECT ?type ?act WHERE {
          ?act a ?type .
          FILTER NOT EXISTS { ?act <http://www.w3.org/ns/prov#wasDerivedFrom>/<https://schema.org/url> ?url
                              FILTER (STRSTARTS(STR(?url), "http")) }
        }""", {"type": act_kinds().iris(act_kinds().all)})
    assert rows == []


def test_governments_of_afghanistan_cover_1992_to_today(bundled_store: Store) -> None:
    rows = bundled_store.select(f"""
        PREFIX rkg: <{RKG}>
        SELECT ?code WHERE {{ ?g rkg:governs <https://w3id.org/recognition-kg/id/state/AFG> ; rkg:code ?code }}
        ORDER BY ?code""")
    codes = {str(r["code"]) for r in rows}  # type: ignore[index]
    assert codes == {"AFG-ISA-1992", "AFG-IEA-1996", "AFG-AIA-2001", "AFG-ATA-2002", "AFG-IRA-2004", "AFG-IEA-2021"}


def test_rkg_validate_without_files_checks_the_whole_bundle(rkg) -> None:  # type: ignore[no-untyped-def]
    run = rkg("validate")
    assert run.code == 0, run.out
    assert run.out.strip() == "Conforms: yes."


def test_every_reported_withdrawal_is_disputed() -> None:
    """Issue 13, the rule for disputes: a withdrawal or suspension that the tables themselves call
    reported ("reportedly", "withdrew (or suspended)") rests on one side's claim, which the other
    side denies, and is disputed: never a certain end."""
    from recognition_kg.graph.bundle import act_table_rows

    loose = []
    for table, row in act_table_rows():
        label = row["label"].lower()
        reported = ("reportedly withdrew", "withdrew (or suspended)", "press reported that")
        if any(r in label for r in reported) and row["type"] in ("Withdrawal", "Suspension") and \
                row["disputed"] != "true":
            loose.append(f"{table}: {row['id']}")
    assert loose == []


def test_one_event_is_one_act(bundled_store: Store) -> None:
    """Issue 13: recognising and establishing relations on the same day, from the same source, is one
    event; it used to be two acts (mhl-establishmentofrelations-twn-1998 and mhl-recognition-twn-1998)."""
    rows = bundled_store.select("""
        PREFIX rkg: <https://w3id.org/recognition-kg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?e ?r WHERE {
          ?e a rkg:EstablishmentOfRelations ; rkg:by ?by ; rkg:of ?of ; rkg:date ?d ; prov:wasDerivedFrom ?s .
          ?r a rkg:Recognition ; rkg:by ?by ; rkg:of ?of ; rkg:date ?d ; prov:wasDerivedFrom ?s .
        }""")
    assert rows == []
