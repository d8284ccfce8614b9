"""The site finder in real Chromium: a filter change never swallows the first click (mouse and
touch), the sort orders, the kommune in every row, the count for screen readers, search that
folds Danish spellings, and the search box as an ARIA combobox used by keyboard."""

from __future__ import annotations

import json
import math

import pytest

from publisher.outputs import current_build
from viewer_page import HVIDOVRE_VIEW, READY, open_viewer, wait_card, wait_idle


def public_sites(public_dir) -> list[dict]:
    return json.loads((current_build(public_dir) / "sites.json").read_text())


def listed(page) -> list[str]:
    return page.locator("#results .site-name").all_text_contents()


@pytest.fixture
def touch_page(browser):
    context = browser.new_context(
        viewport={"width": 1200, "height": 800}, bypass_csp=True, has_touch=True
    )
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    context.close()


@pytest.mark.parametrize("pointer", ["mouse", "touch"])
def test_the_first_click_after_typing_a_filter_opens_the_site(
    page_csp, touch_page, server, pointer
):
    page = page_csp if pointer == "mouse" else touch_page
    open_viewer(page, server, HVIDOVRE_VIEW)
    page.fill("#f-areal", "5000")
    page.fill("#f-mw", "2")
    target = page.locator("#results .site").nth(1)
    name = target.locator(".site-name").text_content()
    assert page.evaluate("() => document.activeElement.id") == "f-mw"
    if pointer == "mouse":
        target.click()
    else:
        target.tap()
    assert page.locator("#card").is_visible()
    assert page.locator("#card-title").text_content() == name
    assert page.js_errors == []


def test_the_list_sorts_by_free_area_price_confirmation_and_distance(page_csp, server, public_dir):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    sites = public_sites(public_dir)
    by_name = {s["navn"]: s for s in sites}
    assert [o.get_attribute("value") for o in page_csp.locator("#sort option").all()] == [
        "areal",
        "pris",
        "bekraeftet",
        "afstand",
    ]
    areas = [by_name[name]["ledigt_areal_m2"] for name in listed(page_csp)]
    assert areas == sorted(areas, reverse=True)

    page_csp.select_option("#sort", "pris")
    prices = [by_name[name]["pris_kr_m2"] for name in listed(page_csp)]
    assert prices == sorted(prices) and "sort=pris" in page_csp.url

    page_csp.select_option("#sort", "afstand")
    lon, lat = page_csp.evaluate("() => window.overblikskort.map.getCenter().toArray()")

    def distance(site):
        west, south, east, north = site["bbox"]
        return math.hypot(
            ((west + east) / 2 - lon) * math.cos(math.radians(lat)), (south + north) / 2 - lat
        )

    nearest = min(sites, key=distance)
    assert listed(page_csp)[0] == nearest["navn"]

    page_csp.select_option("#sort", "bekraeftet")
    permalink = page_csp.url
    other = page_csp.context.new_page()
    other.goto(permalink)
    other.wait_for_function(READY, timeout=60_000)
    assert other.input_value("#sort") == "bekraeftet"
    other.close()


def test_rows_show_their_kommune_and_the_count_is_announced_politely(page_csp, server, public_dir):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    metas = page_csp.locator("#results .site-meta").all_text_contents()
    assert metas and all(meta.split(" · ")[0] in ("Hvidovre", "Rødovre") for meta in metas)
    count = page_csp.locator("#result-count")
    assert count.get_attribute("aria-live") == "polite" and count.get_attribute("role") == "status"
    page_csp.fill("#f-areal", "15000")
    expected = sum((s["ledigt_areal_m2"] or 0) >= 15000 for s in public_sites(public_dir))
    assert count.text_content() == f"{expected} arealer passer til filtrene"
    page_csp.wait_for_function(
        "() => document.getElementById('result-count').getAttribute('aria-busy') === 'false'"
    )


def test_a_kommune_chosen_in_the_search_filters_the_list(page_csp, server, public_dir):
    open_viewer(page_csp, server)
    page_csp.fill("#search", "rodovre")
    page_csp.wait_for_selector("#search-results [role=option]")
    page_csp.keyboard.press("Enter")
    assert page_csp.input_value("#f-kom") == "0175"
    rodovre = [s["navn"] for s in public_sites(public_dir) if s["kommunekode"] == "0175"]
    assert sorted(listed(page_csp)) == sorted(rodovre)
    assert "kom=0175" in page_csp.url
    wait_idle(page_csp)
    west, south, east, north = page_csp.evaluate(
        "() => window.overblikskort.map.getBounds().toArray().flat()"
    )
    assert west < 12.46 < east and south < 55.68 < north


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("århus", "Aarhus"),
        ("AARHUS", "Aarhus"),
        ("Aarhus", "Aarhus"),
        ("mollevej", "Møllevej 0167"),
        ("MOELLEVEJ 0175", "Møllevej 0175"),
        ("hvidovre", "Hvidovre"),
        ("rødovre", "Rødovre"),
    ],
)
def test_search_folds_case_diacritics_and_danish_spellings(page_csp, server, typed, expected):
    open_viewer(page_csp, server)
    page_csp.fill("#search", typed)
    page_csp.wait_for_selector("#search-results [role=option]")
    names = page_csp.locator("#search-results .result-name").all_text_contents()
    assert names[0] == expected, names


def test_the_search_box_is_a_combobox_used_by_keyboard(page_csp, server, public_dir):
    open_viewer(page_csp, server)
    box = page_csp.locator("#search")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-controls") == "search-results"
    page_csp.focus("#search")
    page_csp.keyboard.type("Erhvervsgrund 0167")
    page_csp.wait_for_selector("#search-results [role=option]")
    assert page_csp.locator("#search-results").get_attribute("role") == "listbox"
    assert box.get_attribute("aria-expanded") == "true"
    options = page_csp.locator("#search-results [role=option]")
    assert options.count() >= 3
    for _ in range(3):
        page_csp.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "search-option-2"
    assert options.nth(2).get_attribute("aria-selected") == "true"
    assert options.nth(0).get_attribute("aria-selected") == "false"
    page_csp.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == "search-option-1"
    assert page_csp.evaluate("() => document.activeElement.id") == "search"
    chosen = options.nth(1).locator(".result-name").text_content()
    page_csp.keyboard.press("Enter")
    assert page_csp.locator("#card-title").text_content() == chosen
    assert box.get_attribute("aria-expanded") == "false"
    wait_card(page_csp)

    page_csp.focus("#search")
    page_csp.fill("#search", "Møllevej")
    page_csp.wait_for_selector("#search-results [role=option]")
    page_csp.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and page_csp.is_hidden("#search-results")
    page_csp.keyboard.press("Escape")
    assert page_csp.input_value("#search") == ""
    assert page_csp.js_errors == []
