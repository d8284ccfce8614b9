"""The national overview on real data: ERST loads every kind that ../shared/data has through
`references import`, the build makes the context layers, the planned business areas and each
site's omgivelser; the map shows them in Chromium; nothing marked for authorities goes public."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyogrio
import pytest
import requests

from loopback import LoopbackServer
from national_sample import (
    hvidovre_plans,
    hvidovre_release,
    import_national_context,
    run_publisher,
    site_id,
)
from publisher.outputs import build_public, current_build
from publisher.references import reference_snapshot
from publisher.settings import Settings
from publisher.store import open_store
from public_server import public_app
from viewer_page import open_viewer, wait_card, wait_idle

SCREENS = Path(os.environ.get("OVERBLIKSKORT_SCREENS", "/work/screens/national"))
AVEDOERE = "1074662"


@pytest.fixture(scope="module")
def national(tmp_path_factory, shared_data):
    data_dir = tmp_path_factory.mktemp("national")
    import_national_context(data_dir, shared_data)
    store = open_store(Settings.load(data_dir=data_dir))
    return data_dir, store


@pytest.fixture(scope="module")
def context_only(national):
    """The public map after the reference imports, before any kommune has sent anything."""
    data_dir, _ = national
    answer = run_publisher(data_dir, "build")
    assert answer.returncode == 0, answer.stderr
    return current_build(data_dir / "public")


@pytest.fixture(scope="module")
def with_release(national, context_only, shared_data):
    data_dir, store = national
    return build_public(
        {"0167": hvidovre_release(shared_data)}, reference_snapshot(store), data_dir / "public"
    )


@pytest.fixture(scope="module")
def server(national, with_release):
    with LoopbackServer(public_app(national[0] / "public")) as running:
        yield running


def test_planned_business_areas_are_national_before_any_submission(
    context_only, shared_data, national
):
    expected = set(hvidovre_plans(shared_data)["planid"].astype(str))
    manifest = json.loads((context_only / "manifest.json").read_text())
    assert manifest["releases"] == {} and manifest["tiles"]["overblik"] is None
    with LoopbackServer(public_app(national[0] / "public")) as running:
        items = requests.get(
            f"{running.url}/ogc/collections/planlagte_erhvervsomraader/items",
            params={"limit": 1000},
            timeout=30,
        ).json()
        collection = requests.get(
            f"{running.url}/ogc/collections/planlagte_erhvervsomraader", timeout=30
        ).json()
    served = {
        f["properties"]["planid"]
        for f in items["features"]
        if f["properties"]["anvgen"] == "31" and f["properties"]["kommunekode"] == "0167"
    }
    assert served == expected
    assert (
        collection["attribution"] == "Plandata.dk, Erhvervsstyrelsen"
        and collection["date"] == "2024-05-01"
    )
    tiles = pyogrio.read_dataframe(
        context_only / "tiles" / "kontekst.pmtiles",
        layer="planlagte_erhvervsomraader",
        ZOOM_LEVEL="12",
    )
    assert expected <= set(tiles["planid"])


def test_a_real_hvidovre_site_knows_what_surrounds_it(with_release, server):
    build = with_release.path
    record = next(
        r for r in json.loads((build / "sites.json").read_text()) if r["lokalplan_id"] == AVEDOERE
    )
    plans = {plan["planid"]: plan for plan in record["omgivelser"]["lokalplaner"]}
    assert plans[AVEDOERE]["status"] == "V" and plans[AVEDOERE]["andel_pct"] >= 99
    assert plans[AVEDOERE]["doklink"].startswith("https://") and plans[AVEDOERE][
        "doklink"
    ].endswith(".pdf")
    station = record["omgivelser"]["transformerstation"]
    assert station["navn"] and station["afstand_m"] > 0 and station["spaending_kv"] >= 132
    assert record["omgivelser"]["kloakopland"]["eksisterende"]
    assert (
        record["omgivelser"]["fjernvarme"]["vaerk"]
        and record["omgivelser"]["natura2000"]["afstand_m"] >= 0
    )
    assert "miljoegodkendelse" in record["naeste_skridt"]
    item = requests.get(
        f"{server.url}/ogc/collections/erhvervsareal/items/{site_id(AVEDOERE)}", timeout=30
    ).json()
    # OGC API Features serves the download's flat columns, as a GIS client reads them.
    assert AVEDOERE in item["properties"]["omg_lokalplaner_planid"]
    assert item["properties"]["omg_transformerstation_navn"] == station["navn"]
    download = pyogrio.read_dataframe(build / "downloads" / "erhvervsareal.gpkg")
    row = download[download["objekt_id"] == site_id(AVEDOERE)].iloc[0]
    assert (
        AVEDOERE in row["omg_lokalplaner_planid"]
        and row["omg_transformerstation_navn"] == station["navn"]
    )


def test_an_approval_does_not_rebuild_the_context(national, with_release, shared_data):
    data_dir, store = national
    current = current_build(data_dir / "public")
    before = (current / "tiles" / "kontekst.pmtiles").stat().st_ino
    context_before = json.loads((current / "manifest.json").read_text())["context"]
    again = build_public(
        {"0167": hvidovre_release(shared_data, "r2-0167")},
        reference_snapshot(store),
        data_dir / "public",
    )
    assert again.rebuilt_kommuner == ["0167"]
    after = again.path / "tiles" / "kontekst.pmtiles"
    assert after.stat().st_ino == before  # the same cached file, not a new tippecanoe run
    assert json.loads((again.path / "manifest.json").read_text())["context"] == context_before


def _authority_only(store) -> list[dict]:
    frames = reference_snapshot(store)
    hidden = frames["elnet"][frames["elnet"]["synlighed"] != "offentlig"]
    assert len(hidden) > 300
    return hidden.to_dict("records")


def test_objects_for_authorities_reach_no_public_artefact(national, with_release, server):
    _, store = national
    hidden = _authority_only(store)
    names = {r["navn"] for r in hidden if r["navn"]} - {
        r["navn"]
        for r in reference_snapshot(store)["elnet"]
        .query("synlighed == 'offentlig'")
        .to_dict("records")
    }
    assert len(names) > 50
    build = current_build(national[0] / "public")
    tiles = build / "tiles" / "kontekst.pmtiles"
    for layer, first_zoom in (("elnet_stationer", 7), ("elnet_ledninger", 5)):
        for zoom in range(first_zoom, 14):
            decoded = pyogrio.read_dataframe(tiles, layer=layer, ZOOM_LEVEL=str(zoom))
            assert not decoded.empty and (decoded["spaending_kv"] >= 132).all(), (layer, zoom)
            assert not set(decoded["navn"].dropna()) & names, (layer, zoom)
    for path in build.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".geojson", ".gpkg", ".gz"):
            content = path.read_bytes()
            assert b"Hemmelig grund" not in content, path
            carries_grid = (
                path.stem in ("elnet", "erhvervsareal", "sites") or path.parent.name == "sites"
            )
            if carries_grid and path.suffix != ".gz":
                assert not any(name.encode() in content for name in names if len(name) > 8), path
    elnet = requests.get(
        f"{server.url}/ogc/collections/elnet/items", params={"limit": 1000}, timeout=30
    ).json()
    assert elnet["numberMatched"] == len(
        reference_snapshot(store)["elnet"].query("synlighed == 'offentlig'")
    )
    assert all(f["properties"]["spaending_kv"] >= 132 for f in elnet["features"])


def test_the_map_shows_the_context_layers_at_1280_and_360(browser, server):
    for width, height in ((1280, 800), (360, 740)):
        page = browser.new_page(viewport={"width": width, "height": height})
        errors: list[str] = []
        page.on("pageerror", lambda error, seen=errors: seen.append(str(error)))
        open_viewer(page, server, "#map=11.5/55.625/12.45")
        show_tab(page, "lag")
        for name in (
            "elnet_ledninger",
            "natur",
            "kloakoplande",
            "fjernvarme_vaerker",
            "lokalplaner",
        ):
            box = page.locator(f'input[value="{name}"]')
            group = page.locator("details.layer-group", has=box)
            if not group.evaluate("(details) => details.open"):
                group.locator("summary").click()
            box.check()
        show_tab(page, "kort")
        wait_idle(page)
        shown = page.evaluate("""() => [...new Set(window.overblikskort.map.queryRenderedFeatures()
            .map((f) => f.layer.metadata?.['overblikskort:layer']).filter(Boolean))]""")
        assert {
            "planlagte_erhvervsomraader",
            "erhvervsareal",
            "natur",
            "kloakoplande",
            "elnet_ledninger",
            "fjernvarme_vaerker",
            "lokalplaner",
        } <= set(shown), shown
        attribution = page.locator(".maplibregl-ctrl-attrib-inner").text_content()
        assert "OpenStreetMap" in attribution and "Miljøportal" in attribution
        legend = page.locator("#layer-list").text_content()
        assert "Plandata.dk, Erhvervsstyrelsen" in legend and "2024" in legend
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"kontekst-{width}.png"))
        assert errors == []
        page.close()


def test_the_card_says_what_surrounds_the_site(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    open_viewer(page, server, f"#map=14/55.615/12.46&site={site_id(AVEDOERE)}")
    wait_card(page)
    page.wait_for_selector("#card-steps:not([hidden])")
    section = page.locator("#card-context")
    assert section.is_visible()
    text = section.text_content()
    assert "Industrikvarteret Avedøre Holme (1074662)" in text and "Vedtaget" in text
    assert "Kilde: Plandata.dk, Erhvervsstyrelsen" in text and "Nærmeste transformerstation" in text
    assert (
        page.locator("#card-context a", has_text="Plan (PDF)")
        .first.get_attribute("href")
        .endswith(".pdf")
    )
    steps = page.locator("#card-steps a")
    assert steps.count() >= 1 and steps.first.get_attribute("href").startswith("https://")
    page.screenshot(path=str(SCREENS / "kort-omgivelser-1280.png"))
    page.close()


def test_the_map_never_hides_a_match(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    open_viewer(page, server)

    def shown_and_listed():
        wait_idle(page)
        shown = set(page.evaluate("async () => [...await window.overblikskort.shownSiteIds()]"))
        listed = {
            site["objekt_id"] for site in page.evaluate("() => window.overblikskort.matching")
        }
        return shown, listed

    shown, listed = shown_and_listed()
    assert shown == listed and len(listed) >= 7
    page.fill("#search", "Hvidovre")
    page.keyboard.press("Enter")
    page.fill("#f-areal", "20000")
    page.evaluate("() => window.overblikskort.map.zoomTo(9, { duration: 0 })")
    shown, listed = shown_and_listed()
    assert shown == listed and listed
    page.close()


def show_tab(page, name: str) -> None:
    """On a phone the map, filters, list and layers are tabs; wide, all are shown at once."""
    tab = page.locator(f"#tab-{name}")
    if tab.is_visible():
        tab.click()


@pytest.mark.parametrize("width", [1280, 360])
def test_axe_finds_no_violations_with_the_context_layers_legend_and_card(browser, server, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    open_viewer(page, server, f"#map=14/55.615/12.46&site={site_id(AVEDOERE)}")
    wait_card(page)
    page.wait_for_selector("#card-steps:not([hidden])")
    show_tab(page, "lag")
    for group in page.locator("details.layer-group summary").all():
        if not group.evaluate("(summary) => summary.parentElement.open"):
            group.click()
    page.check('input[value="lokalplaner"]')
    show_tab(page, "kort")
    page.add_script_tag(url=f"{server.url}/kort/vendor/axe-core/axe.min.js")
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.close()
