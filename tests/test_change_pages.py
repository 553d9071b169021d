"""The changes between two days come a page at a time, and the pages add up to the whole answer.

Over decades of a large graph the whole answer runs to hundreds of megabytes, so the API answers
a page (``limit``) and a cursor to the next (``next``, given back as ``after``); the CLI prints
every change unless given ``--limit``. From the index and from the named queries the pages are
the same.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any

import pytest

from recognition_kg.graph import asof
from recognition_kg.graph.errors import InvalidRequest
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store

RANGES = [(dt.date(1990, 1, 1), dt.date(2020, 1, 1)), (dt.date(2008, 1, 1), dt.date(2008, 12, 31)),
          (dt.date(1912, 1, 1), dt.date(2026, 1, 1))]


@pytest.fixture(scope="module")
def index(bundled_store: Store) -> StatusIndex:
    return StatusIndex.read(bundled_store).prepare()


def _pages(ask: Any, limit: int) -> tuple[list[dict[str, Any]], int]:
    results: list[dict[str, Any]] = []
    after, pages = None, 0
    while True:
        page = ask(after=after, limit=limit)
        assert len(page["results"]) <= limit
        results += page["results"]
        pages += 1
        after = page.get("next")
        if after is None:
            return results, pages


@pytest.mark.parametrize(("start", "end"), RANGES, ids=str)
@pytest.mark.parametrize("source", ["index", "queries"])
def test_pages_followed_by_their_next_give_the_whole_answer_in_order(bundled_store: Store, index: StatusIndex,
                                                                     start: dt.date, end: dt.date,
                                                                     source: str) -> None:
    used = index if source == "index" else None
    whole = asof.changes(bundled_store, start, end, index=used)
    assert "next" not in whole
    paged, pages = _pages(lambda **page: asof.changes(bundled_store, start, end, index=used, **page), limit=7)
    assert paged == whole["results"]
    assert pages == max(1, -(-len(whole["results"]) // 7))


def test_a_page_from_the_index_is_the_page_from_the_queries(bundled_store: Store, index: StatusIndex) -> None:
    start, end = RANGES[0]
    first = asof.changes(bundled_store, start, end, index=index, limit=50)
    assert first == asof.changes(bundled_store, start, end, limit=50)
    assert len(first["results"]) == 50
    last = first["results"][-1]
    assert first["next"] == f"{last['recognised']['code']},{last['recogniser']['code']}"
    after = asof.changes(bundled_store, start, end, index=index, after=first["next"], limit=50)
    assert after == asof.changes(bundled_store, start, end, after=first["next"], limit=50)


@pytest.mark.parametrize("after", ["XKX", ",FRA", "XKX,", ""])
def test_a_cursor_that_is_not_two_codes_is_refused_by_name(bundled_store: Store, after: str) -> None:
    with pytest.raises(InvalidRequest, match="RECOGNISED,RECOGNISER") as raised:
        asof.changes(bundled_store, *RANGES[0], after=after)
    assert raised.value.details["parameter"] == "after"


def test_a_limit_below_one_is_refused_by_name(bundled_store: Store) -> None:
    with pytest.raises(InvalidRequest, match="limit 0") as raised:
        asof.changes(bundled_store, *RANGES[0], limit=0)
    assert raised.value.details["parameter"] == "limit"


def test_the_whole_world_on_any_day_is_a_bisection_of_every_pair(index: StatusIndex) -> None:
    """The day's answers look only at the pairs unsettled around the day; on every bound of the
    bundled data, the day before it and a few plain days, they are what a bisection of every
    pair's steps gives."""
    days = sorted({d for b in index.bounds for d in (b, b - dt.timedelta(days=1))} |
                  {dt.date(1, 1, 1), dt.date(1950, 6, 1), dt.date(9999, 12, 31)})
    for day in days[::7]:
        expected = [(n, bisect_right(s.bounds, day)) for n, (_, s) in enumerate(index.all_steps)
                    if s.answers[bisect_right(s.bounds, day)][1]]
        shown = index.day_answers.on(day)
        assert [(n, index.day_answers.step(n, shown)) for n in shown.numbers] == expected, day
        assert shown.parties == {party for n, _ in expected for party in index.all_steps[n][0]}, day
