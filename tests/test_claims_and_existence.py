"""Claims are not acts, and no act falls outside its parties' existence (issue 13).

Each bundled example names the act and the page it rests on, and is asked through the CLI as
a reader would ask it. The synthetic cases pin the rules down on their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from recognition_kg.graph import asof
from recognition_kg.graph.records import ActRecord, EntityRecord
from recognition_kg.graph.store import Store
from tests.helpers import FIXTURES, Run

QAA, QBB = EntityRecord("QAA"), EntityRecord("QBB")
SRC = ["https://example.org/s/1"]


def _status(store: Store, day: str) -> str:
    return str(asof.status(store, "QAA", "QBB", dt.date.fromisoformat(day))["results"][0]["status"])


def test_a_reversal_cancels_the_withdrawal_it_concerns(store_from_records: Callable[..., Store]) -> None:
    store = store_from_records([QAA, QBB], [
        ActRecord("r", "Recognition", "QAA", "QBB", ["2005-06-25"], SRC),
        ActRecord("w", "Withdrawal", "QAA", "QBB", ["2022-09-14"], SRC),
        ActRecord("u", "Reversal", "QAA", "QBB", ["2022-09-16"], SRC, concerns="w"),
    ])
    assert _status(store, "2022-09-15") == "recognised"
    assert _status(store, "2023-01-01") == "recognised"


def test_a_denial_by_the_other_party_makes_the_act_disputed(store_from_records: Callable[..., Store]) -> None:
    store = store_from_records([QAA, QBB], [
        ActRecord("r", "Recognition", "QAA", "QBB", ["2009-03-09"], SRC),
        ActRecord("w", "Withdrawal", "QAA", "QBB", ["2019-01-17"], SRC),
        ActRecord("no", "Denial", "QBB", "QAA", ["2019-01-18"], SRC, concerns="w"),
    ])
    assert _status(store, "2018-01-01") == "recognised"
    assert _status(store, "2020-01-01") == "uncertain"


def test_a_reaffirmation_changes_nothing(store_from_records: Callable[..., Store]) -> None:
    store = store_from_records([QAA, QBB], [
        ActRecord("r", "Recognition", "QAA", "QBB", ["2008-05-30"], SRC),
        ActRecord("w", "Withdrawal", "QAA", "QBB", ["2018-06-20"], SRC),
        ActRecord("y", "Reaffirmation", "QAA", "QBB", ["2018-06-22"], SRC),
    ])
    assert _status(store, "2018-07-01") == "not_recognised"


def test_kenyas_deleted_tweet_is_reversed_by_its_foreign_ministry(rkg: Callable[..., Run]) -> None:
    """ken-withdrawal-esh-2022 (a tweet deleted within the hour) is cancelled by ken-reversal-esh-2022,
    the ministry's statement of 16 September 2022 (kenyans.co.ke/news/79732)."""
    acts = rkg("timeline", "KEN", "ESH", "--format", "json").json()["results"]
    by_id = {a["iri"].rsplit("/", 1)[-1]: a for a in acts}
    assert by_id["ken-reversal-esh-2022"]["type"] == "Reversal"
    assert by_id["ken-reversal-esh-2022"]["date"] == "2022-09-16"
    assert any("kenyans.co.ke/news/79732" in s for s in by_id["ken-reversal-esh-2022"]["sources"])


def test_liberias_annulment_of_2018_is_reversed_and_kosovo_stays_recognised(rkg: Callable[..., Run]) -> None:
    """lbr-reversal-xkx-2018: Liberia's own press release of 22 June 2018 (mfa-ks.net/en/single_lajmi/2420)."""
    answer = rkg("status", "LBR", "XKX", "--as-of", "2018-07-01", "--format", "json").json()["results"][0]
    assert answer["status"] == "recognised" and answer["since"] == "2008-05-30"


def test_palau_suspends_its_recognition_of_kosovo_rather_than_withdrawing_it(rkg: Callable[..., Run]) -> None:
    """plw-suspension-xkx-2019: the note of 17 January 2019 "suspends any previous decision" (islandtimes.org)."""
    acts = rkg("timeline", "PLW", "XKX", "--format", "json").json()["results"]
    assert [(a["type"], a["date"]) for a in acts] == [("Recognition", "2009-03-09"), ("Suspension", "2019-01-17")]


def test_a_recognition_its_author_denies_is_uncertain(rkg: Callable[..., Run]) -> None:
    """caf-denial-xkx-2019: the Central African Republic told Serbia it never adopted a recognition
    (pakistanpoint.com/en/story/679329); caf-recognition-xkx-2011 is then disputed."""
    answer = rkg("status", "CAF", "XKX", "--as-of", "2020-01-01", "--format", "json").json()["results"][0]
    assert answer["status"] == "uncertain"
    assert {a["type"] for a in answer["acts"]} == {"Recognition", "Denial"}


def test_no_rule_invents_a_withdrawal_from_a_switch(rkg: Callable[..., Run]) -> None:
    """The Marshall Islands would not break with Beijing (pireport.org/articles/1998/11/19/...); the
    invented mhl-withdrawal-chn-1998 is gone, so it still recognises the PRC government in December 1998."""
    answer = rkg("status", "MHL", "People's Republic of China", "--as-of", "1998-12-01", "--format", "json").json()[
        "results"][0]
    assert answer["status"] == "recognised"
    ids = {a["iri"].rsplit("/", 1)[-1] for a in rkg("timeline", "MHL", "--format", "json").json()["results"]}
    assert "mhl-withdrawal-chn-1998" not in ids


def test_a_withdrawal_read_from_a_switch_to_taipei_is_uncertain(rkg: Callable[..., Run]) -> None:
    """Senegal recognised the ROC on 3 January 1996 and the PRC declared the rupture on 9 January
    (senenews.com); no source says Senegal withdrew its recognition of the PRC government, so
    sen-withdrawal-chn-1996 is disputed and the pair is uncertain until Senegal's 2005 recognition."""
    answer = rkg("status", "SEN", "People's Republic of China", "--as-of", "2000-01-01", "--format", "json").json()[
        "results"][0]
    assert answer["status"] == "uncertain"
    assert any(a["type"] == "Withdrawal" and a["disputed"] for a in answer["acts"])
    later = rkg("status", "SEN", "People's Republic of China", "--as-of", "2010-01-01", "--format", "json").json()[
        "results"][0]
    assert later["status"] == "recognised"


def test_a_state_that_kept_beijing_while_recognising_taipei_has_no_withdrawal(rkg: Callable[..., Run]) -> None:
    """Kiribati said it would "continue to recognize" the PRC government (taipeitimes.com, 8 Nov
    2003): the kir-withdrawal-chn-2003 once read from its switch is gone."""
    ids = {a["iri"].rsplit("/", 1)[-1] for a in rkg("timeline", "KIR", "--format", "json").json()["results"]}
    assert "kir-recognition-twn-2003" in ids and "kir-withdrawal-chn-2003" not in ids


def test_maltas_1988_letter_is_not_a_recognition_of_the_state(rkg: Callable[..., Run]) -> None:
    """Malta's 1988 letter recognised the right to a state (maltatoday.com.mt editorial 135113); Malta
    recognised the State of Palestine on 22 September 2025 (trtworld.com/article/0cd08b762798)."""
    assert rkg("status", "MLT", "PSE", "--as-of", "2000-01-01", "--format", "json").json()["results"][0][
        "status"] == "not_recognised"
    later = rkg("status", "MLT", "PSE", "--as-of", "2025-10-01", "--format", "json").json()["results"][0]
    assert later["status"] == "recognised" and later["since"] == "2025-09-22"


def test_namibia_has_no_act_from_before_it_existed(rkg: Callable[..., Run]) -> None:
    """nam-recognition-pse-1988 was SWAPO's act, two years before Namibia existed (21 March 1990)."""
    acts = rkg("timeline", "NAM", "PSE", "--format", "json").json()["results"]
    assert all(a["date"] >= "1990-03-21" for a in acts)


def test_an_act_dated_before_its_recogniser_existed_is_refused(rkg: Callable[..., Run]) -> None:
    run = rkg("validate", str(FIXTURES / "act-before-recogniser-existed.ttl"))
    assert run.code == 1, run.out
    assert "Recognition qnw-recognises-xkx of QNW -> XKX: is dated 2009-05-01, before QNW existed (from 2011-07-09)" \
        in run.out


def test_an_act_dated_before_its_object_existed_is_refused(rkg: Callable[..., Run]) -> None:
    run = rkg("validate", str(FIXTURES / "act-before-object-existed.ttl"))
    assert run.code == 1, run.out
    assert "Engagement qst-engages-xkx of RUS -> XKX: is dated 2007-06-30, before XKX existed (from 2008-02-17)" \
        in run.out


def test_frozen_recognitions_are_counted_apart(rkg: Callable[..., Run]) -> None:
    """Issue 13: tallies of the SADR's recognisers count frozen ones; the count gives them apart.
    Kenya froze its recognition on 26 June 2007 (ken-suspension-esh-2007, sahara-news.org/?p=53)."""
    counted = rkg("count", "SADR", "--as-of", "2022-09-14", "--format", "json").json()["results"][0]
    assert "KEN" in counted["suspended_recognisers"] and "KEN" not in counted["recognisers"]
    assert counted["suspended"] == len(counted["suspended_recognisers"])


def test_a_dissolved_state_recognises_nothing_and_its_successors_carry_on(rkg: Callable[..., Run]) -> None:
    """Issue 13: SFR Yugoslavia ceased on 27 April 1992; the FR of Yugoslavia (Serbia and Montenegro)
    carries on its recognition of Palestine from that day, and Serbia from 3 June 2006, derived once
    from states.csv (no made-up acts); Slovakia carries on Czechoslovakia's, the Czech Republic not,
    and since sources disagree on whether Czechoslovakia's statement of November 1988 recognised the
    State (AP: it "stopped short"; JTA and Slovakia's foreign minister: it did), what Slovakia
    carries on is uncertain."""
    def status(a: str, day: str) -> str:
        return str(rkg("status", a, "PSE", "--as-of", day, "--format", "json").json()["results"][0]["status"])

    assert status("YUG", "1990-01-01") == "recognised"
    assert status("YUG", "2003-01-01") == "not_recognised"
    assert status("SCG", "2003-01-01") == "recognised"
    assert status("SRB", "2010-01-01") == "recognised"
    assert status("SVK", "2000-01-01") == "uncertain"
    assert status("CZE", "2000-01-01") == "not_recognised"
    ids = {a["iri"].rsplit("/", 1)[-1] for a in rkg("timeline", "SRB", "PSE", "--format", "json").json()["results"]}
    assert "srb-recognition-pse-2006" not in ids
