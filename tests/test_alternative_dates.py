"""Alternative dates stand only where a source at least as good as the best behind the main
date gives them (issue 13, rule 8); the others are set aside, on the record and in no answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.importer import read_tables
from tests.helpers import Run

STATES = ("code,label,kind,exists_from,un_admitted,un_left,un_observer_since,continues,wikidata,sources,notes\n"
          "QAA,Aland,state,1950-01-01,,,,,,https://example.org/aland,\n"
          "QBB,Bland,state,1950-01-01,,,,,,https://example.org/bland,\n")
HEADER = "id,type,by,of,date,disputed,label,sources,evidence,notes,date_sources\n"
NEWS = "https://www.reuters.com/world/bland-recognised"
MIRROR = "https://wikimili.com/en/Bland"
REFERENCE = "https://en.wikipedia.org/wiki/Bland"


def tables(tmp_path: Path, date: str, sources: str, date_sources: str) -> Path:
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "states.csv").write_text(STATES, encoding="utf-8")
    (folder / "acts.csv").write_text(
        HEADER + f"qaa-recognition-qbb,Recognition,QAA,QBB,{date},,Aland recognises Bland,{sources},,,{date_sources}\n",
        encoding="utf-8")
    return folder


def the_act(folder: Path):  # type: ignore[no-untyped-def]
    (act,) = read_tables(folder).acts["acts"]
    return act


def test_a_date_only_a_mirror_gives_is_set_aside_when_a_newspaper_gives_another(tmp_path: Path) -> None:
    act = the_act(tables(tmp_path, "2001-05-02|2001-05-01", f"{NEWS} {MIRROR}", "1|2"))
    assert act.dates == ["2001-05-02"]
    assert act.set_aside_dates == ["2001-05-01"]


def test_dates_sources_of_the_same_kind_give_both_stand(tmp_path: Path) -> None:
    act = the_act(tables(tmp_path, "2001-05-01|2001-05-02", f"{NEWS} https://apnews.com/bland", "1|2"))
    assert act.dates == ["2001-05-01", "2001-05-02"]
    assert act.set_aside_dates == []


def test_the_main_date_is_the_one_the_best_source_gives_whatever_its_place(tmp_path: Path) -> None:
    act = the_act(tables(tmp_path, "2001-05-01|2001-05-02", f"{REFERENCE} {NEWS}", "1|1 2"))
    assert act.dates == ["2001-05-02"]
    assert act.set_aside_dates == ["2001-05-01"]


def test_without_date_sources_every_date_stands(tmp_path: Path) -> None:
    act = the_act(tables(tmp_path, "2001-05-01|2001-05-02", f"{NEWS} {MIRROR}", ""))
    assert act.dates == ["2001-05-01", "2001-05-02"]


@pytest.mark.parametrize(("cell", "problem"), [
    ("1", "2 date(s) but 1 group(s) of sources"),
    ("1|3", "source positions [3] must name 1 to 2"),
    ("first|second", "must be groups of source positions like '1 3|2'"),
])
def test_bad_date_sources_are_refused_naming_the_row_and_the_problem(tmp_path: Path, cell: str, problem: str) -> None:
    with pytest.raises(InvalidRequest) as refused:
        read_tables(tables(tmp_path, "2001-05-01|2001-05-02", f"{NEWS} {MIRROR}", cell))
    assert "acts.csv row 2: date_sources" in refused.value.message
    assert problem in refused.value.message


def test_a_set_aside_date_changes_no_answer_and_stays_on_the_record(rkg: Callable[..., Run], tmp_path: Path) -> None:
    folder = tables(tmp_path, "2001-05-02|2001-05-01", f"{NEWS} {MIRROR}", "1|2")
    store = tmp_path / "store"
    assert rkg("import", str(folder), store=store).code == 0
    on_the_day_before = rkg("status", "QAA", "QBB", "--as-of", "2001-05-01", store=store)
    assert on_the_day_before.code == 0, on_the_day_before.err
    assert "not_recognised" in on_the_day_before.out
    query = ("PREFIX rkg: <https://w3id.org/recognition-kg/ontology#> "
             "SELECT ?d WHERE { ?act rkg:setAsideDate ?d }")
    record = rkg("query", query, "--format", "csv", store=store)
    assert "2001-05-01" in record.out


def test_japans_break_with_the_roc_is_the_29th_not_the_27th_of_a_mirror(rkg: Callable[..., Run]) -> None:
    """jpn-withdrawal-twn-1972: Wikipedia gives 29 September 1972; a kiwix copy's 27th is set aside."""
    run = rkg("status", "JPN", "CHN-ROC-1912", "--as-of", "1972-09-28", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["results"][0]["status"] == "recognised"


def test_saudi_arabias_break_with_the_taliban_is_the_25th_of_september_2001(rkg: Callable[..., Run]) -> None:
    """sau-withdraws-iea-2001: The Guardian and AP on the day; AFP's "October" of November is set aside."""
    run = rkg("status", "SAU", "AFG-IEA-1996", "--as-of", "2001-10-01", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["results"][0]["status"] == "not_recognised"


def test_chinas_acceptance_of_the_taliban_envoy_is_dated_the_30th(rkg: Callable[..., Run]) -> None:
    """chn-accreditation-afg-iea-2021-2024: The Nation and Azon give Tuesday 30 January 2024; a later
    report's 31st is set aside."""
    run = rkg("timeline", "CHN", "AFG-IEA-2021", "--format", "json")
    assert run.code == 0, run.err
    (act,) = [a for a in json.loads(run.out)["results"] if a["iri"].endswith("chn-accreditation-afg-iea-2021-2024")]
    assert act["dates"] == ["2024-01-30"]
