"""The validation limits, each checked before the work it guards, with the sender's file name
in every message; and the validation worker pool that bounds time and memory."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from publisher.settings import Settings
from publisher.validation import (
    TooComplex,
    UnreadableSubmission,
    ValidationLimits,
    ValidationPool,
    validate_file,
)

SQUARE = shapely.box(718000, 6169000, 718100, 6169100)


def squares(count: int) -> list:
    return [shapely.box(718000 + 200 * n, 6169000, 718100 + 200 * n, 6169100) for n in range(count)]


def write(path: Path, geometries: list, layer: str = "erhvervsareal", **options) -> Path:
    gpd.GeoDataFrame(
        {"navn": [f"Areal {n}" for n in range(len(geometries))]},
        geometry=geometries,
        crs="EPSG:25832",
    ).to_file(path, layer=layer, engine="pyogrio", **options)
    return path


def limits(**changes) -> ValidationLimits:
    return replace(ValidationLimits.default(), **changes)


def sql(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as database:
        for statement in statements:
            database.execute(statement)
        database.commit()


def test_defaults_come_from_the_settings():
    settings = Settings.load(environ={"OVERBLIKSKORT_VALIDATION_MAX_FEATURES": "7"})
    assert ValidationLimits.from_settings(settings).max_features == 7
    assert ValidationLimits.default().max_features == Settings().validation_max_features
    assert ValidationLimits.default().rule_limits().findings_per_rule == 100


def test_a_layer_over_the_feature_limit_is_refused_with_its_count(tmp_path):
    path = write(tmp_path / "tmp123.gpkg", squares(4))
    with pytest.raises(TooComplex) as refused:
        validate_file(path, "0167", limits=limits(max_features=3), display_name="arealer.gpkg")
    assert refused.value.message_en == (
        "The file arealer.gpkg is too large or too complex to check: the layer erhvervsareal "
        "has 4 features, and at most 3 are allowed."
    )
    assert "tmp123" not in str(refused.value)


def test_a_file_that_understates_its_count_is_read_no_further_than_the_limit(tmp_path):
    path = write(tmp_path / "arealer.gpkg", squares(6))
    sql(path, "UPDATE gpkg_ogr_contents SET feature_count = 1")
    with pytest.raises(TooComplex) as refused:
        validate_file(path, "0167", limits=limits(max_features=3))
    assert "has more than 3 features, and at most 3 are allowed" in refused.value.message_en
    assert "har flere end 3 objekter, og højst 3 er tilladt" in refused.value.message_da


def test_vertices_per_geometry_and_per_file(tmp_path):
    path = write(tmp_path / "arealer.gpkg", [SQUARE.segmentize(10), SQUARE])
    with pytest.raises(TooComplex) as refused:
        validate_file(path, "0167", limits=limits(max_vertices_per_geometry=40))
    assert (
        "feature no. 1 in the layer erhvervsareal has 41 vertices, and at most 40 are "
        "allowed per geometry"
    ) in refused.value.message_en
    with pytest.raises(TooComplex) as refused:
        validate_file(path, "0167", limits=limits(max_vertices=45))
    assert "it has 46 vertices in all, and at most 45 are allowed" in refused.value.message_en
    assert validate_file(path, "0167", limits=limits(max_vertices=46)).report is not None


def test_too_many_layers(tmp_path):
    path = tmp_path / "lag.gpkg"
    for number in range(4):
        write(path, [SQUARE], layer=f"lag_{number}" if number else "erhvervsareal")
    with pytest.raises(TooComplex) as refused:
        validate_file(path, "0167", limits=limits(max_layers=3))
    assert "it has 4 layers, and at most 3 are allowed" in refused.value.message_en


def test_a_view_is_never_read_as_a_layer(tmp_path):
    path = write(tmp_path / "kilde.gpkg", [SQUARE], layer="kilde")
    sql(
        path,
        "CREATE VIEW erhvervsareal AS SELECT * FROM kilde",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES "
        "('erhvervsareal', 'features', 'erhvervsareal', 25832)",
        "INSERT INTO gpkg_geometry_columns VALUES ('erhvervsareal', 'geom', 'POLYGON', 25832, "
        "0, 0)",
    )
    with pytest.raises(UnreadableSubmission) as refused:
        validate_file(path, "0167", display_name="visning.gpkg")
    assert not isinstance(refused.value, TooComplex)
    assert refused.value.message_da.startswith(
        "Laget erhvervsareal i visning.gpkg er et view (en gemt forespørgsel), ikke en tabel"
    )


def test_gdals_sql_is_not_quoted_to_the_sender(tmp_path):
    path = write(tmp_path / "tmp_upload.gpkg", [SQUARE], SPATIAL_INDEX="NO")
    sql(
        path,
        "ALTER TABLE erhvervsareal ADD COLUMN x TEXT GENERATED ALWAYS AS "
        "(ukendt_funktion(fid)) VIRTUAL",
    )
    with pytest.raises(UnreadableSubmission) as refused:
        validate_file(path, "0167", display_name="mit.gpkg")
    text = str(refused.value)
    assert "mit.gpkg" in text and "tmp_upload" not in text
    assert "SQLite could not read its content" in text
    assert "ukendt_funktion" not in text and "pragma" not in text.lower()


@pytest.fixture
def pool_for(tmp_path):
    made = []

    def make(**settings) -> ValidationPool:
        made.append(
            ValidationPool(Settings.load(data_dir=tmp_path / "var", environ={}, **settings))
        )
        return made[-1]

    yield make
    for pool in made:
        pool.close()


def test_the_pool_answers_like_validate_file_and_keeps_no_store(pool_for, tmp_path):
    path = write(tmp_path / "arealer.gpkg", squares(2))
    checked = pool_for().validate(path, "0167", "arealer.gpkg")
    direct = validate_file(path, "0167")
    assert checked.report.to_dict() == direct.report.to_dict()
    assert [row.feature_no for row in checked.rows] == [1, 2]
    assert checked.peak_memory_mb > 0
    assert not (tmp_path / "var").exists()


def test_a_worker_over_its_memory_is_replaced(pool_for, tmp_path):
    """Two million features may be read here, but not in 400 MB: the worker ends, the next
    validation gets a new one."""
    big = tmp_path / "stor.geojson"
    with big.open("w") as handle:
        handle.write('{"type":"FeatureCollection","features":[')
        handle.write(
            ",".join(
                f'{{"type":"Feature","properties":{{"navn":"{n}"}},"geometry":'
                '{"type":"Point","coordinates":[718000,6169000]}}'
                for n in range(400_000)
            )
        )
        handle.write("]}")
    pool = pool_for(validation_memory_mb=400, validation_max_features=2_000_000)
    with pytest.raises(TooComplex) as refused:
        pool.validate(big, "0167", "stor.geojson")
    assert refused.value.message_en == (
        "The file stor.geojson is too large or too complex to "
        "check: the check used more than 400 MB of memory and "
        "was stopped."
    )
    small = write(tmp_path / "lille.gpkg", [SQUARE])
    assert pool.validate(small, "0167", "lille.gpkg").report.feature_counts == {"erhvervsareal": 1}


def test_the_worker_keeps_the_references_until_an_import_changes_them(pool_for, tmp_path):
    from publisher.references import import_reference_file
    from publisher.store import Store

    def boundary(name: str, x: float) -> Path:
        path = tmp_path / name
        gpd.GeoDataFrame(
            {"KOMKODE": ["0167"], "KOMNAVN": ["Hvidovre"]},
            crs="EPSG:25832",
            geometry=[shapely.box(x, 6160000, x + 20000, 6180000)],
        ).to_file(path)
        return path

    store = Store.open(Settings.load(data_dir=tmp_path / "var", environ={}).database)
    import_reference_file(store, "kommunegraenser", boundary("inde.geojson", 710000))
    site = write(tmp_path / "areal.gpkg", [SQUARE])
    pool = pool_for()

    def rules():
        return {
            finding.rule for finding in pool.validate(site, "0167", "areal.gpkg").report.findings
        }

    assert "G08" not in rules() and "G08" not in rules()
    first_cache = set((tmp_path / "var" / "cache").glob("*.gpkg"))
    assert len(first_cache) == 1
    import_reference_file(store, "kommunegraenser", boundary("ude.geojson", 740000))
    assert "G07" in rules()  # the site now lies outside every kommune there is
    second_cache = set((tmp_path / "var" / "cache").glob("*.gpkg"))
    assert len(second_cache) == 1 and second_cache != first_cache
