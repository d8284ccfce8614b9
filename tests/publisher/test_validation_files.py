"""Files a municipality might really send: wrong, damaged, several layers, GeoJSON naming."""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.cases import TODAY, site
from conformance.shapely_files import case_references

from datamodel.findings import Severity
from publisher.template import write_template
from publisher.validation import UnreadableSubmission, validate_file


def sites_frame(*features: dict) -> gpd.GeoDataFrame:
    rows = [{key: value for key, value in feature.items() if key != "wkt"} for feature in features]
    return gpd.GeoDataFrame(
        rows, geometry=[shapely.from_wkt(f["wkt"]) for f in features], crs="EPSG:25832"
    )


@pytest.fixture()
def good_gpkg(tmp_path) -> Path:
    path = tmp_path / "indsendelse.gpkg"
    sites_frame(site(1), site(2)).to_file(path, layer="erhvervsareal", engine="pyogrio")
    return path


def _unreadable(path: Path) -> UnreadableSubmission:
    with pytest.raises(UnreadableSubmission) as caught:
        validate_file(path, "0167")
    return caught.value


def test_empty_file_is_unreadable(tmp_path):
    path = tmp_path / "tom.gpkg"
    path.write_bytes(b"")
    error = _unreadable(path)
    assert error.message_da == "Filen tom.gpkg er tom."
    assert error.message_en == "The file tom.gpkg is empty."


def test_random_bytes_are_unreadable(tmp_path):
    path = tmp_path / "stoej.gpkg"
    path.write_bytes(os.urandom(4096))
    error = _unreadable(path)
    assert "hverken en GeoPackage eller GeoJSON" in error.message_da
    assert "neither a GeoPackage nor GeoJSON" in error.message_en


def test_truncated_geopackage_is_unreadable(good_gpkg, tmp_path):
    truncated = tmp_path / "afbrudt.gpkg"
    truncated.write_bytes(good_gpkg.read_bytes()[:20000])
    error = _unreadable(truncated)
    assert "afbrudt.gpkg" in error.message_da and "afbrudt.gpkg" in error.message_en


def test_geopackage_without_a_known_layer_is_unreadable_and_names_what_it_found(tmp_path):
    path = tmp_path / "forkert_lag.gpkg"
    sites_frame(site(1)).to_file(path, layer="arealer", engine="pyogrio")
    error = _unreadable(path)
    assert "fandt: arealer" in error.message_da
    assert "erhvervsareal, infrastruktur eller industripark_kandidat" in error.message_da


def test_text_file_is_not_a_vector_file(tmp_path):
    path = tmp_path / "noter.gpkg"
    path.write_text("objekt_id;navn\n1;Vojensvej\n", encoding="utf-8")
    assert "hverken" in _unreadable(path).message_da


def test_geopackage_without_feature_tables_cannot_be_opened(tmp_path):
    path = tmp_path / "raster.gpkg"
    sites_frame(site(1)).to_file(path, layer="erhvervsareal", engine="pyogrio")
    with sqlite3.connect(path) as connection:  # leave a GeoPackage without feature tables
        connection.execute("DELETE FROM gpkg_contents")
        connection.execute("DELETE FROM gpkg_geometry_columns")
        connection.execute("DROP TABLE erhvervsareal")
    error = _unreadable(path)
    assert error.message_da.startswith("Filen raster.gpkg kan ikke åbnes som GeoPackage")
    assert error.message_en.startswith("The file raster.gpkg cannot be opened as GeoPackage")
    assert "/" not in error.message_da


def test_layer_of_the_wrong_geometry_type_is_a_blocking_finding_not_unreadable(tmp_path):
    path = tmp_path / "punkter.gpkg"
    points = [site(1, wkt="POINT (701150 6161150)"), site(2, wkt="POINT (701350 6161150)")]
    sites_frame(*points).to_file(path, layer="erhvervsareal", engine="pyogrio")
    report = validate_file(path, "0167", case_references(), today=TODAY).report
    wrong_type = [f for f in report.findings if f.rule == "G04"]
    assert [f.feature for f in wrong_type] == [1, 2]
    assert all(f.severity is Severity.BLOKERENDE for f in wrong_type)
    assert "Point" in wrong_type[0].message_da and "MultiPolygon" in wrong_type[0].message_da
    assert report.blocking


def test_unknown_layer_beside_known_ones_is_reported_and_the_rest_validated(good_gpkg):
    sites_frame(site(3)).to_file(good_gpkg, layer="mine_noter", engine="pyogrio", append=False)
    result = validate_file(good_gpkg, "0167", case_references(), today=TODAY)
    assert [(f.rule, f.message_da) for f in result.report.findings] == [
        ("S03", "Laget mine_noter findes ikke i datamodellen og blev ikke læst.")
    ]
    assert result.report.feature_counts == {"erhvervsareal": 2}
    assert set(result.layers) == {"erhvervsareal"}


def test_geojson_layer_is_named_by_its_file_or_assumed_to_be_erhvervsareal(tmp_path):
    frame = sites_frame(site(1))
    named = tmp_path / "erhvervsareal.geojson"
    frame.to_file(named, driver="GeoJSON", engine="pyogrio")
    report = validate_file(named, "0167", case_references(), today=TODAY).report
    assert report.findings == [] and report.feature_counts == {"erhvervsareal": 1}
    anonymous = tmp_path / "eksport_2026.geojson"
    frame.to_file(anonymous, driver="GeoJSON", engine="pyogrio")
    report = validate_file(anonymous, "0167", case_references(), today=TODAY).report
    assert [(f.rule, f.layer) for f in report.findings] == [("S04", "erhvervsareal")]
    assert "eksport_2026" in report.findings[0].message_da


def test_normalised_layers_are_repaired_in_25832_with_derived_area(tmp_path):
    bowtie = (
        "POLYGON ((701100 6161100, 701200 6161200, 701200 6161100, 701100 6161200, 701100 6161100))"
    )
    path = tmp_path / "reparer.gpkg"
    sites_frame(site(1), site(2, wkt=bowtie, ledigt_areal_m2=None)).to_file(
        path, layer="erhvervsareal", engine="pyogrio"
    )
    result = validate_file(path, "0167", case_references(), today=TODAY)
    frame = result.layers["erhvervsareal"]
    assert frame.crs.to_epsg() == 25832
    assert frame.geometry.is_valid.all()
    assert frame["areal_m2"].tolist() == pytest.approx([10000.0, 5000.0])
    assert frame["objekt_id"].tolist() == [site(1)["objekt_id"], site(2)["objekt_id"]]
    repaired = [f for f in result.report.findings if f.rule == "G02"]
    assert len(repaired) == 1 and repaired[0].fixed and repaired[0].feature == 2


def test_kommune_must_be_four_digits(good_gpkg):
    with pytest.raises(ValueError, match="fire cifre"):
        validate_file(good_gpkg, "Hvidovre")
    assert validate_file(good_gpkg, "167", today=TODAY).report.kommune == "0167"


def test_layer_names_are_matched_without_regard_to_case(tmp_path):
    path = tmp_path / "store_bogstaver.gpkg"
    sites_frame(site(1)).to_file(path, layer="Erhvervsareal", engine="pyogrio")
    result = validate_file(path, "0167", case_references(), today=TODAY)
    assert result.report.findings == [] and set(result.layers) == {"erhvervsareal"}


def test_empty_layers_of_a_workspace_export_are_counted_and_not_checked(tmp_path):
    path = write_template(tmp_path / "arbejdsfil.gpkg")
    sites_frame(site(1)).to_file(path, layer="erhvervsareal", engine="pyogrio", mode="a")
    result = validate_file(path, "0167", case_references(), today=TODAY)
    assert result.report.findings == []
    assert result.report.feature_counts == {
        "erhvervsareal": 1,
        "infrastruktur": 0,
        "industripark_kandidat": 0,
    }
