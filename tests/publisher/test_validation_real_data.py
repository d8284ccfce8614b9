"""Real Danish data: Plandata lokalplaner for erhverv in Hvidovre as a submission, validated
against the real DAGI kommunegrænser, MiljøGIS nature and Plandata lokalplaner."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from datamodel import CODELISTS
from datamodel.findings import Severity
from publisher.validation import References, validate_file

HVIDOVRE = Path("hofor_tgvwebgis") / "hvidovre" / "GeoJSON-data"
HERLEV_PLANS = Path("hofor_tgvwebgis") / "herlev" / "GeoJSON-data" / "Herlev_lokalplaner.geojson"
TODAY = date(2026, 11, 26)


def _number_or_none(value):
    return None if pd.isna(value) else value


def _code_or_none(value, codelist: str):
    if pd.isna(value):
        return None
    return int(value) if str(int(value)) in CODELISTS[codelist].values else None


@pytest.fixture(scope="module")
def references(shared_data) -> References:
    return References.from_files(
        kommunegraenser=shared_data / "kommuner_dagi_neogeografen" / "geojson" / "kommuner.geojson",
        natura2000=[shared_data / HVIDOVRE / "Habitat_omraader.geojson"],
        paragraf3=[shared_data / HVIDOVRE / "Hvidovre_bekyttedenaturtyperparagraf3.geojson"],
        fredning=[shared_data / HVIDOVRE / "Fredede_omraader.geojson"],
        lokalplaner=[shared_data / HVIDOVRE / "Hvidovre_lokalplaner.geojson"],
    )


@pytest.fixture(scope="module")
def hvidovre_sites(shared_data) -> gpd.GeoDataFrame:
    """The lokalplaner for erhverv (anvgen 31) of Hvidovre (komnr 167) as erhvervsarealer."""
    plans = gpd.read_file(shared_data / HVIDOVRE / "Hvidovre_lokalplaner.geojson")
    plans = plans[(plans["anvgen"] == 31) & (plans["komnr"] == 167)].reset_index(drop=True)
    assert len(plans) >= 5
    return gpd.GeoDataFrame(
        {
            "objekt_id": [
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"plandata:{planid}"))
                for planid in plans["planid"]
            ],
            "kommunekode": "0167",
            "navn": plans["plannavn"],
            "status": "ledig",
            "anvendelse_generel": plans["anvgen"].astype(int),
            "anvendelse_specifik": pd.array(
                [_code_or_none(value, "anvendelse_specifik") for value in plans["anvspec1"]],
                dtype="Int32",
            ),
            "zonestatus": pd.array(
                [_code_or_none(value, "zonestatus") for value in plans["zone"]], dtype="Int32"
            ),
            "max_bebyggelsesprocent": [_number_or_none(value) for value in plans["bebygpct"]],
            "lokalplan_id": plans["planid"].astype(str),
            "sidst_bekraeftet": pd.Timestamp(TODAY),
            "synlighed": "offentlig",
        },
        geometry=plans.geometry.values,
        crs=plans.crs,
    )


def _validate(frame: gpd.GeoDataFrame, path: Path, kommune: str, references, **options):
    frame.to_file(path, layer="erhvervsareal", engine="pyogrio", **options)
    return validate_file(path, kommune, references, today=TODAY)


def test_real_hvidovre_business_plans_have_no_blocking_finding(
    hvidovre_sites, references, tmp_path
):
    result = _validate(hvidovre_sites, tmp_path / "hvidovre.gpkg", "0167", references)
    report = result.report
    blocking = [f for f in report.findings if f.severity is Severity.BLOKERENDE]
    assert blocking == [], report.to_json()
    assert report.feature_counts == {"erhvervsareal": len(hvidovre_sites)}
    assert not [f for f in report.findings if f.rule in ("S01", "S02")]
    areas = result.layers["erhvervsareal"]["areal_m2"]
    assert (areas > 1000).all()
    assert areas.tolist() == pytest.approx(hvidovre_sites.geometry.area.tolist())


def test_same_sites_declared_as_another_kommune_are_blocked_by_the_boundary(
    hvidovre_sites, references, tmp_path
):
    as_koebenhavn = hvidovre_sites.assign(kommunekode="0101")
    report = _validate(as_koebenhavn, tmp_path / "koebenhavn.gpkg", "0101", references).report
    assert report.blocking
    boundary = {f.feature for f in report.findings if f.rule == "G08"}
    assert boundary == set(range(1, len(hvidovre_sites) + 1))
    assert not [f for f in report.findings if f.rule == "A16"]


def test_same_sites_in_wgs84_geojson_are_reprojected_with_a_warning(
    hvidovre_sites, references, tmp_path
):
    in_wgs84 = hvidovre_sites.to_crs("EPSG:4326")
    result = _validate(
        in_wgs84, tmp_path / "erhvervsareal.geojson", "0167", references, driver="GeoJSON"
    )
    report = result.report
    crs_findings = [f for f in report.findings if f.rule == "G05"]
    assert len(crs_findings) == 1
    assert crs_findings[0].severity is Severity.ADVARSEL and crs_findings[0].fixed
    assert "WGS84" in crs_findings[0].message_da
    assert not report.blocking, report.to_json()
    areas = result.layers["erhvervsareal"].geometry.area
    assert areas.tolist() == pytest.approx(hvidovre_sites.geometry.area.tolist(), rel=1e-4)


def test_damaged_encoding_from_real_herlev_plans_is_flagged_with_the_repair(
    hvidovre_sites, references, shared_data, tmp_path
):
    herlev = gpd.read_file(shared_data / HERLEV_PLANS)
    damaged = next(
        text for text in herlev["sforhold"].dropna() if "mÃ¥" in text and len(text) <= 120
    )
    sites = hvidovre_sites.copy()
    sites.loc[0, "navn"] = damaged
    report = _validate(sites, tmp_path / "herlev.gpkg", "0167", references).report
    flagged = [f for f in report.findings if f.rule == "A15"]
    assert [(f.feature, f.field) for f in flagged] == [(1, "navn")]
    assert damaged.replace("mÃ¥", "må").split(".")[0] in flagged[0].message_da
    assert flagged[0].severity is Severity.ADVARSEL


def test_dagi_kommuner_are_dissolved_flattened_and_reprojected(references):
    kommuner = references.kommunegraenser
    assert len(kommuner) == 99 and kommuner["kommunekode"].is_unique
    assert kommuner.crs.to_epsg() == 25832 and not kommuner.geometry.has_z.any()
    hvidovre = kommuner.loc[kommuner["kommunekode"] == "0167"].iloc[0]
    assert hvidovre["navn"] == "Hvidovre" and 20e6 < hvidovre.geometry.area < 30e6
    assert len(references.rule_input().kommuner) == 99
    assert {area.kind for area in references.rule_input().natur} == {
        "natura2000",
        "paragraf3",
        "fredning",
    }
