"""The national symbology: QML files generated from datamodel/symbology.json, valid in QGIS."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from qgis.core import QgsCategorizedSymbolRenderer, QgsVectorLayer

from plugin.core.styles import apply_style, style_file, styles_dir
from datamodel.codelists import CODELISTS
from datamodel.layers import LAYERS
from datamodel.symbology import load_symbology

REPO_ROOT = Path(__file__).resolve().parents[2]
SYMBOLOGY = load_symbology()


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_qml_styles", REPO_ROOT / "scripts" / "generate_qml_styles.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_qml_is_what_symbology_json_generates():
    generator = _generator()
    generated = generator.generated_styles()
    assert set(generated) == {path.stem for path in (REPO_ROOT / "styles").glob("*.qml")}
    for name, text in generated.items():
        committed = (REPO_ROOT / "styles" / f"{name}.qml").read_text(encoding="utf-8")
        assert generator.without_version(committed) == generator.without_version(text), (
            f"styles/{name}.qml is out of date: run scripts/generate_qml_styles.py"
        )


def test_source_tree_finds_the_top_level_styles_folder():
    assert styles_dir() == REPO_ROOT / "styles"


STYLE_FILES = [
    ("erhvervsareal", "erhvervsareal", "MultiPolygon"),
    ("industripark_kandidat", "industripark_kandidat", "MultiPolygon"),
    ("infrastruktur", "infrastruktur_point", "Point"),
    ("infrastruktur", "infrastruktur_line", "LineString"),
    ("infrastruktur", "infrastruktur_polygon", "Polygon"),
]


def test_every_style_file_is_tested():
    assert {stem for _, stem, _ in STYLE_FILES} == {
        path.stem for path in (REPO_ROOT / "styles").glob("*.qml")
    }


@pytest.mark.parametrize(("name", "stem", "geometry"), STYLE_FILES)
def test_style_classifies_every_code_with_its_colour(name, stem, geometry):
    model = LAYERS[name]
    spec = SYMBOLOGY["layers"][name]
    layer = QgsVectorLayer(
        f"{geometry}?crs=EPSG:25832&field={spec['classify_by']}:string", stem, "memory"
    )
    apply_style(layer, stem)
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    assert renderer.classAttribute() == spec["classify_by"]
    categories = {category.value(): category for category in renderer.categories()}
    assert set(categories) == set(spec["classes"]) | {""}
    codelist = CODELISTS[model.field(spec["classify_by"]).codelist]
    assert set(spec["classes"]) <= codelist.values
    for value, cls in spec["classes"].items():
        category = categories[value]
        assert category.label() == codelist.label(value, "da")
        expected = cls.get("fill", cls.get("color"))
        assert category.symbol().color().name() == expected


def test_missing_style_file_is_reported_by_name(tmp_path):
    layer = QgsVectorLayer("Point?crs=EPSG:25832", "x", "memory")
    with pytest.raises(FileNotFoundError, match=r"ukendt_lag\.qml"):
        apply_style(layer, "ukendt_lag")
    assert style_file("erhvervsareal").is_file()
