"""Knowledge time: every lookup answers as the graph was known at an instant, and the
corrections made between two instants can be listed.

A recognition is loaded at K1 (Yearland recognises Recognitia in 1992, a made-up pair) and
corrected at K2 (the date was 1995-03-01). Asked about mid-1993, the graph as known between K1
and K2 says recognised; as known after K2, not recognised; as known before K1 it had never
heard of Yearland. ``rkg changes --known-from K1 --known-to K3`` lists the correction.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, Run

V1 = (FIXTURES / "year-precision.ttl").read_text()
V2 = V1.replace('rkg:date "1992"^^xsd:gYear', 'rkg:date "1995-03-01"^^xsd:date')


@pytest.fixture
def corrected(rkg: Callable[..., Run], store_copy: Path, tmp_path: Path) -> tuple[Path, list[dict[str, object]]]:
    """A copy of the bundled store with the act loaded at K1 and corrected at K2; its log."""
    first, second = tmp_path / "yearland.ttl", tmp_path / "corrected" / "yearland.ttl"
    second.parent.mkdir()
    first.write_text(V1)
    second.write_text(V2)
    assert V1 != V2
    assert rkg("load", str(first), "-m", "Yearland, from the year-only source", store=store_copy).code == 0
    run = rkg("load", str(second), "-m", "the date was 1995-03-01", store=store_copy)
    assert run.code == 0, run.out + run.err
    log = rkg("log", "--format", "json", store=store_copy).json()["results"]
    return store_copy, log


def _status(rkg: Callable[..., Run], store: Path, known_at: str | None) -> Run:
    args = ["status", "QYA", "QYB", "--as-of", "1993-06-01", "--format", "json"]
    return rkg(*args, *(["--known-at", known_at] if known_at else []), store=store)


Corrected = tuple[Path, list[dict[str, object]]]


def test_a_lookup_answers_as_the_graph_was_known_at_an_instant(rkg: Callable[..., Run], corrected: Corrected) -> None:
    store, log = corrected
    base, k1, k2 = log[0], log[-2], log[-1]
    assert base["base"] and (k1["message"], k2["message"]) == ("Yearland, from the year-only source",
                                                               "the date was 1995-03-01")
    between = _status(rkg, store, str(k1["committed"]))
    assert between.code == 0, between.err
    assert between.json()["results"][0]["status"] == "recognised"
    assert _status(rkg, store, str(k2["committed"])).json()["results"][0]["status"] == "not_recognised"
    assert _status(rkg, store, None).json()["results"][0]["status"] == "not_recognised"
    # Before K1 the graph had never heard of Yearland: an unknown entity, as any lookup says.
    before = _status(rkg, store, str(base["committed"]))
    assert before.code == 1 and "QYA" in before.err


def test_known_at_before_the_graph_knew_anything_is_refused_by_name(rkg: Callable[..., Run],
                                                                  corrected: Corrected) -> None:
    store, _ = corrected
    run = _status(rkg, store, "1999-01-01")
    assert run.code == 2
    assert "before this graph knew anything" in run.err
    assert rkg("status", "QYA", "QYB", "--known-at", "yesterday", store=store).code == 2


def test_changes_between_two_instants_list_the_correction(rkg: Callable[..., Run], corrected: Corrected) -> None:
    store, log = corrected
    k1, k2 = log[-2], log[-1]
    run = rkg("changes", "--known-from", str(k1["committed"]), "--known-to", "2100-01-01", "--format", "json",
              store=store)
    assert run.code == 0, run.err
    answer = run.json()
    assert [c["sequence"] for c in answer["changes"]] == [k2["sequence"]]
    [pair] = answer["results"]
    assert (pair["recogniser"]["code"], pair["recognised"]["code"]) == ("QYA", "QYB")
    assert pair["before"] == ["1992-01-01/1992-12-31 to now"]
    assert pair["after"] == ["1995-03-01 to now"]
    assert pair["changes"] == [k2["sequence"]]
    table = rkg("changes", "--known-from", str(k1["committed"]), store=store)
    assert "QYA" in table.out and "1995-03-01 to now" in table.out
    nothing = rkg("changes", "--known-from", str(k2["committed"]), "--format", "json", store=store).json()
    assert nothing["changes"] == [] and nothing["results"] == []


def test_the_log_names_each_change_and_gives_its_patch(rkg: Callable[..., Run], corrected: Corrected) -> None:
    store, log = corrected
    patch = rkg("log", "--patch", str(log[-1]["sequence"]), store=store)
    assert patch.code == 0
    lines = patch.out.splitlines()
    assert lines[0] == "TX ." and lines[-1] == "TC ."
    assert any(line.startswith("D ") and '"1992"^^' in line for line in lines)
    assert any(line.startswith("A ") and '"1995-03-01"^^' in line for line in lines)
    assert "the date was 1995-03-01" in rkg("log", store=store).out
    after = rkg("log", "--format", "json", "--after", str(log[-2]["sequence"]), store=store)
    assert json.loads(after.out)["count"] == 1


def test_a_large_store_s_view_is_a_checkpoint_on_disk_with_the_same_answers(
        rkg: Callable[..., Run], corrected: Corrected, monkeypatch: pytest.MonkeyPatch) -> None:
    from recognition_kg.graph import knowledge

    store, log = corrected
    k1 = str(log[-2]["committed"])
    in_memory = _status(rkg, store, k1).json()
    monkeypatch.setattr(knowledge, "ON_DISK_PAST", 0)
    on_disk = _status(rkg, store, k1).json()
    assert on_disk == in_memory and on_disk["results"][0]["status"] == "recognised"
    assert not list(store.parent.glob(".candidate-*")), "the checkpoint is removed once the lookup is answered"
