"""The bundled data: it validates, every act cites a public page, and the seed facts are there."""

from __future__ import annotations

from graph.bundle import bundled_parts
from graph.load import check_parsed
from graph.store import OxigraphStore, Store

RKG = "https://w3id.org/recognition-kg/ontology#"


def test_the_whole_bundled_data_conforms() -> None:
    report = check_parsed(OxigraphStore(), bundled_parts())
    assert report.conforms, report.text()


def test_every_act_cites_an_http_source(bundled_store: Store) -> None:
    rows = bundled_store.query(f"""
        PREFIX rkg: <{RKG}>
        SELECT ?act WHERE {{
          ?act a ?type . FILTER (?type IN (rkg:Recognition, rkg:Withdrawal, rkg:Suspension, rkg:Accreditation,
                                           rkg:EstablishmentOfRelations, rkg:Engagement))
          FILTER NOT EXISTS {{ ?act <http://www.w3.org/ns/prov#wasDerivedFrom>/<https://schema.org/url> ?url
                              FILTER (STRSTARTS(STR(?url), "http")) }}
        }}""")
    assert rows == []


def test_governments_of_afghanistan_cover_1992_to_today(bundled_store: Store) -> None:
    rows = bundled_store.query(f"""
        PREFIX rkg: <{RKG}>
        SELECT ?code WHERE {{ ?g rkg:governs <https://w3id.org/recognition-kg/id/state/AFG> ; rkg:code ?code }}
        ORDER BY ?code""")
    codes = {str(r["code"]) for r in rows}  # type: ignore[index]
    assert codes == {"AFG-ISA-1992", "AFG-IEA-1996", "AFG-AIA-2001", "AFG-ATA-2002", "AFG-IRA-2004", "AFG-IEA-2021"}


def test_rkg_validate_without_files_checks_the_whole_bundle(rkg) -> None:  # type: ignore[no-untyped-def]
    run = rkg("validate")
    assert run.code == 0, run.out
    assert run.out.strip() == "Conforms: yes."
