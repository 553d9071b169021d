"""Every case of the shared as-of specification, through the real loader and both stores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from recognition_kg.graph import asof
from recognition_kg.graph.errors import NotConformant
from recognition_kg.graph.load import check, load
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store, open_store
from tests.helpers import FIXTURES, asof_cases, case_graph_file

CASES = asof_cases()
VALID = [c for c in CASES if not c.get("invalid")]
INVALID = [c for c in CASES if c.get("invalid")]


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_the_copy_of_the_cases_matches_the_shared_specification() -> None:
    shared = Path(__file__).resolve().parents[3] / "shared" / "asof-cases.json"
    if not shared.exists():
        pytest.skip("the shared specification is not beside this checkout")
    assert shared.read_text() == (FIXTURES / "asof-cases.json").read_text()


def test_the_specification_has_all_its_cases() -> None:
    assert len(CASES) == 22


@pytest.mark.parametrize("case", VALID, ids=[c["name"] for c in VALID])
def test_valid_case_answers_as_specified(case: dict[str, Any], empty_store: Store, tmp_path: Path) -> None:
    load(empty_store, [case_graph_file(case, tmp_path)])
    for a, b, day, expected in case.get("status", []):
        got = asof.status(empty_store, a, b, _day(day))["results"][0]["status"]
        assert got == expected, f"status {a} -> {b} on {day}"
    for a, b, n in case.get("timeline", []):
        assert len(asof.timeline(empty_store, a, b)["results"]) == n, f"timeline {a} {b}"
    for entity, day, certain, uncertain in case.get("count", []):
        got = asof.count(empty_store, entity, _day(day), group="states")["results"][0]
        assert (got["certain"], got["uncertain"]) == (certain, uncertain), f"count {entity} on {day}"


@pytest.mark.parametrize("case", VALID, ids=[c["name"] for c in VALID])
def test_valid_case_answers_as_specified_from_the_status_index(case: dict[str, Any], empty_store: Store,
                                                               tmp_path: Path) -> None:
    load(empty_store, [case_graph_file(case, tmp_path)])
    index = StatusIndex.read(empty_store)
    for a, b, day, expected in case.get("status", []):
        got = asof.status(empty_store, a, b, _day(day), index=index)["results"][0]["status"]
        assert got == expected, f"status {a} -> {b} on {day}"
    for entity, day, certain, uncertain in case.get("count", []):
        got = asof.count(empty_store, entity, _day(day), group="states", index=index)["results"][0]
        assert (got["certain"], got["uncertain"]) == (certain, uncertain), f"count {entity} on {day}"


@pytest.mark.parametrize("case", INVALID, ids=[c["name"] for c in INVALID])
def test_invalid_case_is_refused_and_nothing_is_stored(case: dict[str, Any], empty_store: Store,
                                                        tmp_path: Path) -> None:
    with pytest.raises(NotConformant) as refused:
        load(empty_store, [case_graph_file(case, tmp_path)])
    assert len(empty_store) == 0
    text = refused.value.report.text()
    culprits = _culprits(case, tmp_path)
    assert culprits, "the case must be valid without one of its acts"
    for act_id in culprits:
        assert f" {act_id} " in text, text


def _culprits(case: dict[str, Any], tmp_path: Path) -> list[str]:
    """The acts without which the case's data is valid: those the report must name, found from
    the case's data rather than from the prose of its ``problem`` (issue 12)."""
    found = []
    for act in case["acts"]:
        rest = {**case, "acts": [a for a in case["acts"] if a is not act]}
        with open_store() as scratch:
            if check(scratch, [case_graph_file(rest, tmp_path)]).conforms:
                found.append(act["id"])
    return found
