"""The as-of rules as pure functions, beyond the shared cases."""

from __future__ import annotations

import datetime as dt

from recognition_kg.graph.intervals import NEVER, ActWindow, Interval, classify, combine, derive

d = dt.date


def rec(iri: str, lo: dt.date, hi: dt.date | None = None, *, disputed: bool = False) -> ActWindow:
    return ActWindow(iri, "Recognition", lo, hi or lo, disputed)


def wd(iri: str, lo: dt.date, hi: dt.date | None = None, *, disputed: bool = False) -> ActWindow:
    return ActWindow(iri, "Withdrawal", lo, hi or lo, disputed)


def test_withdrawal_on_the_day_ends_recognition() -> None:
    [iv] = derive("A", "B", [rec("r", d(2000, 1, 1)), wd("w", d(2001, 1, 1))])
    assert classify(iv, d(2000, 12, 31)) == "recognised"
    assert classify(iv, d(2001, 1, 1)) == "not_recognised"


def test_engagement_acts_do_not_open_an_interval() -> None:
    assert derive("A", "B", [ActWindow("e", "Engagement", d(2020, 1, 1), d(2020, 1, 1))]) == []


def test_a_disputed_recognition_is_never_certain() -> None:
    [iv] = derive("A", "B", [rec("r", d(2000, 1, 1), disputed=True)])
    assert iv.latest_start == NEVER
    assert classify(iv, d(2030, 1, 1)) == "uncertain"


def test_a_recognition_after_a_disputed_withdrawal_settles_it() -> None:
    ivs = derive("A", "B", [rec("r1", d(2000, 1, 1)), wd("w", d(2010, 1, 1), disputed=True), rec("r2", d(2015, 1, 1))])
    assert [classify(i, d(2012, 1, 1)) for i in ivs] == ["uncertain", "not_recognised"]
    assert combine(classify(i, d(2016, 1, 1)) for i in ivs) == "recognised"


def test_a_day_withdrawal_inside_a_year_recognition_caps_its_certain_start() -> None:
    [iv] = derive("A", "B", [rec("r", d(1992, 1, 1), d(1992, 12, 31)), wd("w", d(1992, 6, 1))])
    assert classify(iv, d(1992, 3, 1)) == "uncertain"
    assert classify(iv, d(1992, 6, 1)) == "not_recognised"
    assert classify(iv, d(1992, 12, 31)) == "not_recognised"


def test_an_end_with_nothing_to_end_is_ignored() -> None:
    assert derive("A", "B", [wd("w", d(2000, 1, 1))]) == []


def test_combine_prefers_recognised_over_uncertain_over_not() -> None:
    assert combine(["uncertain", "recognised", "not_recognised"]) == "recognised"
    assert combine([]) == "not_recognised"


def test_an_open_interval_holds_for_ever() -> None:
    iv = Interval("A", "B", d(2000, 1, 1), d(2000, 1, 1))
    assert classify(iv, d(9000, 1, 1)) == "recognised"
