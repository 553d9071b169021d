"""``rkg audit``: the data's quality figures, with the two that must be nil on the bundled data."""

from __future__ import annotations

from collections.abc import Callable

from tests.helpers import Run


def test_the_bundled_data_cites_no_proxy_or_sandbox(rkg: Callable[..., Run]) -> None:
    """Issue 13: proxies (workers.dev, oszar.com) are replaced by their originals, sandboxes dropped."""
    figures = rkg("audit", "--format", "json").json()
    assert figures["proxy_or_sandbox_citations"] == []


def test_no_bundled_act_falls_outside_its_parties_existence(rkg: Callable[..., Run]) -> None:
    figures = rkg("audit", "--format", "json").json()
    assert figures["outside_existence"] == []
    assert figures["acts"] > 700


def test_the_figures_add_up(rkg: Callable[..., Run]) -> None:
    figures = rkg("audit", "--format", "json").json()
    assert sum(figures["by_best_source"].values()) == figures["acts"]
    assert len(figures["mirrors_only"]) == figures["by_best_source"]["mirror"]
    text = rkg("audit").out
    assert "acts dated outside a party's existence: 0" in text
