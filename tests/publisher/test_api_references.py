"""ERST's reference layers over HTTP: listed with sources, dates, counts and versions, and served
as GeoPackage or GeoJSON, whole objects meeting a kommune (with a buffer) or a bbox."""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import requests
import shapely

from publisher.references import import_reference_file, reference_frame

HVIDOVRE_DATA = Path("hofor_tgvwebgis") / "hvidovre" / "GeoJSON-data"


@pytest.fixture
def loaded(server, shared_data):
    """The real Hvidovre lokalplaner and §3 nature beside the kommunegrænser of the template."""
    import_reference_file(
        server.store, "lokalplaner", shared_data / HVIDOVRE_DATA / "Hvidovre_lokalplaner.geojson"
    )
    import_reference_file(
        server.store,
        "natur",
        shared_data / HVIDOVRE_DATA / "Hvidovre_bekyttedenaturtyperparagraf3.geojson",
    )
    return server


def _gpkg(response) -> gpd.GeoDataFrame:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/geopackage+sqlite3"
    return pyogrio.read_dataframe(io.BytesIO(response.content))


def test_the_listing_names_every_loaded_kind_with_sources_dates_counts_and_version(loaded):
    listing = loaded.get("/references", "indsender_hvidovre").json()["references"]
    by_kind = {entry["kind"]: entry for entry in listing}
    assert set(by_kind) == {"kommunegraenser", "natur", "lokalplaner"}
    plans = by_kind["lokalplaner"]
    assert plans["feature_count"] == 183 and plans["crs"] == "EPSG:25832"
    assert [source["file_name"] for source in plans["sources"]] == ["Hvidovre_lokalplaner.geojson"]
    assert plans["imported_at"][:2] == "20" and len(plans["version"]) == 16
    assert plans["href"].endswith("/api/v1/references/lokalplaner")
    assert by_kind["kommunegraenser"]["feature_count"] == 99


def test_a_kind_clipped_to_the_kommune_holds_whole_objects_as_the_validator_reads_them(
    loaded, kommune_shapes
):
    everything = reference_frame(loaded.store, "lokalplaner")
    response = loaded.get("/references/lokalplaner?kommune=0167", "indsender_koebenhavn")
    served = _gpkg(response)
    hvidovre = kommune_shapes["0167"]
    expected = everything[everything.intersects(hvidovre)]
    assert 0 < len(served) == len(expected) < len(everything)
    assert response.headers["X-Feature-Count"] == str(len(served))
    assert served.crs.to_epsg() == 25832
    assert {"planid", "anvgen", "status", "plannavn"} <= set(served.columns)
    by_id = dict(zip(expected["planid"], expected.geometry))
    for planid, geometry in zip(served["planid"], served.geometry):
        assert shapely.equals_exact(
            shapely.normalize(geometry),
            shapely.normalize(shapely.MultiPolygon(shapely.get_parts(by_id[planid]))),
            tolerance=0,
        )
    wider = _gpkg(loaded.get("/references/lokalplaner?kommune=0167&buffer=3000", "godkender"))
    assert len(wider) > len(served)


def test_bbox_and_geojson(loaded):
    # A box on Avedøre Holme (EPSG:25832).
    box = "717000,6168500,719500,6171500"
    response = loaded.get(f"/references/natur?bbox={box}&format=geojson", "admin")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/geo+json"
    frame = gpd.read_file(io.BytesIO(response.content))
    assert frame.crs.equals("OGC:CRS84") and len(frame) > 0
    assert (frame.to_crs(25832).intersects(shapely.box(717000, 6168500, 719500, 6171500))).all()
    assert set(frame["natur_type"]) == {"paragraf3"}
    lon, lat = frame.geometry.iloc[0].representative_point().coords[0]
    assert 12.3 < lon < 12.6 and 55.5 < lat < 55.7


def test_the_version_changes_with_an_import_and_an_unchanged_one_answers_304(loaded, shared_data):
    before = {
        entry["kind"]: entry["version"]
        for entry in loaded.get("/references", "godkender").json()["references"]
    }
    first = loaded.get("/references/lokalplaner?kommune=0167", "godkender")
    version = first.headers["X-Reference-Version"]
    conditional = {
        "Authorization": f"Bearer {loaded.tokens['godkender']}",
        "If-None-Match": first.headers["ETag"],
    }
    again = requests.get(
        loaded.api("/references/lokalplaner?kommune=0167"), headers=conditional, timeout=60
    )
    assert again.status_code == 304 and not again.content
    import_reference_file(
        loaded.store, "lokalplaner", shared_data / HVIDOVRE_DATA / "Hvidovre_lokalplaner.geojson"
    )
    listing = {
        entry["kind"]: entry
        for entry in loaded.get("/references", "godkender").json()["references"]
    }
    assert listing["lokalplaner"]["version"] != version
    assert listing["natur"]["version"] == before["natur"]
    assert before["lokalplaner"] == version
    changed = requests.get(
        loaded.api("/references/lokalplaner?kommune=0167"), headers=conditional, timeout=60
    )
    assert changed.status_code == 200
    assert changed.headers["X-Reference-Version"] == listing["lokalplaner"]["version"]


@pytest.mark.parametrize(
    "query, danish",
    [
        ("format=shp", "format skal være"),
        ("bbox=1,2,3", "bbox skal være"),
        ("bbox=12.4,55.6,12.5,55.7", "ligger ikke i Danmark"),
        ("kommune=167", "fire cifre"),
        ("kommune=0167&buffer=-5", "buffer skal være"),
        ("buffer=100", "buffer kræver kommune"),
        ("kommune=9999", "findes ikke i de indlæste kommunegrænser"),
    ],
)
def test_bad_parameters_get_a_clear_400(loaded, query, danish):
    answer = loaded.get(f"/references/lokalplaner?{query}", "indsender_hvidovre")
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert danish in error["message_da"] and error["message_en"]


def test_a_kind_that_is_not_loaded_is_404(loaded):
    answer = loaded.get("/references/fjernvarme", "indsender_hvidovre")
    assert answer.status_code == 404
    assert "fjernvarme" in answer.json()["error"]["message_da"]
