"""The viewer's layout in real Chromium: tabs on a phone (the legend one tap away), the card on a
phone, the embed that grows with its content inside another site's (cross-origin) iframe, and
axe-core at 1280 and 360 px in the finder's new states."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from loopback import LoopbackServer
from publisher.outputs import current_build
from viewer_page import open_viewer, wait_card

PHONE = {"width": 360, "height": 740}


def public_sites(public_dir) -> list[dict]:
    return json.loads((current_build(public_dir) / "sites.json").read_text())


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, bypass_csp=True, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    context.close()


def visible(page, selector: str) -> bool:
    return page.locator(selector).is_visible()


def test_phone_tabs_switch_between_map_filters_list_and_layers(phone, server, public_dir):
    open_viewer(phone, server)
    tabs = phone.locator("#tabs [role=tab]")
    assert tabs.all_text_contents() == [
        "Kort",
        "Filtre",
        f"Liste ({len(public_sites(public_dir))})",
        "Lag",
    ]
    assert phone.get_attribute("#tab-kort", "aria-selected") == "true"
    assert (
        visible(phone, "#map")
        and not visible(phone, "#results")
        and not visible(phone, "#layer-list")
    )
    legend_top = phone.locator("#tab-lag").bounding_box()["y"]
    assert legend_top < 200, "the legend is one tap away, at the top of the page"

    phone.locator("#tab-lag").tap()
    assert visible(phone, "#layer-list") and not visible(phone, "#map")
    assert phone.locator("#layer-list").bounding_box()["y"] < 300
    assert phone.get_attribute("#panel-lag", "role") == "tabpanel"
    assert phone.get_attribute("#panel-lag", "aria-labelledby") == "tab-lag"

    phone.locator("#tab-filtre").focus()
    phone.keyboard.press("ArrowRight")
    assert phone.get_attribute("#tab-liste", "aria-selected") == "true"
    assert phone.evaluate("() => document.activeElement.id") == "tab-liste"
    first = phone.locator("#results .site").first
    name = first.locator(".site-name").text_content()
    first.tap()
    wait_card(phone)
    assert phone.get_attribute("#tab-kort", "aria-selected") == "true"
    assert phone.locator("#card-title").text_content() == name
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.js_errors == []


def test_the_card_on_a_phone_uses_the_screen_and_breaks_no_words(phone, server, public_dir):
    open_viewer(phone, server)
    phone.locator("#tab-liste").tap()
    phone.locator("#results .site").nth(3).tap()
    wait_card(phone)
    card = phone.locator("#card").bounding_box()
    area = phone.locator("#panel-kort").bounding_box()
    assert card["height"] >= 0.6 * area["height"] and card["width"] >= PHONE["width"] - 2
    styles = phone.evaluate("""() => [...document.querySelectorAll('#card dt, #card dd, #card h2')]
        .map((e) => [getComputedStyle(e).overflowWrap, getComputedStyle(e).wordBreak])""")
    assert styles and all(wrap != "anywhere" and brk == "normal" for wrap, brk in styles)
    broken = phone.evaluate(r"""() => {
        // A word is broken when two of its letters sit on different lines (an address may wrap
        // between its text nodes, at the <wbr> after "@" and before a dot).
        const broken = [];
        const walker = document.createTreeWalker(document.getElementById('card'), NodeFilter.SHOW_TEXT);
        for (let text = walker.nextNode(); text; text = walker.nextNode()) {
            let line = null;
            for (let i = 0; i < text.length; i++) {
                const range = document.createRange();
                range.setStart(text, i);
                range.setEnd(text, i + 1);
                const box = range.getBoundingClientRect();
                if (!box.height) continue;
                const top = Math.round(box.top);
                if (line !== null && top > line + 2 && /\S/.test(text.data[i - 1]) && /\S/.test(text.data[i])) {
                    broken.push(text.data);
                }
                line = top;
            }
        }
        return broken;
    }""")
    assert broken == [], f"words broken across lines: {broken}"


def test_on_a_wide_screen_there_are_no_tabs_and_every_panel_shows(page_csp, server):
    open_viewer(page_csp, server)
    assert page_csp.locator("#tabs").is_hidden()
    for selector in ("#map", "#results", "#layer-list", "#filters"):
        assert visible(page_csp, selector), selector
    assert page_csp.get_attribute("#panel-liste", "role") is None


HOST_PAGE = """<!doctype html><html lang="da"><head><meta charset="utf-8"><title>Virksomhedsguiden</title>
<style>body{margin:0;font:16px sans-serif}</style></head><body><h1>Find en grund</h1>%s<p id="after">Efter kortet</p>
</body></html>"""


@pytest.mark.parametrize("width", [1280, 360])
def test_the_embed_grows_with_its_content_in_a_cross_origin_iframe(
    browser, server, public_dir, width
):
    viewer = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
    page = viewer.new_page()
    open_viewer(page, server, "#kom=0175&areal=5000")
    snippet = page.input_value("#embed-snippet")
    viewer.close()
    assert "kom=0175" in snippet and "areal=5000" in snippet and 'loading="lazy"' in snippet

    host = Flask("host-site")
    host.add_url_rule("/", "host", lambda: HOST_PAGE % snippet)
    with LoopbackServer(host) as other:
        assert other.url != server.url
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(other.url)
        page.wait_for_selector("#overblikskort")
        inner = None
        for _ in range(600):  # the iframe loads lazily: its frame appears once it navigates
            inner = next((f for f in page.frames if f.url.startswith(server.url)), None)
            if inner is not None:
                break
            page.wait_for_timeout(100)
        assert inner is not None, "the embedded map never loaded"
        inner.wait_for_function(
            "() => window.overblikskort && window.overblikskort.ready", timeout=60_000
        )
        if width < 500:
            inner.locator("#tab-liste").click()
        for _ in range(100):  # the parent sets the height when the message arrives
            content = inner.evaluate("() => document.body.getBoundingClientRect().height")
            frame_height = page.evaluate(
                "() => document.getElementById('overblikskort').getBoundingClientRect().height"
            )
            if abs(frame_height - content) <= 1:
                break
            page.wait_for_timeout(100)
        assert abs(frame_height - content) <= 1 and frame_height != 640
        assert inner.evaluate(
            "() => document.scrollingElement.scrollHeight <= window.innerHeight + 1"
        )
        metas = inner.locator("#results .site-meta").all_text_contents()
        expected = [
            s
            for s in public_sites(public_dir)
            if s["kommunekode"] == "0175" and s["ledigt_areal_m2"] >= 5000
        ]
        assert len(metas) == len(expected) and all(m.startswith("Rødovre") for m in metas)
        assert inner.locator("h1").is_hidden() and inner.locator("#open-full").is_visible()
        context.close()


def axe_violations(page, server) -> list:
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(url=f"{server.url}/kort/vendor/axe-core/axe.min.js")
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("width", [1280, 360])
def test_axe_finds_no_violations_in_the_finders_states(browser, server, public_dir, width):
    context = browser.new_context(
        viewport={"width": width, "height": 800}, bypass_csp=True, has_touch=width < 500
    )
    page = context.new_page()
    open_viewer(page, server, "#site=00000000-0000-4000-8000-000000000000")
    seen = {"gone-site notice": axe_violations(page, server)}
    page.click("#notice-close")
    page.evaluate("() => { document.getElementById('new-data').hidden = false; }")
    page.fill("#search", "Erhvervsgrund")
    page.wait_for_selector("#search-results [role=option]")
    page.keyboard.press("ArrowDown")
    seen["search open, new-data prompt"] = axe_violations(page, server)
    page.keyboard.press("Escape")
    if width < 500:
        for tab in ("filtre", "liste", "lag"):
            page.click(f"#tab-{tab}")
            seen[f"tab {tab}"] = axe_violations(page, server)
        page.click("#tab-liste")
    page.locator("#results .site").first.click()
    wait_card(page)
    page.evaluate(
        "() => { document.getElementById('share-link').hidden = false; "
        "document.getElementById('share-status').textContent = 'Linket er kopieret'; }"
    )
    seen["card with share status"] = axe_violations(page, server)
    assert {state: found for state, found in seen.items() if found} == {}
    context.close()
