"""`references import` for every kind of the national context, as ERST runs it: the real files
where ../shared/data has them, small files the tests write where it has none (gasnet,
energiparker, kommuneplanrammer, district heating areas); provenance, visibility, errors."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from datamodel.reference_codelists import REFERENCE_CODELISTS
from datamodel.references import IMPORTABLE_KINDS, KINDS
from publisher.references import load_references, reference_frames
from publisher.store import Store
from publisher.store.reference_layers import reference_imports
from test_reference_and_user_commands import HOFOR, run

HVIDOVRE = HOFOR / "hvidovre" / "GeoJSON-data"
GRID = "power_grid_osm_complexnettsp/Countries/Denmark"
HVIDOVRE_BOX = (716000, 6168000, 719000, 6171000)


def _frames(settings) -> dict:
    return reference_frames(Store.open(settings.database))


def _imported(settings) -> dict:
    return {(i.kind, i.source): i for i in reference_imports(Store.open(settings.database))}


def _ok(answer):
    assert answer.returncode == 0, answer.stderr
    return answer


def _fail(answer, *words):
    assert answer.returncode == 2, answer.stdout
    assert (
        "fejl:" in answer.stderr and "error:" in answer.stderr and "Traceback" not in answer.stderr
    )
    for word in words:
        assert word in answer.stderr, answer.stderr
    return answer


def test_lokalplaner_keep_every_status_the_dates_and_the_plan_pdf(settings, shared_data, tmp_path):
    real = shared_data / HVIDOVRE / "Hvidovre_lokalplaner.geojson"
    printed = _ok(
        run(settings, "references", "import", "lokalplaner", real, "--date", "2024-05-01")
    )
    assert (
        "183 objekter" in printed.stdout
        and "Plandata.dk, Erhvervsstyrelsen (2024-05-01)" in printed.stdout
    )
    proposed = gpd.GeoDataFrame(
        {
            "planid": ["900001", "900002"],
            "plannavn": ["Forslag", "Aflyst"],
            "anvgen": [31, 31],
            "status": ["Forslag", "A"],
            "komnr": [167, 167],
            "datoforsl": [20240101, 20200101],
            "doklink": ["https://x.dk/f.pdf", None],
        },
        geometry=[shapely.box(*HVIDOVRE_BOX)] * 2,
        crs=25832,
    )
    proposed.to_file(tmp_path / "forslag.gpkg")
    _ok(run(settings, "references", "import", "lokalplaner", tmp_path / "forslag.gpkg"))
    plans = _frames(settings)["lokalplaner"].set_index("planid")
    assert {"V", "F", "A"} <= set(plans["status"])
    assert plans.loc["900001", "status"] == "F" and plans.loc["900001", "datoforsl"] == "2024-01-01"
    avedoere = plans.loc["1074662"]
    assert avedoere["anvgen"] == "31" and avedoere["kommunekode"] == "0167"
    assert avedoere["datovedt"].count("-") == 2 and avedoere["doklink"].endswith(".pdf")
    provenance = _imported(settings)[("lokalplaner", "Hvidovre_lokalplaner.geojson")]
    assert (provenance.data_date, provenance.feature_count) == ("2024-05-01", 183)
    assert provenance.licence and provenance.attribution == "Plandata.dk, Erhvervsstyrelsen"


def test_kommuneplanrammer_feed_rule_r04(settings, tmp_path):
    frame = gpd.GeoDataFrame(
        {
            "planid": ["R1"],
            "plannavn": ["Erhvervsramme"],
            "anvgen": ["31"],
            "status": ["V"],
            "komnr": ["167"],
        },
        geometry=[shapely.box(*HVIDOVRE_BOX)],
        crs=25832,
    )
    frame.to_file(tmp_path / "rammer.geojson", driver="GeoJSON")
    _ok(run(settings, "references", "import", "kommuneplanrammer", tmp_path / "rammer.geojson"))
    references = load_references(Store.open(settings.database))
    plans = references.rule_input().planer
    assert [(p.planid, p.plantype) for p in plans] == [("R1", "kommuneplanramme")]


def test_kloakoplande_map_both_forms_whatever_their_value_type(settings, shared_data, tmp_path):
    for name in ("Ingen_kloakering", "Overfladevandskloakeret", "Spildevandskloakeret"):
        _ok(
            run(
                settings,
                "references",
                "import",
                "kloakoplande",
                shared_data / HVIDOVRE / f"{name}.geojson",
                "--source",
                f"hvidovre/{name}",
            )
        )
    as_text = gpd.GeoDataFrame(
        {
            "navn1201": ["T1"],
            "type1201a": ["Fælleskloakeret (spildevand og overfladevand løber i samme ledning)"],
            "type1201b": ["2"],
        },
        geometry=[shapely.box(*HVIDOVRE_BOX)],
        crs=25832,
    )
    as_text.to_file(tmp_path / "tekst.gpkg")
    _ok(run(settings, "references", "import", "kloakoplande", tmp_path / "tekst.gpkg"))
    catchments = _frames(settings)["kloakoplande"]
    assert len(catchments) == 14 + 23 + 5 + 1
    forms = set(catchments["kloakering_eksisterende"]) | set(catchments["kloakering_planlagt"])
    assert forms <= REFERENCE_CODELISTS["kloakeringsform"].values
    assert {"ukloakeret", "overfladevandskloakeret", "spildevandskloakeret"} <= forms
    text_row = catchments[catchments["navn"] == "T1"].iloc[0]
    assert (text_row["kloakering_eksisterende"], text_row["kloakering_planlagt"]) == (
        "faelleskloakeret",
        "separatkloakeret",
    )


def test_a_file_named_kloakopland_that_is_a_kommune_polygon_is_refused(settings, shared_data):
    before = _imported(settings)
    herlev = shared_data / HOFOR / "herlev" / "GeoJSON-data" / "Ingen_kloakering.geojson"
    _fail(run(settings, "references", "import", "kloakoplande", herlev), "kloakering_eksisterende")
    assert _imported(settings) == before


def test_osm_grid_csv_imported_directly_with_public_transmission(settings, shared_data):
    vertices = _ok(
        run(
            settings,
            "references",
            "import",
            "elnet",
            shared_data / GRID / "Nodes" / "heuristic_vertices.csv",
        )
    )
    assert "sprunget over / skipped" in vertices.stdout
    _ok(
        run(
            settings,
            "references",
            "import",
            "elnet",
            shared_data / GRID / "Edges" / "highvoltage_links.csv",
        )
    )
    grid = _frames(settings)["elnet"]
    stations = grid[grid["elnet_type"] == "station"]
    lines = grid[grid["elnet_type"] == "ledning"]
    assert len(stations) == 647 + 65 and set(lines.geom_type) == {"LineString"}
    ishoej = stations[stations["navn"] == "400/132 kV Ishøj"].iloc[0]
    assert ishoej["spaending_kv"] == 400 and ishoej["spaendinger"] == "400/132 kV"
    public = grid["synlighed"] == "offentlig"
    assert (grid.loc[public, "spaending_kv"] >= 132).all()
    assert (grid.loc[~public, "spaending_kv"].fillna(0) < 132).all() and (~public).sum() > 300
    assert (lines["synlighed"] == "offentlig").all()
    assert (
        "·" not in lines["navn"].dropna().str.cat()
        and not lines["navn"].dropna().str.contains(";").any()
    )


def test_district_heating_plants_and_areas(settings, shared_data, tmp_path):
    _ok(
        run(
            settings,
            "references",
            "import",
            "fjernvarme",
            shared_data / "district_heating_nicklasvrede" / "data" / "plants.geojson",
        )
    )
    area = gpd.GeoDataFrame(
        {"navn": ["Hvidovre Fjernvarme"]}, geometry=[shapely.box(*HVIDOVRE_BOX)], crs=25832
    )
    area.to_file(tmp_path / "omraader.geojson", driver="GeoJSON")
    _ok(run(settings, "references", "import", "fjernvarme", tmp_path / "omraader.geojson"))
    heating = _frames(settings)["fjernvarme"]
    plants = heating[heating["fjernvarme_type"] == "vaerk"]
    assert len(plants) == 419 and plants["braendsel"].notna().mean() > 0.9
    assert list(heating.loc[heating["fjernvarme_type"] == "omraade", "navn"]) == [
        "Hvidovre Fjernvarme"
    ]


@pytest.mark.parametrize("suffix", ["gpkg", "geojson"])
def test_gasnet_is_for_authorities_and_energy_parks_public(settings, tmp_path, suffix):
    gas = gpd.GeoDataFrame(
        {"navn": ["Hovedledning", "M/R Avedøre"], "tryk_bar": [80, 19]},
        geometry=[
            shapely.LineString([(716000, 6168000), (719000, 6171000)]),
            shapely.Point(717000, 6169000),
        ],
        crs=25832,
    )
    gas.to_file(tmp_path / f"gas.{suffix}", driver="GPKG" if suffix == "gpkg" else "GeoJSON")
    printed = _ok(run(settings, "references", "import", "gasnet", tmp_path / f"gas.{suffix}"))
    assert "0 offentlige / public" in printed.stdout
    parks = gpd.GeoDataFrame(
        {
            "navn": ["Solpark Syd"],
            "energipark_type": ["sol"],
            "status": ["planlagt"],
            "kapacitet_mw": [120.0],
        },
        geometry=[shapely.box(*HVIDOVRE_BOX)],
        crs=25832,
    )
    parks.to_file(tmp_path / f"parker.{suffix}", driver="GPKG" if suffix == "gpkg" else "GeoJSON")
    _ok(run(settings, "references", "import", "energiparker", tmp_path / f"parker.{suffix}"))
    frames = _frames(settings)
    assert list(frames["gasnet"]["gasnet_type"]) == ["ledning", "station"]
    assert set(frames["gasnet"]["synlighed"]) == {"myndigheder"}
    assert frames["energiparker"].iloc[0][["energipark_type", "synlighed"]].tolist() == [
        "sol",
        "offentlig",
    ]


def test_objects_marked_for_authorities_stay_so_whatever_the_rule_or_choice(settings, tmp_path):
    parks = gpd.GeoDataFrame(
        {
            "navn": ["A", "B"],
            "energipark_type": ["vind", "vind"],
            "synlighed": ["myndigheder", "offentlig"],
        },
        geometry=[shapely.box(*HVIDOVRE_BOX)] * 2,
        crs=25832,
    )
    parks.to_file(tmp_path / "parker.gpkg")
    _ok(
        run(
            settings,
            "references",
            "import",
            "energiparker",
            tmp_path / "parker.gpkg",
            "--synlighed",
            "offentlig",
        )
    )
    assert list(_frames(settings)["energiparker"]["synlighed"]) == ["myndigheder", "offentlig"]
    _ok(
        run(
            settings,
            "references",
            "import",
            "energiparker",
            tmp_path / "parker.gpkg",
            "--synlighed",
            "myndigheder",
        )
    )
    assert set(_frames(settings)["energiparker"]["synlighed"]) == {"myndigheder"}
    assert _imported(settings)[("energiparker", "parker.gpkg")].synlighed == "myndigheder"


def test_bad_files_exit_2_and_leave_the_previous_source_in_place(settings, shared_data, tmp_path):
    plants = shared_data / "district_heating_nicklasvrede" / "data" / "plants.geojson"
    _ok(run(settings, "references", "import", "fjernvarme", plants))
    before = _imported(settings)
    lines = gpd.GeoDataFrame(
        {"navn": ["x"]}, geometry=[shapely.LineString([(0, 0), (1, 1)])], crs=25832
    )
    lines.to_file(tmp_path / "plants.geojson", driver="GeoJSON")
    _fail(
        run(settings, "references", "import", "fjernvarme", tmp_path / "plants.geojson"),
        "LineString",
        "fjernvarme",
    )
    areas = tmp_path / "flader.csv"
    areas.write_text("navn#wkt\nA#POLYGON((0 0,1 0,1 1,0 0))\n")
    _fail(run(settings, "references", "import", "elnet", areas), "Polygon", "elnet")
    _fail(run(settings, "references", "import", "vandvaerker", plants), "vandvaerker")
    _fail(
        run(settings, "references", "import", "fjernvarme", plants, "--date", "2024-13-01"),
        "ÅÅÅÅ-MM-DD",
    )
    assert _imported(settings) == before
    assert len(_frames(settings)["fjernvarme"]) == 419


def test_every_importable_kind_is_declared_with_licence_and_attribution():
    assert set(IMPORTABLE_KINDS) >= {
        "kommunegraenser",
        "natur",
        "lokalplaner",
        "kommuneplanrammer",
        "kloakoplande",
        "fjernvarme",
        "elnet",
        "gasnet",
        "energiparker",
    }
    for name in IMPORTABLE_KINDS:
        kind = KINDS[name]
        assert kind.licence and kind.attribution and set(kind.required) <= set(kind.field_names)
