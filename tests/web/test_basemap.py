"""The basemap: the embedded default draws all kommuner as land with names and the sea; a
production vector basemap (a Protomaps PMTiles extract) is drawn with @protomaps/basemaps' layers."""

from __future__ import annotations

import geopandas as gpd
import pytest
from flask import Flask, send_file

from loopback import LoopbackServer
from public_server import public_app
from publisher.outputs import TileTools, current_build
from publisher.outputs.tiles import run_tippecanoe, write_geojson_seq
from sample_release import kommunegraenser
from viewer_page import HVIDOVRE_VIEW, open_viewer, wait_idle


@pytest.fixture(scope="module")
def protomaps_extract(tmp_path_factory, shared_data):
    """A tiny extract in the Protomaps schema: the land ("earth") around Hvidovre."""
    folder = tmp_path_factory.mktemp("protomaps")
    land = kommunegraenser(shared_data, ("0167", "0175", "0101")).to_crs("EPSG:4326")
    earth = gpd.GeoDataFrame(
        {"kind": ["earth"] * len(land)}, geometry=land.geometry.values, crs="EPSG:4326"
    )
    write_geojson_seq(earth, folder / "earth.geojsonl")
    run_tippecanoe(
        TileTools.locate(),
        {"earth": folder / "earth.geojsonl"},
        folder / "denmark.pmtiles",
        ("-Z5", "-z12", "--no-tile-stats"),
        "protomaps test",
    )
    app = Flask("basemap-host")

    @app.get("/denmark.pmtiles")
    def extract():
        response = send_file(folder / "denmark.pmtiles", conditional=True)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    with LoopbackServer(app) as running:
        yield f"{running.url}/denmark.pmtiles"


def test_embedded_basemap_has_land_sea_and_kommune_names(page_csp, server, public_dir):
    open_viewer(page_csp, server, "#map=10.5/55.65/12.45")
    wait_idle(page_csp)
    drawn = page_csp.evaluate("""() => { const map = window.overblikskort.map;
        return { land: map.queryRenderedFeatures({ layers: ['basemap-land'] }).length,
                 names: map.queryRenderedFeatures({ layers: ['kommune-navne'] }).map((f) => f.properties.navn),
                 sea: map.getStyle().layers[0].paint['background-color'] }; }""")
    assert drawn["land"] > 0 and "Hvidovre" in drawn["names"]
    assert drawn["sea"].lower() != "#f3f1ea"


def test_vector_basemap_is_drawn_with_protomaps_layers(browser, public_dir, protomaps_extract):
    app = public_app(
        public_dir,
        basemap_pmtiles_url=protomaps_extract,
        basemap_attribution="© OpenStreetMap contributors, Protomaps",
    )
    with LoopbackServer(app) as running:
        page = browser.new_page(viewport={"width": 1000, "height": 700})
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        open_viewer(page, running, HVIDOVRE_VIEW)
        wait_idle(page)
        state = page.evaluate("""() => { const map = window.overblikskort.map;
            return { earth: map.queryRenderedFeatures({ layers: ['protomaps-earth'] }).length,
                     land: map.getLayoutProperty('basemap-land', 'visibility'),
                     layers: map.getStyle().layers.filter((l) => l.id.startsWith('protomaps-')).length,
                     error: window.overblikskort.lastError ?? null }; }""")
        assert state["error"] is None and state["layers"] > 20 and state["earth"] > 0
        assert state["land"] == "none"
        assert "Protomaps" in page.locator(".maplibregl-ctrl-attrib-inner").text_content()
        assert errors == []
        page.close()
    assert current_build(public_dir) is not None
