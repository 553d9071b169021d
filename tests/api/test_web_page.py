"""The web page in a real Chromium against a real server: the map on any day counts as
``rkg count`` does, a state's timeline comes with its sources, a shared URL opens the same view,
the SPARQL editor runs the named queries and shows the server's errors, and nothing is asked of
any other host.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.api.conftest import SCREENSHOTS, Page
from tests.helpers import Run


def counted(rkg: Callable[..., Run], entity: str, day: str) -> tuple[int, int, int]:
    result = rkg("count", entity, "--as-of", day, "--format", "json").json()["results"][0]
    return result["certain"], result["uncertain"], result["of"]


def shown(page: Page) -> tuple[int, int, int]:
    count = page.page.locator("#count")
    return (int(count.get_attribute("data-certain") or -1), int(count.get_attribute("data-uncertain") or -1),
            int(count.get_attribute("data-of") or -1))


def wait_for_day(page: Page, day: str) -> None:
    page.page.wait_for_function("day => document.getElementById('day-name').textContent === day", arg=day,
                                timeout=10_000)
    page.page.wait_for_function("day => document.getElementById('count').dataset.day === day", arg=day,
                                timeout=10_000)


def test_the_map_of_kosovo_on_2008_10_31_shows_the_count_rkg_count_gives(page: Page, rkg: Callable[..., Run]) -> None:
    page.open("/?entity=XKX&day=2008-10-31#map")
    certain, uncertain, of = counted(rkg, "XKX", "2008-10-31")
    assert shown(page) == (certain, uncertain, of)
    expected = f"{certain} certain, {uncertain} uncertain of {of} UN member states"
    assert page.page.locator("#count").inner_text() == expected
    assert page.page.locator("path[data-code=XKX]").get_attribute("data-status") == "subject"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(SCREENSHOTS / "map-kosovo-2008-10-31.png"))


def test_moving_the_slider_a_year_shows_the_count_of_the_new_day(page: Page, rkg: Callable[..., Run]) -> None:
    page.open("/?entity=XKX&day=2008-10-31#map")
    before = shown(page)
    page.page.focus("#slider")
    page.page.keyboard.press("Shift+ArrowRight")
    wait_for_day(page, "2009-10-31")
    assert shown(page) == counted(rkg, "XKX", "2009-10-31") != before
    page.page.keyboard.press("PageDown")
    wait_for_day(page, "2009-09-30")
    assert shown(page) == counted(rkg, "XKX", "2009-09-30")


def test_typing_a_day_recolours_the_map_for_that_day(page: Page, rkg: Callable[..., Run]) -> None:
    page.open("/?entity=XKX&day=2008-10-31#map")
    page.page.fill("#day", "2008-02-16")
    page.page.dispatch_event("#day", "change")
    wait_for_day(page, "2008-02-16")
    assert shown(page) == counted(rkg, "XKX", "2008-02-16")
    assert page.page.locator("path[data-code=FRA]").get_attribute("data-status") == "not_recognised"


def test_clicking_a_state_shows_its_timeline_with_the_entity_and_its_sources(page: Page) -> None:
    page.open("/?entity=XKX&day=2008-10-31#map")
    _click_on(page, "DEU")
    page.page.wait_for_selector("#detail table.timeline", timeout=10_000)
    assert "Germany and Kosovo" in page.page.locator("#detail h3").inner_text()
    links = page.page.locator("#detail a.source")
    assert links.count() >= 1 and all(links.nth(i).get_attribute("href").startswith("http")  # type: ignore[union-attr]
                                      for i in range(links.count()))
    assert "recognised" in page.page.locator("#detail").inner_text()
    assert "state=DEU" in page.page.url


def test_a_state_is_chosen_from_the_keyboard_too(page: Page) -> None:
    page.open("/?entity=XKX&day=2008-10-31#map")
    page.page.focus("path[data-code=FRA]")
    page.page.keyboard.press("Enter")
    page.page.wait_for_selector("#detail table.timeline", timeout=10_000)
    assert "France and Kosovo" in page.page.locator("#detail h3").inner_text()


def test_a_shared_url_opens_the_same_view(page: Page, rkg: Callable[..., Run]) -> None:
    page.open("/?entity=ESH&day=1990-01-01&state=DZA#map")
    assert shown(page) == counted(rkg, "ESH", "1990-01-01")
    assert page.page.locator("#entity").input_value() != ""
    page.page.wait_for_selector("#detail table.timeline", timeout=10_000)
    assert "Algeria" in page.page.locator("#detail h3").inner_text()
    assert page.page.locator("path[data-code=DZA]").get_attribute("class") is not None
    assert "entity=ESH" in page.page.url and "day=1990-01-01" in page.page.url and "state=DZA" in page.page.url


def test_a_named_query_runs_in_the_editor_and_shows_rows(page: Page) -> None:
    page.open("/#sparql")
    page.page.wait_for_selector("#yasgui[data-ready=true] .yasqe .CodeMirror >> visible=true", timeout=20_000)
    page.page.locator(".tabsList a", has_text="entities").first.click()
    page.page.locator(".yasqe_queryButton").locator("visible=true").first.click()
    page.page.wait_for_selector(".yasr table tbody tr >> visible=true", timeout=20_000)
    assert page.page.locator(".yasr table tbody tr >> visible=true").count() > 10
    assert "Afghanistan" in page.page.locator(".yasr >> visible=true").inner_text()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(SCREENSHOTS / "sparql-editor.png"))


def test_a_failed_query_shows_the_servers_message(page: Page) -> None:
    page.open("/#sparql")
    page.page.wait_for_selector("#yasgui[data-ready=true] .yasqe .CodeMirror >> visible=true", timeout=20_000)
    editor = page.page.locator(".yasqe .CodeMirror >> visible=true")
    editor.click()
    page.page.keyboard.press("Control+A")
    page.page.keyboard.type("SELECT * WHERE { ?s ?p }")
    page.page.locator(".yasqe_queryButton").locator("visible=true").first.click()
    page.page.wait_for_selector(".yasr >> visible=true >> text=does not parse", timeout=20_000)
    assert "the SPARQL query does not parse" in page.page.locator(".yasr >> visible=true").inner_text()


def test_no_request_leaves_the_apps_origin(page: Page) -> None:
    page.open("/?entity=XKX&day=2008-10-31#map")
    page.page.focus("path[data-code=FRA]")
    page.page.keyboard.press("Enter")
    page.page.wait_for_selector("#detail table.timeline", timeout=10_000)
    page.page.click("nav a[data-view=sparql]")
    page.page.wait_for_selector("#yasgui[data-ready=true] .yasqe .CodeMirror >> visible=true", timeout=20_000)
    page.page.locator(".yasqe_queryButton").locator("visible=true").first.click()
    page.page.wait_for_selector(".yasr table tbody tr >> visible=true", timeout=20_000)
    assert page.requested and page.elsewhere() == []


def test_the_map_fits_a_phones_width(chromium: Any, server: Any) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    phone = Page(context.new_page(), server.url)
    phone.open("/?entity=XKX&day=2008-10-31#map")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def _click_on(page: Page, code: str) -> None:
    """Click with the mouse on a point of the state's shape that shows (a state with overseas
    parts has its box's centre elsewhere, often on a neighbour)."""
    page.page.locator(f"path[data-code={code}]").scroll_into_view_if_needed()
    point: dict[str, float] | None = page.page.evaluate(
        """code => { const el = document.querySelector(`path[data-code=${code}]`);
                     const box = el.getBoundingClientRect();
                     for (let y = box.top + 1; y < box.bottom; y += 1) for (let x = box.left + 1; x < box.right; x += 1)
                       if (document.elementFromPoint(x, y) === el) return {x, y};
                     return null; }""", code)
    assert point is not None, f"no point of {code} shows on the map"
    page.page.mouse.click(point["x"], point["y"])
