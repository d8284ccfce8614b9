"""Typed settings over QgsSettings and the Overblikskort page in QGIS Options."""

from __future__ import annotations

from qgis.core import QgsSettings

from plugin.core.settings import Settings
from plugin.gui.options_page import OverblikskortOptionsFactory, OverblikskortOptionsPage


def test_settings_round_trip_through_qgssettings(settings_sandbox):
    Settings("https://overblikskort.example/api/v1", "0167", "abc1234").save()
    assert Settings.load() == Settings("https://overblikskort.example/api/v1", "0167", "abc1234")
    assert QgsSettings().value("overblikskort/kommunekode") == "0167"


def test_settings_name_what_is_wrong():
    problems = Settings("ftp://x", "167", "").problems()
    assert any("four digits" in p and "'167'" in p for p in problems)
    assert any("https://" in p and "ftp://x" in p for p in problems)
    assert Settings("http://127.0.0.1:8080", "0167", "").problems() == []


def test_options_page_saves_valid_values_and_keeps_invalid_ones_on_screen(settings_sandbox):
    Settings("https://old.example", "0101", "").save()
    factory = OverblikskortOptionsFactory()
    assert factory.title() == "Overblikskort"
    page = factory.createWidget(None)
    assert isinstance(page, OverblikskortOptionsPage)
    assert page.kommunekode.text() == "0101"
    page.publisher_url.setText("https://new.example/api/v1")
    page.kommunekode.setText("16a")
    page.apply()
    stored = Settings.load()
    assert stored.publisher_url == "https://new.example/api/v1"
    assert stored.kommunekode == "0101"
    assert "16a" in page.problems.text()
    assert page.kommunekode.text() == "16a"


def test_a_new_kommunekode_reaches_the_open_workspace_forms(
    tmp_path, clean_project, settings_sandbox
):
    from qgis.core import QgsGeometry, QgsVectorLayerUtils

    from plugin.core.workspace import (
        add_to_project,
        create_workspace,
        open_workspace,
        workspace_layers,
    )

    Settings("", "0101", "").save()
    path = tmp_path / "k.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, "0101"), clean_project)
    page = OverblikskortOptionsPage()
    page.kommunekode.setText("0167")
    page.apply()
    layer = workspace_layers(clean_project)["erhvervsareal"]
    feature = QgsVectorLayerUtils.createFeature(
        layer, QgsGeometry.fromWkt("POINT(1 1)"), {}, layer.createExpressionContext()
    )
    assert feature["kommunekode"] == "0167"
