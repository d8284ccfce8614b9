"""OGC API Features over the current public build, read by OWSLib, QGIS's OAPIF provider and
plain HTTP on loopback: collections, paging by key, bbox, property filters, CRS (Part 2), 400 for
what the API does not know, and the HTML pages."""

from __future__ import annotations

import pyproj
import pytest
import requests
from openapi_spec_validator import validate
from owslib.ogcapi.features import Features

from publisher.outputs.downloads import download_tables
from publisher.outputs.public_data import PUBLIC_LAYERS

from qgis_probe import run_probe
from sample_release import HOSTILE_NAME, SECRET_MARKER

EPSG_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
HVIDOVRE_BBOX = "12.40,55.59,12.52,55.6615"


def public_sites(sample_input) -> list[dict]:
    rows = []
    for release in sample_input.releases.values():
        frame = release.layers["erhvervsareal"]
        rows += (
            frame.loc[frame["synlighed"] == "offentlig"].drop(columns="geometry").to_dict("records")
        )
    return rows


def items(server, collection: str = "erhvervsareal", **params) -> requests.Response:
    return requests.get(
        f"{server.url}/ogc/collections/{collection}/items", params=params, timeout=20
    )


def all_pages(url: str) -> list[dict]:
    seen = []
    while url:
        page = requests.get(url, timeout=20).json()
        seen += page["features"]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    return seen


def test_owslib_lists_the_collections_and_reads_items(server, sample_input):
    api = Features(f"{server.url}/ogc")
    assert {
        "erhvervsareal",
        "infrastruktur_punkt",
        "infrastruktur_linje",
        "infrastruktur_flade",
        "industripark_kandidat",
    } <= set(api.feature_collections())
    conforms = api.conformance()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in conforms
    assert "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs" in conforms
    collection = api.collection("erhvervsareal")
    assert collection["crs"] == [CRS84, EPSG_25832] and collection["storageCrs"] == EPSG_25832
    minx, miny, maxx, maxy = collection["extent"]["spatial"]["bbox"][0]
    assert 12.3 < minx < maxx < 12.6 and 55.5 < miny < maxy < 55.8
    page = api.collection_items("erhvervsareal", limit=5)
    assert page["numberReturned"] == 5 and page["numberMatched"] == len(public_sites(sample_input))
    first = page["features"][0]
    lon, lat = first["geometry"]["coordinates"][0][0][0]
    assert 12 < lon < 13 and 55 < lat < 56, "coordinates must be CRS84 (lon, lat)"
    single = api.collection_item("erhvervsareal", first["id"])
    assert single["properties"]["navn"] == first["properties"]["navn"]
    assert (
        single["properties"]["status_tekst"]
        == {
            "ledig": "Ledig",
            "delvist_ledig": "Delvist ledig",
            "reserveret": "Reserveret",
            "i_udbud": "I udbud",
            "fremtidig": "Fremtidig",
        }[single["properties"]["status"]]
    )


def test_owslib_filters_on_properties_and_asks_for_metres(server, sample_input):
    api = Features(f"{server.url}/ogc")
    ledige = api.collection_items("erhvervsareal", status="ledig", kommunekode="0175", limit=100)
    expected = {
        s["objekt_id"]
        for s in public_sites(sample_input)
        if s["status"] == "ledig" and s["kommunekode"] == "0175"
    }
    assert {f["id"] for f in ledige["features"]} == expected and ledige["numberMatched"] == len(
        expected
    )
    metres = api.collection_items("erhvervsareal", crs=EPSG_25832, limit=1)
    x, y = metres["features"][0]["geometry"]["coordinates"][0][0][0]
    assert 600_000 < x < 800_000 and 6_000_000 < y < 6_300_000


def test_paging_by_key_returns_every_public_site_once(server, sample_input):
    seen = all_pages(f"{server.url}/ogc/collections/erhvervsareal/items?limit=7")
    ids = [feature["id"] for feature in seen]
    assert len(ids) == len(set(ids)) and set(ids) == {
        s["objekt_id"] for s in public_sites(sample_input)
    }
    first = items(server, limit=7).json()
    assert "cursor=" in next(link["href"] for link in first["links"] if link["rel"] == "next")


def test_bbox_selects_only_the_sites_it_touches_in_either_crs(server, sample_input):
    hvidovre = items(server, bbox=HVIDOVRE_BBOX, limit=1000).json()
    assert hvidovre["numberMatched"] == hvidovre["numberReturned"] > 0
    assert {f["properties"]["kommunekode"] for f in hvidovre["features"]} == {"0167"}
    transformer = pyproj.Transformer.from_crs("OGC:CRS84", "EPSG:25832", always_xy=True)
    west, south, east, north = (float(v) for v in HVIDOVRE_BBOX.split(","))
    box = transformer.transform_bounds(west, south, east, north)
    in_metres = items(
        server, bbox=",".join(f"{v:.2f}" for v in box), **{"bbox-crs": EPSG_25832}, limit=1000
    ).json()
    assert {f["id"] for f in in_metres["features"]} >= {f["id"] for f in hvidovre["features"]}
    nowhere = items(server, bbox="8.0,55.0,8.1,55.1").json()
    assert nowhere["numberMatched"] == 0 and nowhere["features"] == []
    one_site = hvidovre["features"][0]
    lon, lat = one_site["geometry"]["coordinates"][0][0][0]
    corner = items(
        server, bbox=f"{lon - 0.00001},{lat - 0.00001},{lon + 0.00001},{lat + 0.00001}"
    ).json()
    assert [f["id"] for f in corner["features"]] == [one_site["id"]]


def test_property_filters_return_only_matching_features(server, sample_input):
    ledige = all_pages(f"{server.url}/ogc/collections/erhvervsareal/items?status=ledig&limit=4")
    expected = {s["objekt_id"] for s in public_sites(sample_input) if s["status"] == "ledig"}
    assert {f["id"] for f in ledige} == expected and len(ledige) == len(expected)
    assert {f["properties"]["status"] for f in ledige} == {"ledig"}
    sewer = items(server, tilslutning_kloak="true", miljoeklasse_max=5, limit=1000).json()
    assert sewer["features"] and all(
        f["properties"]["tilslutning_kloak"] is True and f["properties"]["miljoeklasse_max"] == 5
        for f in sewer["features"]
    )
    combined = items(server, status="ledig", bbox=HVIDOVRE_BBOX, limit=1000).json()
    assert {f["id"] for f in combined["features"]} == {
        s["objekt_id"]
        for s in public_sites(sample_input)
        if s["status"] == "ledig" and s["kommunekode"] == "0167"
    }


def test_queryables_are_the_fields_the_map_and_finder_filter_on(server):
    queryables = requests.get(
        f"{server.url}/ogc/collections/erhvervsareal/queryables", timeout=10
    ).json()
    properties = queryables["properties"]
    assert {
        "status",
        "kommunekode",
        "anvendelse_generel",
        "miljoeklasse_max",
        "ledigt_areal_m2",
        "tilslutning_el",
        "el_kapacitet_mw",
    } <= properties.keys()
    assert "kontakt_email" not in properties and "synlighed" not in properties
    assert properties["status"]["enum"] == [
        "ledig",
        "delvist_ledig",
        "reserveret",
        "i_udbud",
        "fremtidig",
    ]
    assert (
        properties["miljoeklasse_max"]["type"] == "integer"
        and properties["tilslutning_el"]["type"] == "boolean"
    )
    described = requests.get(f"{server.url}/ogc/api", timeout=10).json()
    validate(described)
    assert described["components"]["parameters"]["limit"]["schema"]["maximum"] == 1000
    parameters = described["paths"]["/collections/erhvervsareal/items"]["get"]["parameters"]
    status = next(p for p in parameters if p.get("name") == "status")
    assert (status["in"], status["style"], status["explode"]) == ("query", "form", False)


def test_crs_25832_gives_metres_and_says_so_in_content_crs(server):
    degrees = items(server, limit=3)
    metres = items(server, limit=3, crs=EPSG_25832)
    assert degrees.headers["Content-Crs"] == f"<{CRS84}>"
    assert metres.headers["Content-Crs"] == f"<{EPSG_25832}>"
    transformer = pyproj.Transformer.from_crs("OGC:CRS84", "EPSG:25832", always_xy=True)
    for in_degrees, in_metres in zip(degrees.json()["features"], metres.json()["features"]):
        assert in_degrees["id"] == in_metres["id"]
        lon, lat = in_degrees["geometry"]["coordinates"][0][0][0]
        x, y = in_metres["geometry"]["coordinates"][0][0][0]
        expected_x, expected_y = transformer.transform(lon, lat)
        assert abs(x - expected_x) < 0.05 and abs(y - expected_y) < 0.05
    feature_id = degrees.json()["features"][0]["id"]
    single = requests.get(
        f"{server.url}/ogc/collections/erhvervsareal/items/{feature_id}",
        params={"crs": EPSG_25832},
        timeout=10,
    )
    assert single.headers["Content-Crs"] == f"<{EPSG_25832}>"
    assert single.json()["geometry"]["coordinates"][0][0][0][0] > 600_000


def test_hidden_objects_are_not_served_at_all(server, sample_input):
    for layer in ("erhvervsareal", "infrastruktur_punkt", "infrastruktur_linje"):
        body = items(server, layer, limit=1000).text
        assert SECRET_MARKER not in body
    hidden = next(r.layers["erhvervsareal"] for r in sample_input.releases.values())
    hidden_id = hidden.loc[hidden["synlighed"] == "myndigheder", "objekt_id"].iloc[0]
    response = requests.get(
        f"{server.url}/ogc/collections/erhvervsareal/items/{hidden_id}", timeout=10
    )
    assert response.status_code == 404 and "does not exist" in response.json()["description"]
    assert "synlighed" not in items(server, limit=1).json()["features"][0]["properties"]


@pytest.mark.parametrize(
    "query",
    [
        "bbox=1,2,3",
        "bbox=a,b,c,d",
        "limit=0",
        "offset=-1",
        "limit=ti",
        "status=solgt",
        "miljoeklasse_max=fem",
        "tilslutning_el=ja",
        "crs=EPSG:4326",
        "bbox-crs=EPSG:25832&bbox=1,2,3,4",
        "cursor=abc",
        "f=xml",
    ],
)
def test_bad_values_get_a_clear_400(server, query):
    response = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items?{query}", timeout=10)
    assert response.status_code == 400, query
    description = response.json()["description"]
    assert " skal " in description and " must " in description


@pytest.mark.parametrize(
    "query", ["kommune=0751", "sortby=navn", "datetime=2026-01-01", "kontakt_email=x@y.dk"]
)
def test_unknown_parameters_get_a_400_naming_them(server, query):
    name = query.split("=")[0]
    response = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items?{query}", timeout=10)
    assert response.status_code == 400
    assert f"Ukendt parameter: {name}" in response.json()["description"]
    assert f"Unknown parameter: {name}" in response.json()["description"]
    assert requests.get(f"{server.url}/ogc/collections?{query}", timeout=10).status_code == 400
    assert requests.get(f"{server.url}/ogc/collections/nope", timeout=10).status_code == 404


def test_html_pages_show_labels_escape_values_and_draw_a_map(server, browser):
    page = requests.get(
        f"{server.url}/ogc/collections/erhvervsareal/items?limit=1000&f=html", timeout=10
    )
    assert page.headers["Content-Type"].startswith("text/html")
    assert "&lt;script&gt;" in page.text and HOSTILE_NAME not in page.text
    assert "<td>Ledig</td>" in page.text and "<td>ledig</td>" not in page.text
    assert "Hvidovre (0167)" in page.text and "Erhvervsområde" in page.text
    browser_like = requests.get(f"{server.url}/ogc", headers={"Accept": "text/html"}, timeout=10)
    assert browser_like.text.startswith("<!doctype html>")

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{server.url}/ogc/collections/erhvervsareal/items?f=html&limit=20")
    tab.wait_for_selector("#ogc-map[data-ready=true]", timeout=60_000)
    assert tab.locator("#ogc-map canvas").count() == 1
    tab.add_script_tag(url=f"{server.url}/kort/vendor/axe-core/axe.min.js")
    result = tab.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    assert [v["id"] for v in result["violations"]] == []
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 1280
    assert tab.evaluate("() => window.__xss") is None and errors == []
    tab.locator("tbody a").first.click()
    tab.wait_for_selector("#ogc-map[data-ready=true]", timeout=60_000)
    assert "Kontakt e-mail" in tab.locator("dl.facts").text_content()
    context.close()


def test_qgis_oapif_provider_loads_the_public_sites_and_filters_on_the_server(server, sample_input):
    seen = run_probe("qgis_oapif_probe.py", f"{server.url}/ogc", "erhvervsareal")
    assert seen["valid"] and seen["crs"] == "EPSG:4326" and "synlighed" not in seen["fields"]
    assert seen["geometry"] == "MultiPolygon" and "status_tekst" in seen["fields"]
    assert len(seen["names"]) == len(public_sites(sample_input))
    assert not any(SECRET_MARKER in name for name in seen["names"])

    filtered = run_probe(
        "qgis_oapif_probe.py", f"{server.url}/ogc?status=ledig&kommunekode=0167", "erhvervsareal"
    )
    expected = [
        s
        for s in public_sites(sample_input)
        if s["status"] == "ledig" and s["kommunekode"] == "0167"
    ]
    assert filtered["valid"] and filtered["values"] == {
        "status": ["ledig"],
        "kommunekode": ["0167"],
    }
    assert sorted(filtered["names"]) == sorted(s["navn"] for s in expected)

    lines = run_probe("qgis_oapif_probe.py", f"{server.url}/ogc", "infrastruktur_linje")
    assert lines["valid"] and lines["geometry"] == "MultiLineString"


def test_before_the_first_release_the_collections_are_listed_empty_and_qgis_adds_them(tmp_path):
    from loopback import LoopbackServer
    from public_server import public_app

    with LoopbackServer(public_app(tmp_path / "public")) as empty:
        assert requests.get(f"{empty.url}/ogc?f=json", timeout=10).status_code == 200
        api = Features(f"{empty.url}/ogc")
        expected = {table for layer in PUBLIC_LAYERS for table in download_tables(layer)}
        assert set(api.feature_collections()) == expected
        page = api.collection_items("erhvervsareal")
        assert page["features"] == [] and page["numberMatched"] == 0
        missing = requests.get(f"{empty.url}/ogc/collections/erhvervsareal/items/x", timeout=10)
        assert missing.status_code == 404
        for collection in sorted(expected):
            seen = run_probe("qgis_oapif_probe.py", f"{empty.url}/ogc", collection)
            assert seen["valid"] and seen["names"] == [], collection
