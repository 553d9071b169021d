"""The ``rkg`` command as users run it: the answers, the formats and the exit codes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from recognition_kg.graph.store import open_store
from tests.helpers import FIXTURES, Run

IEA = "Islamic Emirate of Afghanistan"


def test_russia_recognises_the_islamic_emirate_on_2025_08_01(rkg: Callable[..., Run]) -> None:
    run = rkg("recognisers", IEA, "--as-of", "2025-08-01", "--format", "json")
    assert run.code == 0, run.err
    answer = run.json()
    assert answer["as_of"] == "2025-08-01"
    assert [r["code"] for r in answer["results"]] == ["RUS"]
    russia = answer["results"][0]
    assert russia["status"] == "recognised"
    assert russia["since"] == "2025-07-03"
    assert set(russia) >= {"code", "label", "iri", "status", "since", "until", "acts"}
    act = russia["acts"][0]
    assert set(act) >= {"iri", "type", "date", "precision", "sources"}
    assert all(url.startswith(("http://", "https://")) for url in act["sources"]) and act["sources"]


def test_pakistan_saudi_arabia_and_the_emirates_recognise_the_first_emirate_in_1998(rkg: Callable[..., Run]) -> None:
    run = rkg("recognisers", IEA, "--as-of", "1998-06-01", "--format", "json")
    assert run.code == 0, run.err
    assert [r["code"] for r in run.json()["results"]] == ["ARE", "PAK", "SAU"]
    assert {r["status"] for r in run.json()["results"]} == {"recognised"}


def test_nobody_recognises_the_emirate_in_mid_2002(rkg: Callable[..., Run]) -> None:
    run = rkg("recognisers", IEA, "--as-of", "2002-06-01", "--format", "json")
    assert run.code == 0, run.err
    assert run.json()["results"] == []


def test_russia_does_not_recognise_the_emirate_the_day_before(rkg: Callable[..., Run]) -> None:
    run = rkg("status", "RUS", IEA, "--as-of", "2025-07-02", "--format", "json")
    assert run.code == 0, run.err
    assert run.json()["results"][0]["status"] == "not_recognised"


def test_russia_recognises_the_emirate_from_3_july_2025(rkg: Callable[..., Run]) -> None:
    run = rkg("status", "RUS", IEA, "--as-of", "2025-07-03", "--format", "json")
    assert run.code == 0, run.err
    assert run.json()["results"][0]["status"] == "recognised"


def test_timeline_lists_the_seed_events_in_date_order_each_with_a_source(rkg: Callable[..., Run]) -> None:
    run = rkg("timeline", "RUS", "AFG", "--format", "json")
    assert run.code == 0, run.err
    acts = run.json()["results"]
    keys = [(a["date"]) for a in acts]
    assert keys == sorted(keys, key=lambda d: (d + "-01-01")[:10] if len(d) < 10 else d)
    assert all(a["sources"] for a in acts)
    kinds = {(a["type"], a["kind"]) for a in acts}
    for expected in [("Engagement", "Talks"), ("Engagement", "DiplomaticPresence"), ("Engagement", "StatedIntention"),
                     ("Engagement", "TradeMeasure"), ("Engagement", "Agreement"),
                     ("Engagement", "TerroristListRemoval"), ("Recognition", None), ("Accreditation", None)]:
        assert expected in kinds, expected
    dates = {a["date"] for a in acts}
    assert {"2018-11-09", "2022-06-14", "2022-09-28", "2025-04-17", "2025-07-03"} <= dates


def test_timeline_table_is_the_default_format(rkg: Callable[..., Run]) -> None:
    run = rkg("timeline", "RUS", "AFG")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0].split() == ["date", "type", "by", "of", "what", "sources"]
    assert "2025-07-03" in run.out


def test_csv_format_has_a_header_and_one_row_per_result(rkg: Callable[..., Run]) -> None:
    run = rkg("recognisers", IEA, "--as-of", "1998-06-01", "--format", "csv")
    assert run.code == 0, run.err
    lines = run.out.strip().splitlines()
    assert lines[0] == "code,label,status,since,until,sources"
    assert len(lines) == 4


def test_unknown_entity_exits_1_and_lists_the_closest_matches(rkg: Callable[..., Run]) -> None:
    run = rkg("recognisers", "Islamic Emirat", "--as-of", "2025-08-01")
    assert run.code == 1, run.out
    assert "AFG-IEA" in run.err


def test_a_bad_date_exits_2_and_names_the_option(rkg: Callable[..., Run]) -> None:
    run = rkg("recognisers", "AFG", "--as-of", "2025-02-30")
    assert run.code == 2, run.out
    assert "--as-of" in run.err


def test_entities_finds_by_label_text(rkg: Callable[..., Run]) -> None:
    run = rkg("entities", "emirate", "--format", "json")
    assert run.code == 0, run.err
    assert {r["code"] for r in run.json()["results"]} >= {"AFG-IEA-1996", "AFG-IEA-2021"}


def test_year_precision_recognition_is_uncertain_inside_its_year(rkg: Callable[..., Run], store_copy: Path) -> None:
    store = store_copy
    assert rkg("load", str(FIXTURES / "year-precision.ttl"), store=store).code == 0
    answers = {day: rkg("status", "QYA", "QYB", "--as-of", day, "--format", "json", store=store).json()
               ["results"][0]["status"] for day in ("1991-12-31", "1992-01-01", "1992-07-15", "1992-12-30",
                                                     "1992-12-31")}
    assert answers == {"1991-12-31": "not_recognised", "1992-01-01": "uncertain", "1992-07-15": "uncertain",
                       "1992-12-30": "uncertain", "1992-12-31": "recognised"}


def test_validate_refuses_a_withdrawal_before_its_recognition_in_plain_words(rkg: Callable[..., Run]) -> None:
    run = rkg("validate", str(FIXTURES / "withdrawal-before-recognition.ttl"))
    assert run.code == 1, run.out
    assert "Withdrawal qwa-withdraws-iea of QWA -> AFG-IEA-2021: is dated before any recognition of that pair" \
        in run.out


def test_load_of_an_invalid_file_leaves_the_store_unchanged(rkg: Callable[..., Run], bundled_store_dir: Path,
                                                             tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store_dir, store)
    with open_store(store) as handle:
        before = set(handle.quads())
    run = rkg("load", str(FIXTURES / "withdrawal-before-recognition.ttl"), store=store)
    assert run.code == 1, run.out
    assert "is dated before any recognition" in run.out
    with open_store(store) as handle:
        assert set(handle.quads()) == before


def test_load_of_a_file_that_does_not_parse_exits_2(rkg: Callable[..., Run], tmp_path: Path,
                                                   store_copy: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://ex/a> <http://ex/b> .\n")
    run = rkg("load", str(bad), store=store_copy)
    assert run.code == 2, run.out
    assert "bad.ttl does not parse" in run.err


def test_query_prints_sparql_results_as_csv(rkg: Callable[..., Run]) -> None:
    run = rkg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/recognition-kg/ontology#Recognition> }",
              "--format", "csv")
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == "n"
    assert int(run.out.splitlines()[1]) >= 4


def test_query_with_service_is_refused(rkg: Callable[..., Run]) -> None:
    run = rkg("query", "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert run.code == 2
    assert "SERVICE" in run.err


@pytest.mark.parametrize("args", [["changes", "--from", "2025-07-02", "--to", "2025-07-04", "--format", "json"]])
def test_changes_between_two_days_shows_the_russian_recognition(rkg: Callable[..., Run], args: list[str]) -> None:
    run = rkg(*args)
    assert run.code == 0, run.err
    rows = run.json()["results"]
    assert [(r["recogniser"]["code"], r["recognised"]["code"], r["before"], r["after"]) for r in rows] == [
        ("RUS", "AFG-IEA-2021", "not_recognised", "recognised")]


def test_help_lists_the_exit_codes(rkg: Callable[..., Run]) -> None:
    run = rkg("--help")
    assert run.code == 0
    assert "Exit codes" in run.out and "0  ok" in run.out


def test_loading_a_large_file_shows_progress_and_stores_every_act(rkg: Callable[..., Run], tmp_path: Path,
                                                                   store_copy: Path) -> None:
    from recognition_kg.graph.synthetic import main as generate

    data = tmp_path / "large.nt"
    generate(["--acts", "900", "--out", str(data)])
    assert data.stat().st_size > 1 << 20
    run = rkg("load", str(data), store=store_copy)
    assert run.code == 0, run.out + run.err
    assert "reading" in run.err
    assert "(900 acts)" in run.out


def test_serve_get_answers_one_request_in_process(rkg: Callable[..., Run]) -> None:
    run = rkg("serve", "--get", "/api/recognisers?entity=AFG-IEA-2021&as_of=2025-08-01")
    assert run.code == 0, run.err
    import json

    assert [r["code"] for r in json.loads(run.out)["results"]] == ["RUS"]


def test_lookups_run_side_by_side_on_one_store(bundled_store_dir: Path, tmp_path: Path) -> None:
    """Lookups open the store read-only: several at once (or beside a server) never meet its lock."""
    import subprocess
    import sys

    store = tmp_path / "store"
    shutil.copytree(bundled_store_dir, store)
    cmd = [sys.executable, "-m", "recognition_kg.api.cli", "--store", str(store), "status", "RUS", "AFG-IEA-2021",
           "--as-of", "2025-08-01", "--format", "csv"]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert ",recognised," in out


def test_a_query_file_that_does_not_exist_is_a_usage_error(rkg: Callable[..., Run], tmp_path: Path) -> None:
    """Issue 12: an OSError used to end in a traceback and exit 1 (a negative answer)."""
    run = rkg("query", f"@{tmp_path / 'missing.rq'}")
    assert run.code == 2, run.err
    assert run.err.startswith("error: cannot read the query file") and "Traceback" not in run.err


def test_an_output_file_in_a_missing_folder_is_a_usage_error(rkg: Callable[..., Run], tmp_path: Path) -> None:
    """Issue 12: ``-o /no/dir/x`` is bad input, said in one line."""
    run = rkg("export", "--format", "csv", "--as-of", "2008-10-31", "-o", str(tmp_path / "no" / "dir" / "x.csv"))
    assert run.code == 2, run.err
    assert run.err.count("\n") == 1 and "No such file or directory" in run.err


def test_an_unforeseen_failure_is_one_line_and_exit_3(rkg: Callable[..., Run],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 12: anything unforeseen is exit 3 and one line; ``--debug`` shows the traceback."""
    from recognition_kg.graph import asof

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(asof, "recognisers", broken)
    run = rkg("recognisers", "RUS")
    assert run.code == 3
    assert run.err == "error: internal error (RuntimeError): the disk is on fire (run with --debug for the " \
                      "traceback)\n"
    with pytest.raises(RuntimeError, match="on fire"):
        rkg("--debug", "recognisers", "RUS")


def test_validate_and_load_report_a_non_conforming_file_the_same_way(rkg: Callable[..., Run],
                                                                      store_copy: Path) -> None:
    """Issue 12: one route for non-conformance: the report on standard output, exit 1."""
    bad = str(FIXTURES / "withdrawal-before-recognition.ttl")
    checked = rkg("validate", bad)
    loaded = rkg("load", bad, store=store_copy)
    assert checked.code == loaded.code == 1
    assert checked.out == loaded.out
    as_json = [rkg("validate", bad, "--format", "json"), rkg("load", bad, "--report", "json", store=store_copy)]
    assert as_json[0].json() == as_json[1].json() and as_json[0].json()["conforms"] is False


def test_query_and_the_endpoint_write_the_same_bytes(rkg: Callable[..., Run], bundled_store_dir: Path) -> None:
    """Issue 12: one SELECT writer serves ``rkg query`` and ``/sparql``."""
    from recognition_kg.api import ServerConfig, create_app

    text = ("SELECT ?code ?label WHERE { ?s <https://w3id.org/recognition-kg/ontology#code> ?code ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?code LIMIT 5")
    app = create_app(ServerConfig(store=str(bundled_store_dir), slots=1))
    try:
        for fmt, media in (("json", "application/sparql-results+json"), ("csv", "text/csv"),
                           ("tsv", "text/tab-separated-values"), ("xml", "application/sparql-results+xml")):
            response = app.test_client().get("/sparql", query_string={"query": text}, headers={"Accept": media})
            assert rkg("query", text, "--format", fmt).raw == response.get_data(), fmt
    finally:
        app.extensions["rkg"].close()


def test_query_max_rows_cuts_the_result_and_says_so(rkg: Callable[..., Run]) -> None:
    run = rkg("query", "SELECT ?s WHERE { ?s ?p ?o }", "--format", "csv", "--max-rows", "3")
    assert run.code == 0, run.err
    assert len(run.out.splitlines()) == 4
    assert "cut at 3 rows" in run.err
