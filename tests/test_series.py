"""The map's series gives every state's status on every day, as the as-of lookups do.

A browser recolours the map from the series alone; counted on any day (the status of each
state's last step begun by then, among the UN members of that day), it gives ``rkg count``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from recognition_kg.graph import asof
from recognition_kg.graph.series import series
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store

DAYS = [dt.date(1950, 1, 1), dt.date(1979, 6, 1), dt.date(1988, 11, 20), dt.date(2001, 9, 30),
        dt.date(2008, 2, 17), dt.date(2008, 2, 18), dt.date(2008, 10, 31), dt.date(2013, 1, 1),
        dt.date(2019, 11, 5), dt.date(2024, 1, 15), dt.date(2025, 9, 22)]


@pytest.fixture(scope="module")
def index(bundled_store: Store) -> StatusIndex:
    return StatusIndex.read(bundled_store).prepare()


def status_on(state: dict[str, Any], day: str) -> str:
    """What the page does: the status of the last step begun on or before ``day``."""
    found = "not_recognised"
    for begun, status, _ in state["steps"]:
        if begun is None or begun <= day:
            found = status
    return found


def member_on(spells: list[list[str | None]], day: str) -> bool:
    return any(start is not None and start <= day and (end is None or day < end) for start, end in spells)


@pytest.mark.parametrize("entity", ["XKX", "PSE", "ESH", "CHN-ROC-1912", "CHN-PRC-1949", "XNC", "AFG-IEA-2021"])
def test_the_series_counted_on_any_day_is_rkg_count(bundled_store: Store, index: StatusIndex, entity: str) -> None:
    answer = series(bundled_store, entity, index=index)
    for day in DAYS:
        iso = day.isoformat()
        members = {code for code, spells in answer["un_members"].items() if member_on(spells, iso)}
        by_status: dict[str, set[str]] = {}
        for state in answer["states"]:
            by_status.setdefault(status_on(state, iso), set()).add(state["code"])
        counted = asof.count(bundled_store, entity, day, index=index)["results"][0]
        assert sorted(by_status.get("recognised", set()) & members) == counted["recognisers"], (entity, day)
        assert sorted(by_status.get("uncertain", set()) & members) == counted["uncertain_recognisers"], (entity, day)
        assert sorted(by_status.get("suspended", set()) & members) == counted["suspended_recognisers"], (entity, day)
        assert len(members) == counted["of"], (entity, day)


def test_every_act_behind_a_step_comes_with_its_sources(bundled_store: Store, index: StatusIndex) -> None:
    answer = series(bundled_store, "XKX", index=index)
    shown = {iri for state in answer["states"] for _, _, acts in state["steps"] for iri in acts}
    assert shown and shown <= set(answer["acts"])
    assert all(answer["acts"][iri]["sources"] for iri in shown)


def test_a_recognition_withdrawn_is_marked_withdrawn_not_merely_absent(bundled_store: Store,
                                                                       index: StatusIndex) -> None:
    """Nauru withdrew its recognition of the Republic of China on 2024-01-15."""
    nauru = next(s for s in series(bundled_store, "CHN-ROC-1912", index=index)["states"] if s["code"] == "NRU")
    assert status_on(nauru, "2024-01-14") == "recognised"
    assert status_on(nauru, "2024-01-16") == "withdrawn"
