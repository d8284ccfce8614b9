"""The public viewer in real Chromium (system binary through Playwright) against the public
blueprint on loopback, with a real build of generated sites in real kommune boundaries."""

from __future__ import annotations

import json
import re
import struct
import zlib

import pytest

from publisher.outputs import current_build
from loopback import LoopbackServer
from public_server import public_app
from sample_release import HOSTILE_NAME, SECRET_MARKER
from viewer_page import HVIDOVRE_VIEW, READY, open_viewer, wait_card, wait_idle


def rendered_site_ids(page) -> set[str]:
    return set(
        page.evaluate("""() => window.overblikskort.map
        .queryRenderedFeatures({layers: ['erhvervsareal-fill']}).map((f) => f.properties.objekt_id)""")
    )


def listed_names(page) -> list[str]:
    return page.locator("#results .site-name").all_text_contents()


def public_sites(public_dir) -> list[dict]:
    return json.loads((current_build(public_dir) / "sites.json").read_text())


def test_map_loads_its_tiles_and_marks_idle(page_csp, server, public_dir):
    responses = open_viewer(page_csp, server, HVIDOVRE_VIEW)
    assert responses and all(status in (200, 206) for _, status in responses)
    assert any("overblik.pmtiles" in url for url, _ in responses)
    assert any("grundkort.pmtiles" in url for url, _ in responses)
    marks = page_csp.evaluate("() => performance.getEntriesByName('overblikskort:map-idle').length")
    assert marks == 1
    assert len(rendered_site_ids(page_csp)) > 5
    assert page_csp.locator("#results li").count() == len(public_sites(public_dir))
    assert page_csp.js_errors == []


def test_viewer_runs_under_its_content_security_policy(page, server):
    page.goto(f"{server.url}/kort/{HVIDOVRE_VIEW}")
    for _ in range(600):
        if page.evaluate(
            "() => Boolean(window.overblikskort && (window.overblikskort.ready || window.overblikskort.failed))"
        ):
            break
        page.wait_for_timeout(100)
    assert page.evaluate("() => window.overblikskort.ready && !window.overblikskort.failed")
    assert page.js_errors == []


def test_filtering_changes_map_and_list_alike(page_csp, server, public_dir):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    before = rendered_site_ids(page_csp)
    page_csp.fill("#f-areal", "10000")
    page_csp.check("#f-status-ledig")
    wait_idle(page_csp)
    expected = [
        s
        for s in public_sites(public_dir)
        if (s["ledigt_areal_m2"] or 0) >= 10000 and s["status"] == "ledig"
    ]
    assert sorted(listed_names(page_csp)) == sorted(s["navn"] for s in expected)
    after = rendered_site_ids(page_csp)
    assert after and after < before
    assert after <= {s["objekt_id"] for s in expected}
    assert "areal=10000" in page_csp.url and "status=ledig" in page_csp.url


def test_the_count_of_matching_sites_is_in_words_for_one_and_for_many(page_csp, server, public_dir):
    hvidovre = [s for s in public_sites(public_dir) if s["kommunekode"] == "0167"]
    largest = max(s["ledigt_areal_m2"] or 0 for s in hvidovre)
    assert sum((s["ledigt_areal_m2"] or 0) >= largest for s in hvidovre) == 1
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    page_csp.select_option("#f-kom", "0167")
    wait_idle(page_csp)
    assert (
        page_csp.locator("#result-count")
        .text_content()
        .startswith(f"{len(hvidovre)} arealer passer til filtrene")
    )
    page_csp.fill("#f-areal", str(int(largest)))
    wait_idle(page_csp)
    assert page_csp.locator("#result-count").text_content() == "1 areal passer til filtrene"


def test_opening_a_site_from_the_list_shows_its_card(page_csp, server, public_dir):
    open_viewer(page_csp, server)
    first = page_csp.locator("#results .site").first
    name = first.locator(".site-name").text_content()
    first.click()
    card = page_csp.locator("#card")
    assert card.is_visible()
    assert page_csp.locator("#card-title").text_content() == name
    wait_card(page_csp)
    site = next(s for s in public_sites(public_dir) if s["navn"] == name)
    text = card.text_content()
    for expected in (
        "Ledigt areal (m²)",
        "Miljøklasse",
        "Kontaktperson",
        site["kontakt_email"],
        "Sidst bekræftet 1. oktober 2026",
        "Ledig elkapacitet (MW)",
    ):
        assert expected in text
    assert page_csp.evaluate("() => document.activeElement.id") == "card"
    assert f"site={site['objekt_id']}" in page_csp.url
    wait_idle(page_csp)
    assert site["objekt_id"] in rendered_site_ids(page_csp)


def test_permalink_restores_view_layers_filters_and_site(page_csp, browser, server, public_dir):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    page_csp.select_option("#f-kom", "0175")
    page_csp.check("#f-util-kloak")
    page_csp.uncheck("#layer-infrastruktur")
    page_csp.locator("#results .site").nth(1).click()
    selected = page_csp.locator("#card-title").text_content()
    permalink = page_csp.url
    zoom = page_csp.evaluate("() => window.overblikskort.map.getZoom()")

    other = browser.new_context(viewport={"width": 1000, "height": 700}, bypass_csp=True).new_page()
    other.goto(permalink)
    other.wait_for_function(READY, timeout=60_000)
    assert other.input_value("#f-kom") == "0175"
    assert other.is_checked("#f-util-kloak") and not other.is_checked("#layer-infrastruktur")
    assert (
        other.evaluate(
            "() => window.overblikskort.map.getLayoutProperty('infrastruktur-point', 'visibility')"
        )
        == "none"
    )
    assert other.locator("#card-title").text_content() == selected
    wait_card(other)
    assert "Kontaktperson" in other.locator("#card").text_content()
    assert abs(other.evaluate("() => window.overblikskort.map.getZoom()") - zoom) < 0.05
    expected = [
        s["navn"]
        for s in public_sites(public_dir)
        if s["kommunekode"] == "0175" and s["tilslutning_kloak"]
    ]
    assert sorted(listed_names(other)) == sorted(expected)
    other.context.close()


def test_language_switch_relabels_interface_and_data(page_csp, server):
    open_viewer(page_csp, server)
    assert page_csp.locator("#finder-heading").text_content() == "Find et areal"
    page_csp.click("#language")
    assert page_csp.evaluate("() => document.documentElement.lang") == "en"
    assert page_csp.locator("#finder-heading").text_content() == "Find a site"
    assert page_csp.locator("label[for=f-status-ledig]").text_content() == "Available"
    assert "lang=en" in page_csp.url
    page_csp.locator("#results .site").first.click()
    wait_card(page_csp)
    assert "Free area (m²)" in page_csp.locator("#card").text_content()
    assert "Last confirmed 1 October 2026" in page_csp.locator("#card").text_content()
    page_csp.click("#language")
    assert page_csp.locator("label[for=f-status-ledig]").text_content() == "Ledig"


def test_embed_mode_has_minimal_chrome_and_a_way_out(page_csp, server):
    open_viewer(page_csp, server, "?embed=1" + HVIDOVRE_VIEW)
    assert not page_csp.locator("h1").is_visible()
    assert not page_csp.locator("#embed-snippet").is_visible()
    assert page_csp.locator("#open-full").is_visible()
    assert page_csp.locator("#open-full").get_attribute("href").startswith("/kort/#map=")
    assert len(rendered_site_ids(page_csp)) > 0


def test_iframe_snippet_points_at_embed_mode(page_csp, server):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    page_csp.locator(".embed-code summary").click()
    snippet = page_csp.input_value("#embed-snippet")
    assert snippet.startswith(f'<iframe id="overblikskort" src="{server.url}/kort/?embed=1#map=')
    assert 'title="' in snippet and "overblikskort:height" in snippet


def test_hostile_attribute_is_shown_as_text_and_never_run(page_csp, server):
    open_viewer(page_csp, server)
    assert HOSTILE_NAME in listed_names(page_csp)
    page_csp.locator("#results .site", has_text="onerror").first.click()
    assert page_csp.locator("#card-title").text_content() == HOSTILE_NAME
    wait_card(page_csp)
    page_csp.fill("#search", "onerror")
    page_csp.wait_for_selector("#search-results li", timeout=20_000)
    assert page_csp.locator("#search-results").text_content().count(HOSTILE_NAME) >= 1
    assert page_csp.evaluate("() => window.__xss") is None
    assert (
        page_csp.locator("#results img, #card img, #search-results img, #results script").count()
        == 0
    )
    assert SECRET_MARKER not in page_csp.content()


def test_search_and_keyboard_only_use(page_csp, server):
    open_viewer(page_csp, server)
    page_csp.focus("#search")
    page_csp.keyboard.type("Rødovre")
    page_csp.keyboard.press("Enter")
    page_csp.wait_for_function(
        """() => { const [lon, lat] = window.overblikskort.map.getCenter().toArray();
        return 12.42 < lon && lon < 12.48 && 55.66 < lat && lat < 55.72; }""",
        timeout=20_000,
    )
    wait_idle(page_csp)
    first = page_csp.locator("#results .site").first
    first.focus()
    page_csp.keyboard.press("Enter")
    assert page_csp.evaluate("() => document.activeElement.id") == "card"
    page_csp.keyboard.press("Escape")
    assert page_csp.locator("#card").is_hidden()
    assert page_csp.evaluate("() => document.activeElement.classList.contains('site')")
    outline = page_csp.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "keyboard focus must be visible"


@pytest.mark.parametrize("width", [1200, 360])
def test_axe_finds_no_accessibility_violations(page_csp, server, width):
    page_csp.set_viewport_size({"width": width, "height": 800})
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    if width == 360:
        page_csp.click("#tab-liste")
    page_csp.locator("#results .site").first.click()
    wait_card(page_csp)
    page_csp.add_script_tag(url=f"{server.url}/kort/vendor/axe-core/axe.min.js")
    result = page_csp.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    assert {"color-contrast", "label", "button-name"} <= {rule["id"] for rule in result["passes"]}
    if width == 360:
        assert page_csp.evaluate("() => document.documentElement.scrollWidth") <= 360


def _luminance(css_colour: str) -> float:
    red, green, blue = (float(part) / 255 for part in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_legend_shows_every_symbology_class_with_3_to_1_contrast(page_csp, server, public_dir):
    open_viewer(page_csp, server)
    legend = json.loads((current_build(public_dir) / "legend.json").read_text())
    expected = sum(len(layer["items"]) for layer in legend["layers"] if not layer.get("reference"))
    assert page_csp.locator("#layer-list .legend-items li").count() == expected
    assert "Fremtidig" in page_csp.locator("#layer-list").text_content()
    colours = page_csp.evaluate("""() => [...document.querySelectorAll('#layer-list .swatch')]
        .map((s) => [getComputedStyle(s).outlineColor, getComputedStyle(document.body).backgroundColor])""")
    assert colours and all(contrast(frame, background) >= 3 for frame, background in colours)


def solid_png(size: int = 256) -> bytes:
    """A plain PNG tile (light grey), standing in for a production raster basemap."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\x00" + b"\xdd\xdd\xdd" * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_a_configured_raster_basemap_replaces_the_plain_one(browser, public_dir):
    app = public_app(
        public_dir, basemap_tiles_url="/basemap/{z}/{x}/{y}.png", basemap_attribution="Testkort"
    )
    requested = []

    @app.get("/basemap/<int:z>/<int:x>/<int:y>.png")
    def basemap_tile(z, x, y):
        requested.append((z, x, y))
        return solid_png(), 200, {"Content-Type": "image/png"}

    with LoopbackServer(app) as running:
        context = browser.new_context(viewport={"width": 1000, "height": 700}, bypass_csp=True)
        page = context.new_page()
        open_viewer(page, running, HVIDOVRE_VIEW)
        assert requested and all(z >= 11 for z, _, _ in requested)
        assert (
            page.evaluate(
                "() => window.overblikskort.map.getLayoutProperty('basemap-land', 'visibility')"
            )
            == "none"
        )
        assert "Testkort" in page.locator(".maplibregl-ctrl-attrib").text_content()
        context.close()
