"""The national symbology: QML files generated from styles/symbology.json, valid in QGIS."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from qgis.core import QgsCategorizedSymbolRenderer, QgsVectorLayer

from plugin.core.styles import apply_style, style_file, styles_dir
from plugin.datamodel.codelists import CODELISTS
from plugin.datamodel.layers import LAYERS

REPO_ROOT = Path(__file__).resolve().parents[2]
SYMBOLOGY = json.loads((REPO_ROOT / "styles" / "symbology.json").read_text(encoding="utf-8"))


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_qml_styles", REPO_ROOT / "scripts" / "generate_qml_styles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_qml_is_what_symbology_json_generates():
    generator = _generator()
    for name, text in generator.generated_styles().items():
        committed = (REPO_ROOT / "styles" / f"{name}.qml").read_text(encoding="utf-8")
        assert generator.without_version(committed) == generator.without_version(text), (
            f"styles/{name}.qml is out of date: run scripts/generate_qml_styles.py")


def test_source_tree_finds_the_top_level_styles_folder():
    assert styles_dir() == REPO_ROOT / "styles"


@pytest.mark.parametrize("name", sorted(SYMBOLOGY["layers"]))
def test_style_classifies_every_code_with_its_colour(name):
    model = LAYERS[name]
    spec = SYMBOLOGY["layers"][name]
    layer = QgsVectorLayer(f"{model.geometry_types[0]}?crs=EPSG:25832&field={spec['classify_by']}:string",
                           name, "memory")
    apply_style(layer, name)
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
    with pytest.raises(FileNotFoundError, match="ukendt_lag.qml"):
        apply_style(layer, "ukendt_lag")
    assert style_file("erhvervsareal").is_file()
