"""`python -m publisher template` and `docs`: what a municipality starts from."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from datetime import date
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from datamodel import LAYERS

REPO = Path(__file__).resolve().parents[2]
OGR_TYPES = {
    "text": "OFTString",
    "uuid": "OFTString",
    "integer": "OFTInteger",
    "real": "OFTReal",
    "boolean": "OFTInteger",
    "date": "OFTDate",
}


def publisher(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "publisher", *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_template_has_every_layer_field_type_and_the_crs(tmp_path):
    path = tmp_path / "skabelon.gpkg"
    completed = publisher("template", str(path))
    assert completed.returncode == 0, completed.stderr
    listed = {str(name): str(kind) for name, kind in pyogrio.list_layers(path)}
    assert listed == {
        "erhvervsareal": "MultiPolygon",
        "infrastruktur": "Unknown",
        "industripark_kandidat": "MultiPolygon",
    }
    for layer in LAYERS.values():
        info = pyogrio.read_info(path, layer=layer.name)
        assert info["crs"] == "EPSG:25832" and info["features"] == 0
        assert list(info["fields"]) == list(layer.field_names)
        expected = [OGR_TYPES[field.type.value] for field in layer.fields]
        assert info["ogr_types"] == expected
        booleans = [field.name for field in layer.fields if field.type.value == "boolean"]
        subtypes = dict(zip(info["fields"], info["ogr_subtypes"]))
        assert all(subtypes[name] == "OFSTBoolean" for name in booleans)
    with sqlite3.connect(path) as connection:
        title, description = connection.execute(
            "SELECT title, description FROM gpkg_data_columns WHERE table_name = 'erhvervsareal' "
            "AND column_name = 'status'"
        ).fetchone()
    assert title == "Status" and "erhvervsareal_status" in description


def test_filled_in_template_validates_without_findings(tmp_path):
    path = tmp_path / "skabelon.gpkg"
    assert publisher("template", str(path)).returncode == 0
    site = gpd.GeoDataFrame(
        {
            "objekt_id": [str(uuid.uuid4())],
            "kommunekode": ["0167"],
            "navn": ["Vojensvej"],
            "status": ["ledig"],
            "anvendelse_generel": [31],
            "sidst_bekraeftet": [date.today()],
            "synlighed": ["offentlig"],
        },
        geometry=[shapely.MultiPolygon([shapely.box(720000, 6168000, 720100, 6168100)])],
        crs="EPSG:25832",
    )
    site.to_file(path, layer="erhvervsareal", engine="pyogrio", append=True)
    completed = publisher(
        "--data-dir",
        str(tmp_path / "var"),
        "validate",
        str(path),
        "--kommune",
        "0167",
        "--format",
        "json",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert '"blokerende": 0' in completed.stdout and '"advarsel": 0' in completed.stdout


def test_docs_command_writes_the_committed_document(tmp_path):
    out = tmp_path / "datamodel.md"
    completed = publisher("docs", str(out))
    assert completed.returncode == 0, completed.stderr
    assert out.read_text(encoding="utf-8") == (REPO / "docs" / "datamodel.md").read_text(
        encoding="utf-8"
    )
