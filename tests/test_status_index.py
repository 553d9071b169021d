"""The status and act indexes answer every lookup exactly as the named queries do (issue 14).

A long-lived process reads the index once and answers from it; a one-shot command asks the
store. Both must give the same answer, to the act and the source, on any day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from recognition_kg.graph import asof
from recognition_kg.graph.act_index import ActIndex
from recognition_kg.graph.entities import catalogue
from recognition_kg.graph.export import network, records, render
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store

DAYS = [dt.date(1950, 1, 1), dt.date(1972, 9, 29), dt.date(1988, 11, 20), dt.date(2001, 9, 30),
        dt.date(2008, 10, 31), dt.date(2019, 11, 5), dt.date(2022, 10, 1), dt.date(2025, 9, 22)]
PARTIES = ["XKX", "PSE", "ESH", "CHN-ROC-1912", "CHN-PRC-1949", "CHN", "AFG", "AFG-IEA-2021", "SRB", "USA",
           "MAR", "PAK", "RUS", "XNC"]
PAIRS = [("MHL", "CHN"), ("KEN", "ESH"), ("PLW", "XKX"), ("JPN", "CHN-ROC-1912"), ("SAU", "AFG-IEA-1996"),
         ("YUG", "PSE")]


@pytest.fixture(scope="module")
def index(bundled_store: Store) -> StatusIndex:
    return StatusIndex.read(bundled_store)


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_recognisers_and_recognised_by_from_the_index_match_the_queries(bundled_store: Store, index: StatusIndex,
                                                                         day: dt.date) -> None:
    cat = catalogue(bundled_store)
    for party in PARTIES:
        assert (asof.recognisers(bundled_store, party, day, cat=cat, index=index)
                == asof.recognisers(bundled_store, party, day, cat=cat)), party
        assert (asof.recognised_by(bundled_store, party, day, cat=cat, index=index)
                == asof.recognised_by(bundled_store, party, day, cat=cat)), party


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_counts_and_statuses_from_the_index_match_the_queries(bundled_store: Store, index: StatusIndex,
                                                              day: dt.date) -> None:
    cat = catalogue(bundled_store)
    for party in ["XKX", "PSE", "ESH", "CHN-ROC-1912", "CHN-PRC-1949", "XNC"]:
        for group in ("un", "states"):
            assert (asof.count(bundled_store, party, day, group=group, cat=cat, index=index)
                    == asof.count(bundled_store, party, day, group=group, cat=cat)), (party, group)
    for a, b in PAIRS:
        assert (asof.status(bundled_store, a, b, day, cat=cat, index=index)
                == asof.status(bundled_store, a, b, day, cat=cat)), (a, b)


def test_changes_over_a_year_and_thirty_years_from_the_index_match_the_queries(bundled_store: Store,
                                                                                index: StatusIndex) -> None:
    """Only pairs with a bound inside the range are decided from the index: a range that starts or
    ends on a bound (Kosovo's declaration, the first recognitions), a single day, a year, thirty."""
    for start, end in [(dt.date(2008, 1, 1), dt.date(2009, 1, 1)), (dt.date(1990, 1, 1), dt.date(2020, 1, 1)),
                       (dt.date(2008, 2, 17), dt.date(2008, 2, 18)), (dt.date(2008, 2, 18), dt.date(2008, 2, 18)),
                       (dt.date(1988, 11, 15), dt.date(1988, 12, 31)), (dt.date(1912, 1, 1), dt.date(2026, 1, 1))]:
        assert asof.changes(bundled_store, start, end, index=index) == asof.changes(bundled_store, start, end)


def test_exports_of_a_day_and_a_range_from_the_index_match_the_queries(bundled_store: Store,
                                                                       index: StatusIndex) -> None:
    for kwargs in [{"as_of": dt.date(2008, 10, 31)}, {"start": dt.date(1990, 1, 1), "end": dt.date(2020, 1, 1)}]:
        ours, theirs = network(bundled_store, index=index, **kwargs), network(bundled_store, **kwargs)  # type: ignore[arg-type]
        assert sorted(ours.edges(keys=True, data=True)) == sorted(theirs.edges(keys=True, data=True))
        assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))


def test_exports_written_from_the_index_are_byte_for_byte_those_from_the_queries(bundled_store: Store,
                                                                                 index: StatusIndex) -> None:
    """Edges the index made for one question are kept for the next: asked again, on other days,
    with a filter of kinds, every export is still the one the named queries give."""
    asks: list[dict[str, object]] = [
        {"as_of": dt.date(2008, 10, 31)}, {"start": dt.date(1990, 1, 1), "end": dt.date(2020, 1, 1)},
        {"as_of": dt.date(1972, 9, 29)}, {"as_of": dt.date(2008, 10, 31), "kinds": ["Withdrawal"]},
        {"start": dt.date(2008, 1, 1), "end": dt.date(2024, 12, 31), "kinds": ["Withdrawal"]},
        {"as_of": dt.date(2008, 10, 31)}, {"start": dt.date(1990, 1, 1), "end": dt.date(2020, 1, 1)}]
    for kwargs in asks:
        for fmt in ("json", "cytoscape"):
            ours = render(records(bundled_store, index=index, **kwargs), fmt)  # type: ignore[arg-type]
            assert ours == render(records(bundled_store, **kwargs), fmt), (kwargs, fmt)  # type: ignore[arg-type]


def test_timelines_from_the_act_index_match_the_queries(bundled_store: Store) -> None:
    acts = ActIndex.read(bundled_store)
    cat = catalogue(bundled_store)
    for a, b in [("PAK", "AFG"), ("RUS", None), ("XKX", None), ("CHN", "USA"), ("MHL", "CHN-ROC-1912"),
                 ("Taliban", None), ("SRB", "XKX"), ("ESH", "KEN")]:
        assert (asof.timeline(bundled_store, a, b, cat=cat, acts_index=acts)
                == asof.timeline(bundled_store, a, b, cat=cat)), (a, b)


def test_the_index_knows_the_size_of_the_store_it_was_read_from(bundled_store: Store, index: StatusIndex) -> None:
    assert index.size == len(bundled_store)
    assert len(index.intervals) > 500
