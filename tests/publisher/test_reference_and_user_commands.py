"""`python -m publisher references ...` and `users ...` as a user runs them, on both backends."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from publisher.auth import authenticate
from publisher.references import load_references
from publisher.store import Store
from publisher.store.reference_layers import reference_imports

REPO = Path(__file__).resolve().parents[2]
HOFOR = Path("hofor_tgvwebgis")


def run(settings, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env.pop("OVERBLIKSKORT_DATABASE_URL", None)
    if settings.database_url:
        env["OVERBLIKSKORT_DATABASE_URL"] = settings.database_url
    return subprocess.run(
        [sys.executable, "-m", "publisher", "--data-dir", str(settings.data_dir), *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _imports(settings) -> dict:
    return {
        (i.kind, i.source): i.feature_count
        for i in reference_imports(Store.open(settings.database))
    }


def test_kommunegraenser_import_dissolves_parts_and_replaces_on_reimport(settings, kommuner_file):
    first = run(settings, "references", "import", "kommunegraenser", kommuner_file)
    assert first.returncode == 0, first.stderr
    assert "99 objekter" in first.stdout and "0167" in first.stdout
    assert "bbox (EPSG:25832)" in first.stdout
    again = run(settings, "references", "import", "kommunegraenser", kommuner_file)
    assert again.returncode == 0, again.stderr
    assert _imports(settings) == {("kommunegraenser", "kommuner.geojson"): 99}
    references = load_references(Store.open(settings.database))
    kommuner = references.kommunegraenser
    assert kommuner.crs.to_epsg() == 25832 and len(kommuner) == 99
    assert kommuner["kommunekode"].is_unique
    assert not shapely.has_z(kommuner.geometry.values).any()
    assert kommuner.geometry.is_valid.all()
    hvidovre = kommuner.set_index("kommunekode").loc["0167"]
    assert hvidovre["navn"] == "Hvidovre" and hvidovre.geometry.geom_type == "MultiPolygon"


def test_natur_and_lokalplaner_import_with_kinds_and_sources(settings, shared_data):
    hvidovre = shared_data / HOFOR / "hvidovre" / "GeoJSON-data"
    paragraf3 = run(
        settings,
        "references",
        "import",
        "natur",
        hvidovre / "Hvidovre_bekyttedenaturtyperparagraf3.geojson",
    )
    assert paragraf3.returncode == 0, paragraf3.stderr
    kommuner_line = next(line for line in paragraf3.stdout.splitlines() if "kommuner:" in line)
    assert "0167" in kommuner_line  # found against the stored kommunegrænser
    natura = run(
        settings,
        "references",
        "import",
        "natur",
        hvidovre / "Habitat_omraader.geojson",
        "--kind",
        "natura2000",
    )
    assert natura.returncode == 0, natura.stderr
    plans = run(
        settings, "references", "import", "lokalplaner", hvidovre / "Hvidovre_lokalplaner.geojson"
    )
    assert plans.returncode == 0 and "183 objekter" in plans.stdout, plans.stderr
    references = load_references(Store.open(settings.database))
    assert sorted(references.natur["kind"].unique()) == ["natura2000", "paragraf3"]
    assert (references.natur["kind"] == "paragraf3").sum() == 83
    assert {"planid", "anvgen", "status", "plannavn"} <= set(references.lokalplaner.columns)
    assert (references.lokalplaner["anvgen"].astype(str) == "31").any()
    listed = run(settings, "references", "list")
    assert "lokalplaner" in listed.stdout and "natura2000" in listed.stdout


def test_load_references_by_data_dir_for_the_validate_command(settings, monkeypatch):
    """`validate` calls load_references(args.data_dir); PostGIS is found through the environment."""
    monkeypatch.delenv("OVERBLIKSKORT_DATABASE_URL", raising=False)
    if settings.database_url:
        monkeypatch.setenv("OVERBLIKSKORT_DATABASE_URL", settings.database_url)
    references = load_references(settings.data_dir)
    assert references is not None and len(references.kommunegraenser) == 99


def test_empty_data_dir_has_no_references_and_gets_no_store(tmp_path):
    assert load_references(tmp_path / "tom") is None
    assert not (tmp_path / "tom").exists()


@pytest.mark.parametrize("content", [b"", os.urandom(300), b'{"type": "FeatureCollection"'])
def test_unreadable_reference_file_exits_2_and_changes_nothing(settings, tmp_path, content):
    before = _imports(settings)
    broken = tmp_path / "broken.geojson"
    broken.write_bytes(content)
    answer = run(settings, "references", "import", "kommunegraenser", broken)
    assert answer.returncode == 2
    assert "fejl:" in answer.stderr and "error:" in answer.stderr
    assert "Traceback" not in answer.stderr
    assert _imports(settings) == before


def test_field_map_and_missing_fields(settings, tmp_path):
    frame = gpd.GeoDataFrame(
        {"KODE": ["0999"], "BY": ["Testby"]},
        geometry=[shapely.box(700000, 6100000, 701000, 6101000)],
        crs=25832,
    )
    path = tmp_path / "graenser.gpkg"
    frame.to_file(path)
    missing = run(settings, "references", "import", "kommunegraenser", path)
    assert missing.returncode == 2 and "kommunekode" in missing.stderr
    mapped = run(
        settings,
        "references",
        "import",
        "kommunegraenser",
        path,
        "--field-map",
        "KODE=kommunekode",
        "BY=navn",
    )
    assert mapped.returncode == 0, mapped.stderr
    assert "0999" in mapped.stdout
    assert _imports(settings) == {("kommunegraenser", "graenser.gpkg"): 1}


def test_users_add_list_revoke(settings):
    added = run(settings, "users", "add", "planlaegger", "--role", "indsender", "--kommune", "0167")
    assert added.returncode == 0, added.stderr
    token = added.stdout.strip()
    assert len(token) >= 40 and "kun denne ene gang" in added.stderr
    store = Store.open(settings.database)
    assert authenticate(store, f"Bearer {token}").kommunekode == "0167"
    with store.transaction() as tx:
        stored = tx.one("SELECT token_hash FROM users WHERE name = 'planlaegger'")[0]
    assert token not in stored and len(stored) == 64
    listed = run(settings, "users", "list")
    assert "planlaegger" in listed.stdout and token not in listed.stdout
    assert run(settings, "users", "add", "x", "--role", "indsender").returncode == 2
    assert run(settings, "users", "add", "planlaegger", "--role", "admin").returncode == 2
    revoked = run(settings, "users", "revoke", "planlaegger")
    assert revoked.returncode == 0, revoked.stderr
    assert authenticate(store, f"Bearer {token}") is None
    assert run(settings, "users", "revoke", "planlaegger").returncode == 2
