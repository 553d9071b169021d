"""China is one state with two rival governments, as Afghanistan is modelled (issue 13).

The Republic of China's government (from 1 January 1912, FRUS 1912) and the People's Republic's
(from 1 October 1949); China a UN member from 24 October 1945. "Taiwan's allies" are the states
that recognise the ROC government; its first recognitions came in 1913 (FRUS 1913), not 1912.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from recognition_kg.graph import asof
from recognition_kg.graph.store import Store
from tests.helpers import Run


def test_taiwan_and_the_republic_of_china_name_the_roc_government(rkg: Callable[..., Run]) -> None:
    for name in ("Republic of China", "Taiwan", "ROC", "CHN-ROC-1912"):
        found = rkg("entities", name, "--format", "json").json()["results"]
        assert "CHN-ROC-1912" in {e["code"] for e in found}, name
    governments = {e["code"]: e for e in rkg("entities", "CHN-", "--format", "json").json()["results"]}
    assert governments["CHN-PRC-1949"]["governs"].endswith("/state/CHN")


def test_nobody_recognised_the_roc_government_in_1912_on_the_founding_years_of_a_table(rkg: Callable[..., Run]) -> None:
    """aus- and nzl-recognition-twn-1912 (dominions without a foreign policy of their own) are gone;
    Brazil recognised on 8 April 1913, the United States and Mexico on 2 May 1913."""
    def count(day: str) -> set[str]:
        res = rkg("count", "Republic of China", "--as-of", day, "--group", "states", "--format", "json").json()
        return set(res["results"][0]["recognisers"])

    assert {"AUS", "NZL", "BRA", "USA", "MEX"}.isdisjoint(count("1913-01-01"))
    assert {"BRA", "USA", "MEX"} <= count("1913-06-01")


def test_the_united_states_recognises_the_roc_government_from_2_may_1913(rkg: Callable[..., Run]) -> None:
    """usa-recognition-twn-1913: "delivered to President Yuan Shih-kai on Friday, May 2" (FRUS 1913 d102)."""
    def status(day: str) -> str:
        return str(rkg("status", "USA", "Republic of China", "--as-of", day, "--format", "json").json()[
            "results"][0]["status"])

    assert status("1913-05-01") == "not_recognised"
    assert status("1913-05-02") == "recognised"


def test_china_holds_one_un_seat_from_1945(bundled_store: Store) -> None:
    """China is an original member (24 October 1945); resolution 2758 changed who represents it."""
    china = "https://w3id.org/recognition-kg/id/state/CHN"
    assert china in asof.un_members(bundled_store, dt.date(1950, 1, 1))
    assert china in asof.un_members(bundled_store, dt.date(1972, 1, 1))
    assert len(asof.un_members(bundled_store, dt.date(1971, 10, 24))) == \
        len(asof.un_members(bundled_store, dt.date(1971, 10, 26)))


def test_austria_hungarys_act_is_not_the_republic_of_austrias(rkg: Callable[..., Run]) -> None:
    """aut-recognition-twn-1913 was Austria-Hungary's (Wiener Zeitung chronicle); the Republic of
    Austria exists from 12 November 1918 (wien.gv.at) and its first dated act towards the ROC
    government is the treaty of 19 October 1925."""
    def status(day: str) -> str:
        return str(rkg("status", "AUT", "Republic of China", "--as-of", day, "--format", "json").json()[
            "results"][0]["status"])

    assert status("1920-01-01") == "not_recognised"
    assert status("1930-01-01") == "recognised"
