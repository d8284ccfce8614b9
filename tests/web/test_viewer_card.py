"""The viewer's lean first view and its site card, in real Chromium against a real build on
loopback: what loads when, and how the card shows classes, utilities, numbers and dates."""

from __future__ import annotations

import json
import re

from publisher.outputs import current_build
from sample_release import OVERDUE_DATE
from viewer_page import HVIDOVRE_VIEW, READY, open_viewer, wait_card


def public_sites(public_dir) -> list[dict]:
    return json.loads((current_build(public_dir) / "sites.json").read_text())


def data_requests(page) -> list[str]:
    """The build files the page asked for, in order, as paths inside the build."""
    requests = []
    page.on(
        "request",
        lambda r: (
            requests.append(r.url.split("/kort/data/", 1)[1].split("/", 1)[1])
            if "/kort/data/" in r.url
            else None
        ),
    )
    return requests


def card_value(page, term: str) -> dict:
    return page.evaluate(
        """(term) => {
        const dt = [...document.querySelectorAll('#card-sections dt')].find((d) => d.textContent === term);
        if (!dt) return null;
        const dd = dt.nextElementSibling;
        const titled = dd.querySelector('[title]');
        return {text: dd.textContent, title: titled ? titled.title : null};
    }""",
        term,
    )


def open_site_by_name(page, name: str):
    page.locator("#results .site-name", has_text=re.compile(f"^{re.escape(name)}$")).click()
    wait_card(page)


def test_first_view_loads_the_map_only_and_the_finder_after_its_first_frame(page_csp, server):
    requested = data_requests(page_csp)
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    assert "finder.json" in requested
    assert "sites.json" not in requested and "search.json" not in requested
    assert not [name for name in requested if name.startswith("sites/")]
    idle, finder_start = page_csp.evaluate("""() => [
        performance.getEntriesByName('overblikskort:map-idle')[0].startTime,
        performance.getEntriesByType('resource').find((e) => e.name.endsWith('/finder.json')).startTime]""")
    assert finder_start >= idle
    assert page_csp.locator("#results li").count() > 20
    page_csp.focus("#search")
    page_csp.wait_for_function(
        "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/search.json'))"
    )
    assert page_csp.js_errors == []


def test_a_card_fetches_the_records_of_its_own_kommune_once(page_csp, server, public_dir):
    requested = data_requests(page_csp)
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    ours = [s for s in public_sites(public_dir) if s["kommunekode"] == "0175"]
    open_site_by_name(page_csp, ours[1]["navn"])
    assert ours[1]["kontakt_email"] in page_csp.locator("#card").text_content()
    open_site_by_name(page_csp, ours[2]["navn"])
    assert [name for name in requested if name.startswith("sites/")] == ["sites/0175.json"]


def test_environmental_class_shows_one_class_or_a_range_with_its_distance(
    page_csp, server, public_dir
):
    open_viewer(page_csp, server)
    sites = public_sites(public_dir)
    single = next(s for s in sites if s["miljoeklasse_min"] == s["miljoeklasse_max"] == 3)
    spread = next(s for s in sites if (s["miljoeklasse_min"], s["miljoeklasse_max"]) == (1, 4))
    open_site_by_name(page_csp, single["navn"])
    value = card_value(page_csp, "Miljøklasse")
    assert value == {
        "text": "3 (vejledende afstand til boliger 50 m)",
        "title": "Klasse 3 (50 m til bolig)",
    }
    open_site_by_name(page_csp, spread["navn"])
    value = card_value(page_csp, "Miljøklasse")
    assert value["text"] == "1–4 (vejledende afstand til boliger 0–100 m)"
    assert value["title"] == "Klasse 1 (0 m til bolig) – Klasse 4 (100 m til bolig)"
    page_csp.click("#language")
    wait_card(page_csp)
    assert (
        card_value(page_csp, "Environmental class")["text"]
        == "1–4 (guide distance to housing 0–100 m)"
    )


def test_utilities_numbers_and_dates_read_naturally_in_both_languages(page_csp, server, public_dir):
    open_viewer(page_csp, server)
    site = next(
        s
        for s in public_sites(public_dir)
        if s["tilslutning_kloak"]
        and not s["tilslutning_fjernvarme"]
        and s["ledigt_areal_m2"] >= 1000
        and s["navn"].startswith("Erhvervsgrund")
    )
    open_site_by_name(page_csp, site["navn"])
    utilities = card_value(page_csp, "Tilsluttet forsyning")
    assert utilities == {
        "text": "el, vand, kloak",
        "title": "Tilslutning til el, Tilslutning til vand, Tilslutning til kloak",
    }
    free = f"{int(site['ledigt_areal_m2']):,}".replace(",", ".")
    assert card_value(page_csp, "Ledigt areal (m²)")["text"] == f"{free} m²"
    assert card_value(page_csp, "Pris (kr./m²)")["text"] == f"{int(site['pris_kr_m2'])} kr./m²"
    confirmed = page_csp.locator("#card-confirmed")
    assert confirmed.is_visible() and confirmed.text_content() == "Sidst bekræftet 1. oktober 2026"
    assert confirmed.locator("time").get_attribute("datetime") == site["sidst_bekraeftet"]

    page_csp.click("#language")
    wait_card(page_csp)
    assert card_value(page_csp, "Connected utilities")["text"] == "electricity, water, sewer"
    assert card_value(page_csp, "Free area (m²)")["text"] == f"{int(site['ledigt_areal_m2']):,} m²"
    assert card_value(page_csp, "Price (DKK/m²)")["text"] == f"DKK {int(site['pris_kr_m2'])}/m²"
    assert confirmed.text_content() == "Last confirmed 1 October 2026"
    assert page_csp.locator("label[for=f-util-fjernvarme]").text_content() == "District heating"


def test_a_cold_permalink_with_a_site_restores_its_full_card(browser, server, public_dir):
    site = next(
        s
        for s in public_sites(public_dir)
        if s["kommunekode"] == "0167" and s["navn"].endswith("-7")
    )
    context = browser.new_context(viewport={"width": 900, "height": 700}, bypass_csp=True)
    page = context.new_page()
    open_viewer(page, server, f"#site={site['objekt_id']}&lang=en")
    wait_card(page)
    assert page.locator("#card-title").text_content() == site["navn"]
    assert site["kontakt_email"] in page.locator("#card").text_content()
    assert page.locator("#card-confirmed").text_content() == "Last confirmed 1 October 2026"
    west, south, east, north = site["bbox"]
    view_west, view_south, view_east, view_north = page.evaluate(
        "() => window.overblikskort.map.getBounds().toArray().flat()"
    )
    assert view_west <= west and east <= view_east and view_south <= south and north <= view_north
    assert page.evaluate("() => window.overblikskort.map.getZoom()") > 13
    context.close()


def test_a_card_whose_details_cannot_load_says_so_and_keeps_what_it_knows(
    page_csp, server, public_dir
):
    page_csp.route("**/kort/data/*/sites/*.json", lambda route: route.abort())
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    site = next(s for s in public_sites(public_dir) if s["navn"].startswith("Erhvervsgrund"))
    open_site_by_name(page_csp, site["navn"])
    assert page_csp.locator("#card-title").text_content() == site["navn"]
    assert "kunne ikke hentes" in page_csp.locator("#card-note").text_content()
    assert card_value(page_csp, "Status") is not None


def test_the_card_shows_the_owner_and_the_kommunes_page_as_a_named_link(
    page_csp, server, public_dir
):
    open_viewer(page_csp, server)
    site = next(
        s
        for s in public_sites(public_dir)
        if s["kommunekode"] == "0175" and s["navn"].endswith("-4")
    )
    open_site_by_name(page_csp, site["navn"])
    assert card_value(page_csp, "Ejer")["text"] == "Kommune"
    link = page_csp.locator("#card-sections a", has_text="Rødovre Kommunes side om arealet")
    assert link.get_attribute("href") == site["link"]
    headings = page_csp.locator("#card-sections h3").all_text_contents()
    assert headings == ["Om arealet", "Plan og miljø", "Forsyning", "Kontakt"]


def test_del_copies_the_permalink_and_says_so(browser, server, public_dir):
    context = browser.new_context(
        viewport={"width": 1200, "height": 800},
        bypass_csp=True,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    open_viewer(page, server, HVIDOVRE_VIEW)
    site = next(s for s in public_sites(public_dir) if s["navn"].startswith("Møllevej"))
    open_site_by_name(page, site["navn"])
    page.click("#card-share")
    page.wait_for_function("() => document.getElementById('share-status').textContent !== ''")
    assert page.locator("#share-status").text_content().startswith("Linket er kopieret")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith(f"{server.url}/kort/#map=") and f"site={site['objekt_id']}" in copied
    fresh = context.new_page()
    open_viewer(fresh, server, copied.split("/kort/", 1)[1])
    wait_card(fresh)
    assert fresh.locator("#card-title").text_content() == site["navn"]
    context.close()


def test_del_without_a_clipboard_shows_the_link_selected(page_csp, server, public_dir):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    page_csp.evaluate(
        "() => { Object.defineProperty(navigator, 'clipboard', {value: {writeText: () => Promise.reject(new Error('nej'))}}); }"
    )
    open_site_by_name(
        page_csp, next(s["navn"] for s in public_sites(public_dir) if s["kommunekode"] == "0167")
    )
    page_csp.click("#card-share")
    page_csp.wait_for_selector("#share-link", state="visible")
    assert "site=" in page_csp.input_value("#share-link")
    assert page_csp.evaluate("() => document.activeElement.id") == "share-link"
    assert "Kopiér linket" in page_csp.locator("#share-status").text_content()


def test_a_permalink_to_a_site_that_is_gone_says_so(page_csp, server):
    open_viewer(page_csp, server, "#site=00000000-0000-4000-8000-000000000000&status=ledig")
    notice = page_csp.locator("#notice")
    assert notice.is_visible() and "ikke længere på kortet" in notice.text_content()
    assert page_csp.locator("#card").is_hidden()
    assert "site=" not in page_csp.url and "status=ledig" in page_csp.url
    assert page_csp.is_checked("#f-status-ledig")
    page_csp.click("#notice-close")
    assert notice.is_hidden()


def test_maplibre_controls_speak_the_pages_language(page_csp, server):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    zoom_in = page_csp.locator(".maplibregl-ctrl-zoom-in")
    assert zoom_in.get_attribute("aria-label") == "Zoom ind"
    assert (
        page_csp.locator(".maplibregl-ctrl-attrib-button").get_attribute("title")
        == "Vis eller skjul kilder"
    )
    assert page_csp.locator("canvas.maplibregl-canvas").get_attribute("aria-label") == "Kort"
    page_csp.click("#language")
    assert page_csp.locator(".maplibregl-ctrl-zoom-in").get_attribute("aria-label") == "Zoom in"
    assert page_csp.locator(".maplibregl-ctrl-zoom-in").count() == 1
    page_csp.click("#language")
    assert page_csp.locator(".maplibregl-ctrl-zoom-out").get_attribute("title") == "Zoom ud"


def test_the_lokalplan_links_to_its_pdf_when_the_surroundings_name_it(page_csp, server, public_dir):
    """The site records get `omgivelser.lokalplaner` (planid, plannavn, doklink) from the
    lokalplaner reference in the national context build (issue 8); until that build is on this
    branch the record is given those facts on its way to the browser."""
    site = next(
        s
        for s in public_sites(public_dir)
        if s["kommunekode"] == "0167" and s["navn"].endswith("-5")
    )
    pdf = "https://dokument.plandata.dk/20_1234567_1600000000000.pdf"

    def with_plan(route):
        records = route.fetch().json()
        for record in records:
            if record["objekt_id"] == site["objekt_id"]:
                record["omgivelser"] = {
                    "lokalplaner": [
                        {
                            "planid": "999",
                            "plannavn": "Anden plan",
                            "doklink": "https://example.dk/anden.pdf",
                        },
                        {
                            "planid": site["lokalplan_id"],
                            "plannavn": "Erhvervsområde ved Avedøre Holme",
                            "doklink": pdf,
                        },
                    ]
                }
        route.fulfill(json=records)

    page_csp.route("**/kort/data/*/sites/0167.json", with_plan)
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    open_site_by_name(page_csp, site["navn"])
    link = page_csp.locator("#card-sections a", has_text="Erhvervsområde ved Avedøre Holme")
    assert link.get_attribute("href") == pdf
    assert link.text_content() == f"Erhvervsområde ved Avedøre Holme ({site['lokalplan_id']})"
    other = next(
        s
        for s in public_sites(public_dir)
        if s["kommunekode"] == "0167" and s["navn"].endswith("-6")
    )
    open_site_by_name(page_csp, other["navn"])
    assert card_value(page_csp, "Lokalplan (Plandata planid)") == {
        "text": other["lokalplan_id"],
        "title": None,
    }


def test_an_overdue_site_stays_public_with_a_clear_mark_on_its_card(page_csp, server, public_dir):
    open_viewer(page_csp, server, HVIDOVRE_VIEW)
    assert page_csp.locator("#f-bekr").count() == 0  # the finder filter is off by default
    overdue = next(
        s
        for s in public_sites(public_dir)
        if s["kommunekode"] == "0167" and s["sidst_bekraeftet"] == OVERDUE_DATE
    )
    open_site_by_name(page_csp, overdue["navn"])
    confirmed = page_csp.locator("#card-confirmed")
    assert "ikke bekræftet i over 12 måneder" in confirmed.text_content()
    assert "overdue" in confirmed.get_attribute("class")
    fresh = next(s for s in public_sites(public_dir) if s["navn"] == "Erhvervsgrund 0167-7")
    open_site_by_name(page_csp, fresh["navn"])
    assert "over 12" not in confirmed.text_content()
    open_site_by_name(page_csp, overdue["navn"])
    page_csp.click("#language")
    wait_card(page_csp)
    assert "not confirmed for over 12 months" in confirmed.text_content()


def test_the_publisher_can_offer_a_finder_filter_that_hides_overdue_sites(browser, public_dir):
    from loopback import LoopbackServer
    from public_server import public_app

    overdue = {s["navn"] for s in public_sites(public_dir) if s["sidst_bekraeftet"] == OVERDUE_DATE}
    assert len(overdue) == 2
    with LoopbackServer(public_app(public_dir, optional_filters=("bekr",))) as offering:
        context = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
        page = context.new_page()
        open_viewer(page, offering)

        def names():
            return set(
                page.eval_on_selector_all("#results .site-name", "n => n.map(e => e.textContent)")
            )

        assert overdue <= names()
        assert page.text_content("label[for=f-bekr]") == "Kun bekræftede inden for 12 måneder"
        page.check("#f-bekr")
        page.wait_for_function("() => location.hash.includes('bekr=12')")
        assert not overdue & names()
        expression = json.dumps(
            page.evaluate("() => window.overblikskort.map.getFilter('erhvervsareal-fill')")
        )
        assert "sidst_bekraeftet" in expression
        page.goto(f"{offering.url}/kort/#bekr=12")
        page.reload()
        page.wait_for_function(READY, timeout=60_000)
        assert page.is_checked("#f-bekr") and not overdue & names()
        context.close()
