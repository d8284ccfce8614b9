"""`python -m publisher validate` as a planner or a script runs it: a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.cases import site

from datamodel.rules import RULESET_VERSION

REPO = Path(__file__).resolve().parents[2]
KOMMUNER = Path("kommuner_dagi_neogeografen") / "geojson" / "kommuner.geojson"


def publisher(data_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_sites(path: Path, *features: dict, layer: str = "erhvervsareal") -> Path:
    rows = [{key: value for key, value in feature.items() if key != "wkt"} for feature in features]
    frame = gpd.GeoDataFrame(
        rows, geometry=[shapely.from_wkt(f["wkt"]) for f in features], crs="EPSG:25832"
    )
    frame.to_file(path, layer=layer, engine="pyogrio")
    return path


@pytest.fixture()
def gpkg(tmp_path) -> Path:
    return write_sites(tmp_path / "indsendelse.gpkg", site(1), site(2))


def _assert_clean_failure(completed: subprocess.CompletedProcess, words: str):
    assert completed.returncode == 2, completed.stderr
    assert words in completed.stderr
    assert "Traceback" not in completed.stderr and completed.stdout == ""


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("tom.gpkg", b"", "Filen tom.gpkg er tom."),
        ("stoej.gpkg", os.urandom(2048), "er hverken en GeoPackage eller GeoJSON"),
    ],
)
def test_bad_bytes_exit_2_with_a_clear_message(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    _assert_clean_failure(
        publisher(tmp_path / "var", "validate", str(path), "--kommune", "0167"), words
    )


def test_truncated_geopackage_exits_2(tmp_path, gpkg):
    truncated = tmp_path / "afbrudt.gpkg"
    truncated.write_bytes(gpkg.read_bytes()[:16384])
    _assert_clean_failure(
        publisher(tmp_path / "var", "validate", str(truncated), "--kommune", "0167"),
        "afbrudt.gpkg kan ikke",
    )


def test_geopackage_without_known_layer_exits_2_in_english_too(tmp_path):
    path = write_sites(tmp_path / "lag.gpkg", site(1), layer="arealer")
    completed = publisher(
        tmp_path / "var", "validate", str(path), "--kommune", "0167", "--lang", "en"
    )
    _assert_clean_failure(completed, "has no layer of the data model (found: arealer)")


def test_missing_file_and_bad_kommune_exit_2(tmp_path, gpkg):
    _assert_clean_failure(
        publisher(tmp_path, "validate", str(tmp_path / "findes_ikke.gpkg"), "--kommune", "0167"),
        "Filen findes ikke",
    )
    _assert_clean_failure(
        publisher(tmp_path, "validate", str(gpkg), "--kommune", "Hvidovre"), "fire cifre"
    )


def test_text_report_without_references(tmp_path, gpkg):
    completed = publisher(tmp_path / "var", "validate", str(gpkg), "--kommune", "0167")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    out = completed.stdout
    assert "Valideringsrapport — Kommune 0167" in out
    assert f"Regelsæt {RULESET_VERSION}" in out and "erhvervsareal 2" in out
    assert "S02 INFO · lag erhvervsareal" in out
    assert "ingen referencelag (kommunegraenser) er indlæst" in out
    assert "Opsummering: blokerende 0, advarsel 0, info 4" in out
    assert not (tmp_path / "var").exists(), "validating must not create a store"


def test_blocking_findings_exit_1_and_json_follows_the_contract(tmp_path):
    path = write_sites(
        tmp_path / "fejl.gpkg",
        site(1, status="solgt"),
        site(2, objekt_id="areal-2", navn="Vej ved MÃ¥rvej"),
    )
    completed = publisher(
        tmp_path / "var", "validate", str(path), "--kommune", "0167", "--format", "json"
    )
    assert completed.returncode == 1, completed.stderr
    report = json.loads(completed.stdout)
    assert report["ruleset_version"] == RULESET_VERSION and report["kommune"] == "0167"
    assert report["blocking"] is True
    assert report["summary"] == {"blokerende": 2, "advarsel": 1, "info": 4}
    by_rule = {finding["rule"]: finding for finding in report["findings"]}
    assert by_rule["A03"]["objekt_id"] == site(1)["objekt_id"]
    assert by_rule["A03"]["feature"] == 1 and by_rule["A03"]["field"] == "status"
    assert by_rule["A08"]["objekt_id"] == "areal-2" and by_rule["A08"]["feature"] == 2
    assert by_rule["A15"]["message_en"].endswith("did you mean 'Vej ved Mårvej'?")
    assert set(by_rule["A03"]) == {
        "rule",
        "severity",
        "layer",
        "objekt_id",
        "feature",
        "field",
        "message_da",
        "message_en",
        "fix_da",
        "fix_en",
        "fixed",
    }


def test_references_imported_into_the_store_are_used(tmp_path, shared_data):
    data_dir = tmp_path / "var"
    imported = publisher(
        data_dir, "references", "import", "kommunegraenser", str(shared_data / KOMMUNER)
    )
    assert imported.returncode == 0, imported.stderr
    inside_hvidovre = site(
        1,
        wkt="POLYGON ((720000 6168000, 720100 6168000, 720100 6168100, "
        "720000 6168100, 720000 6168000))",
    )
    path = write_sites(tmp_path / "hvidovre.gpkg", inside_hvidovre)
    own = publisher(data_dir, "validate", str(path), "--kommune", "0167", "--format", "json")
    assert own.returncode == 0, own.stdout + own.stderr
    rules = [finding["rule"] for finding in json.loads(own.stdout)["findings"]]
    assert "G08" not in rules and rules.count("S02") == 3  # natur and lokalplaner not loaded
    other = publisher(data_dir, "validate", str(path), "--kommune", "0101", "--lang", "en")
    assert other.returncode == 1
    assert "Summary: blocking 2, warning 0, info 3" in other.stdout  # G08 and A16
    assert (
        "G08 BLOCKING" in other.stdout
        and "Only 0 % of the object lies in municipality 0101" in other.stdout
    )


def test_layer_of_points_is_readable_but_blocked(tmp_path):
    path = write_sites(tmp_path / "punkter.gpkg", site(1, wkt="POINT (720050 6168050)"))
    completed = publisher(tmp_path / "var", "validate", str(path), "--kommune", "0167")
    assert completed.returncode == 1, completed.stderr
    assert "G04 BLOKERENDE · lag erhvervsareal" in completed.stdout
    assert (
        "Geometritypen Point er ikke tilladt i laget; tilladt er MultiPolygon, Polygon."
        in completed.stdout
    )
