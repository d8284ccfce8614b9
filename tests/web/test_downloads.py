"""The open-data downloads as a GIS user opens them: labels beside the codes, code lists and a
README inside, infrastruktur as one table per geometry type; read with GDAL and with real QGIS."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyogrio

from datamodel import CODELISTS
from publisher.outputs import current_build
from qgis_probe import run_probe

INFRASTRUCTURE_TABLES = {
    "infrastruktur_punkt": "MULTIPOINT",
    "infrastruktur_linje": "MULTILINESTRING",
    "infrastruktur_flade": "MULTIPOLYGON",
}


def qgis_sees(path: Path, *layers: str) -> dict:
    return run_probe("qgis_layer_probe.py", str(path), *layers)


def test_infrastructure_is_one_table_per_geometry_type(public_dir):
    path = current_build(public_dir) / "downloads" / "infrastruktur.gpkg"
    with sqlite3.connect(path) as connection:
        types = dict(
            connection.execute("SELECT table_name, geometry_type_name FROM gpkg_geometry_columns")
        )
    assert types == INFRASTRUCTURE_TABLES
    kinds = {table: set(pyogrio.read_dataframe(path, layer=table)["type"]) for table in types}
    assert kinds == {
        "infrastruktur_punkt": {"havn"},
        "infrastruktur_linje": {"el_ledning"},
        "infrastruktur_flade": {"fjernvarme_omraade"},
    }


def test_codes_carry_their_labels_and_the_code_lists_travel_along(public_dir):
    path = current_build(public_dir) / "downloads" / "erhvervsareal.gpkg"
    sites = pyogrio.read_dataframe(path, layer="erhvervsareal")
    labels = {code.value: code.label_da for code in CODELISTS["erhvervsareal_status"].codes}
    assert (sites["status_tekst"] == sites["status"].map(labels)).all()
    assert set(sites.loc[sites["anvendelse_generel"] == 31, "anvendelse_generel_tekst"]) == {
        "Erhvervsområde"
    }
    columns = list(sites.columns)
    assert columns.index("status_tekst") == columns.index("status") + 1
    codes = pyogrio.read_dataframe(path, layer="kodelister")
    ledig = codes[(codes["felt"] == "status") & (codes["kode"] == "ledig")].iloc[0]
    assert (ledig["tekst_da"], ledig["tekst_en"]) == ("Ledig", "Available")
    assert set(codes["felt"]) >= {
        "status",
        "anvendelse_generel",
        "miljoeklasse_max",
        "zonestatus",
        "ejer",
    }
    geojson = json.loads(
        (current_build(public_dir) / "downloads" / "erhvervsareal.geojson").read_text()
    )
    properties = geojson["features"][0]["properties"]
    assert properties["status_tekst"] == labels[properties["status"]]


def test_each_download_says_what_it_is_where_it_comes_from_and_its_licence(public_dir):
    downloads = current_build(public_dir) / "downloads"
    for layer in ("erhvervsareal", "infrastruktur", "industripark_kandidat"):
        texts = pyogrio.read_dataframe(downloads / f"{layer}.gpkg", layer="readme")
        danish = texts.set_index("sprog")["tekst"]["da"]
        english = texts.set_index("sprog")["tekst"]["en"]
        assert "Licens:" in danish and "Kilde:" in danish and "Licence:" in english
        assert "kodelister" in danish and "_tekst" in english
        geojson = json.loads((downloads / f"{layer}.geojson").read_text())
        assert geojson["name"] == layer and "Licens:" in geojson["description"]
    with sqlite3.connect(downloads / "infrastruktur.gpkg") as connection:
        descriptions = [
            row[0]
            for row in connection.execute(
                "SELECT description FROM gpkg_contents WHERE data_type = 'features'"
            )
        ]
    assert len(descriptions) == 3 and all(
        d.startswith("Infrastruktur – åbne data") for d in descriptions
    )


def test_qgis_opens_the_downloads_with_labels_and_proper_geometry_types(public_dir):
    downloads = current_build(public_dir) / "downloads"
    infrastructure = qgis_sees(downloads / "infrastruktur.gpkg", *INFRASTRUCTURE_TABLES)
    assert {name: seen["geometry"] for name, seen in infrastructure.items()} == {
        "infrastruktur_punkt": "MultiPoint",
        "infrastruktur_linje": "MultiLineString",
        "infrastruktur_flade": "MultiPolygon",
    }
    assert all(seen["valid"] and seen["crs"] == "EPSG:25832" for seen in infrastructure.values())
    assert {row["type_tekst"] for row in infrastructure["infrastruktur_linje"]["rows"]} == {
        "Elledning"
    }

    sites = qgis_sees(downloads / "erhvervsareal.gpkg", "erhvervsareal", "kodelister", "readme")
    assert sites["erhvervsareal"]["geometry"] == "MultiPolygon"
    assert sites["erhvervsareal"]["count"] == 2 * 13
    assert {row["status_tekst"] for row in sites["erhvervsareal"]["rows"]} >= {
        "Ledig",
        "Reserveret",
    }
    assert sites["kodelister"]["valid"] and sites["kodelister"]["geometry"] == "NoGeometry"
    assert any("Licens:" in row["tekst"] for row in sites["readme"]["rows"])

    geojson = qgis_sees(downloads / "erhvervsareal.geojson")[""]
    assert (
        geojson["valid"] and geojson["crs"] == "EPSG:4326" and "status_tekst" in geojson["fields"]
    )
