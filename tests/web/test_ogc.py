"""OGC API Features over the current public build, read by OWSLib and plain HTTP on loopback."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import requests
from owslib.ogcapi.features import Features

from sample_release import HOSTILE_NAME, SECRET_MARKER


def public_site_ids(sample_input) -> set[str]:
    ids = set()
    for release in sample_input.releases.values():
        frame = release.layers["erhvervsareal"]
        ids |= set(frame.loc[frame["synlighed"] == "offentlig", "objekt_id"])
    return ids


def test_owslib_lists_the_collections_and_reads_items(server, sample_input):
    api = Features(f"{server.url}/ogc")
    assert {"erhvervsareal", "infrastruktur", "industripark_kandidat"} <= set(api.feature_collections())
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    collection = api.collection("erhvervsareal")
    minx, miny, maxx, maxy = collection["extent"]["spatial"]["bbox"][0]
    assert 12.3 < minx < maxx < 12.6 and 55.5 < miny < maxy < 55.8
    items = api.collection_items("erhvervsareal", limit=5)
    assert items["numberReturned"] == 5 and items["numberMatched"] == len(public_site_ids(sample_input))
    first = items["features"][0]
    lon, lat = first["geometry"]["coordinates"][0][0]
    assert 12 < lon < 13 and 55 < lat < 56, "coordinates must be CRS84 (lon, lat)"
    single = api.collection_item("erhvervsareal", first["id"])
    assert single["properties"]["navn"] == first["properties"]["navn"]


def test_paging_through_next_links_returns_every_public_site_once(server, sample_input):
    url, seen = f"{server.url}/ogc/collections/erhvervsareal/items?limit=7", []
    while url:
        page = requests.get(url, timeout=10).json()
        seen += [feature["id"] for feature in page["features"]]
        url = next((link["href"] for link in page["links"] if link["rel"] == "next"), None)
    assert len(seen) == len(set(seen)) and set(seen) == public_site_ids(sample_input)


def test_bbox_selects_only_the_sites_it_touches(server, sample_input):
    hvidovre = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items",
                            params={"bbox": "12.40,55.59,12.52,55.6615", "limit": 1000}, timeout=10).json()
    assert hvidovre["numberMatched"] > 0
    assert {f["properties"]["kommunekode"] for f in hvidovre["features"]} == {"0167"}
    nowhere = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items",
                           params={"bbox": "8.0,55.0,8.1,55.1"}, timeout=10).json()
    assert nowhere["numberMatched"] == 0 and nowhere["features"] == []


def test_hidden_objects_are_not_served_at_all(server, sample_input):
    for layer in ("erhvervsareal", "infrastruktur"):
        body = requests.get(f"{server.url}/ogc/collections/{layer}/items?limit=1000", timeout=10).text
        assert SECRET_MARKER not in body
    hidden = next(r.layers["erhvervsareal"] for r in sample_input.releases.values())
    hidden_id = hidden.loc[hidden["synlighed"] == "myndigheder", "objekt_id"].iloc[0]
    response = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items/{hidden_id}", timeout=10)
    assert response.status_code == 404 and "does not exist" in response.json()["description"]


def test_bad_parameters_get_a_clear_400(server):
    for query in ("bbox=1,2,3", "bbox=a,b,c,d", "limit=0", "offset=-1", "limit=ti"):
        response = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items?{query}", timeout=10)
        assert response.status_code == 400, query
        description = response.json()["description"]
        assert " skal " in description and " must " in description
    assert requests.get(f"{server.url}/ogc/collections/nope", timeout=10).status_code == 404


def test_html_pages_escape_attribute_values(server):
    page = requests.get(f"{server.url}/ogc/collections/erhvervsareal/items?limit=1000&f=html",
                        timeout=10)
    assert page.headers["Content-Type"].startswith("text/html")
    assert "&lt;script&gt;" in page.text and "<script>" not in page.text
    assert HOSTILE_NAME not in page.text
    browser_like = requests.get(f"{server.url}/ogc", headers={"Accept": "text/html"}, timeout=10)
    assert browser_like.text.startswith("<!doctype html>")



def test_qgis_oapif_provider_loads_the_public_sites(server, sample_input):
    probe = Path(__file__).with_name("qgis_oapif_probe.py")
    completed = subprocess.run([sys.executable, str(probe), f"{server.url}/ogc", "erhvervsareal"],
                               capture_output=True, text=True, timeout=120,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert completed.stdout.strip(), completed.stderr[-2000:]
    seen = json.loads(completed.stdout.strip().splitlines()[-1])
    assert seen["valid"], completed.stderr[-2000:]
    assert seen["crs"] == "EPSG:4326" and "synlighed" not in seen["fields"]
    assert len(seen["names"]) == len(public_site_ids(sample_input))
    assert not any(SECRET_MARKER in name for name in seen["names"])


def test_before_the_first_release_the_collections_are_listed_empty_and_qgis_adds_them(tmp_path):
    from loopback import LoopbackServer
    from public_server import public_app

    with LoopbackServer(public_app(tmp_path / "public")) as empty:
        api = Features(f"{empty.url}/ogc")
        assert set(api.feature_collections()) == {"erhvervsareal", "infrastruktur",
                                                  "industripark_kandidat"}
        items = api.collection_items("erhvervsareal")
        assert items["features"] == [] and items["numberMatched"] == 0
        missing = requests.get(f"{empty.url}/ogc/collections/erhvervsareal/items/x", timeout=10)
        assert missing.status_code == 404
        probe = Path(__file__).with_name("qgis_oapif_probe.py")
        for collection in api.feature_collections():
            completed = subprocess.run([sys.executable, str(probe), f"{empty.url}/ogc", collection],
                                       capture_output=True, text=True, timeout=120,
                                       env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            seen = json.loads(completed.stdout.strip().splitlines()[-1])
            assert seen["valid"] and seen["names"] == [], (collection, completed.stderr[-2000:])
