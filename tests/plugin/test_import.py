"""Import from the planner's own layers through a remembered field mapping."""

from __future__ import annotations

import time

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialogButtonBox

from plugin.core.field_mapping import (
    Mapping,
    mapping_for,
    save_mapping,
    saved_mapping,
    suggest_mapping,
)
from plugin.core.importer import Importer
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_layers


@pytest.fixture()
def lokalplaner(shared_data, clean_project):
    path = (
        shared_data
        / "hofor_tgvwebgis"
        / "hvidovre"
        / "GeoJSON-data"
        / "Hvidovre_lokalplaner.geojson"
    )
    layer = QgsVectorLayer(str(path), "Hvidovre_lokalplaner", "ogr")
    assert layer.isValid()
    layer.setSubsetString('"anvgen" = 31')
    clean_project.addMapLayer(layer)  # the project owns (and frees) file layers
    return layer


@pytest.fixture()
def sites(tmp_path, settings_sandbox, clean_project):
    path = tmp_path / "import.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, "0167"), clean_project)
    return workspace_layers(clean_project)["erhvervsareal"]


def test_suggestion_matches_plandata_names_and_codes(lokalplaner):
    mapping = suggest_mapping(lokalplaner, "erhvervsareal")
    assert mapping.fields["navn"].source == "plannavn"
    assert mapping.fields["lokalplan_id"].source == "planid"
    general = mapping.fields["anvendelse_generel"]
    assert general.source in ("anvgen", "anvendelsegenerel")  # codes, or Plandata's labels
    assert set(general.values.values()) == {"31"}
    assert mapping.fields["kommunekode"].source == "komnr"
    assert mapping.fields["zonestatus"].source in ("zone", "zonestatus")


def test_preview_says_what_fails_and_why_then_import_adds_the_rest(lokalplaner, sites):
    mapping = suggest_mapping(lokalplaner, "erhvervsareal")
    mapping.rule("anvendelse_specifik").fallback = None  # refuse codes the list lacks
    importer = Importer(lokalplaner, sites, mapping)
    preview = importer.preview()
    assert preview.total == 9
    reasons = preview.reason_counts()
    assert preview.ready == 7, reasons
    assert "Specific use: '4175' is not in the code list (map it to a code)" in reasons, reasons

    mapping.rule("status").constant = "ledig"
    mapping.rule("anvendelse_specifik").values.update({"4175": "3100", "7100": "3100"})
    report = Importer(lokalplaner, sites, mapping).import_features()
    assert report.failures == []
    assert report.imported == sites.featureCount() == 9
    feature = next(sites.getFeatures("\"lokalplan_id\" = '11126774'"))
    assert feature["navn"] == "Erhvervsområdet Avedøre Holme"
    assert feature["kommunekode"] == "0167"
    assert feature["anvendelse_specifik"] == 3155
    assert feature["max_bebyggelsesprocent"] == 100
    assert feature["status"] == "ledig"
    assert feature["objekt_id"] and feature["areal_m2"] > 1000
    assert sites.crs().authid() == "EPSG:25832"


def test_wgs84_source_is_reprojected(tmp_path, sites):
    source = QgsVectorLayer(
        "Polygon?crs=EPSG:4326&field=navn:string&field=status:string", "wgs", "memory"
    )
    feature = QgsFeature(source.fields())
    feature.setAttributes(["Sted", "Ledig"])
    feature.setGeometry(
        QgsGeometry.fromWkt(
            "POLYGON((12.45 55.62, 12.46 55.62, 12.46 55.63, 12.45 55.63, 12.45 55.62))"
        )
    )
    source.dataProvider().addFeatures([feature])
    mapping = suggest_mapping(source, "erhvervsareal")
    assert mapping.fields["status"].values == {"Ledig": "ledig"}
    mapping.rule("anvendelse_generel").constant = "31"
    report = Importer(source, sites, mapping).import_features()
    assert report.imported == 1, report.failures
    imported = next(sites.getFeatures())
    box = imported.geometry().boundingBox()
    assert 700000 < box.xMinimum() < 730000 and 6160000 < box.yMinimum() < 6180000


def test_line_source_is_refused_for_a_polygon_layer(sites):
    source = QgsVectorLayer("LineString?crs=EPSG:25832&field=navn:string", "veje", "memory")
    feature = QgsFeature(source.fields())
    feature.setAttributes(["Vej"])
    feature.setGeometry(QgsGeometry.fromWkt("LINESTRING(718000 6170000, 718100 6170100)"))
    source.dataProvider().addFeatures([feature])
    report = Importer(source, sites, suggest_mapping(source, "erhvervsareal")).preview()
    assert report.ready == 0
    assert any("LineString" in reason for reason in report.reason_counts())


def test_mapping_is_remembered_per_source_schema(lokalplaner, settings_sandbox):
    assert saved_mapping(lokalplaner, "erhvervsareal") is None
    mapping = suggest_mapping(lokalplaner, "erhvervsareal")
    mapping.rule("status").constant = "ledig"
    save_mapping(lokalplaner, mapping)
    again = QgsVectorLayer(lokalplaner.source(), "same file, new layer", "ogr")
    QgsProject.instance().addMapLayer(again)
    remembered = mapping_for(again, "erhvervsareal")
    assert remembered.fields["status"].constant == "ledig"
    assert remembered.to_json() == mapping.to_json()
    assert Mapping.from_json(mapping.to_json()).fields["navn"].source == "plannavn"


def _row(dialog, field_name):
    return next(
        row
        for row in range(dialog.table.rowCount())
        if dialog.table.item(row, 0).toolTip() == field_name
    )


def _finish(dialog, started):
    """Runs the event loop until the dialog's preview or import task has reported."""
    assert started is not None and dialog.task is started
    assert not dialog.import_button.isEnabled() and not dialog.progress.isHidden()
    deadline = time.monotonic() + 60
    while dialog.task is not None and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.002)
    assert dialog.task is None, "the task did not finish"
    assert dialog.import_button.isEnabled() and dialog.progress.isHidden()
    return dialog.report


def test_dialog_previews_imports_and_remembers_the_mapping(lokalplaner, sites, settings_sandbox):
    from plugin.gui.import_dialog import CONSTANT_COLUMN, ImportDialog

    dialog = ImportDialog()
    dialog.source_box.setLayer(lokalplaner)
    dialog.target_box.setCurrentIndex(dialog.target_box.findData(sites.id()))
    assert dialog.table.cellWidget(_row(dialog, "navn"), 1).currentData() == "plannavn"
    status = dialog.table.cellWidget(_row(dialog, "status"), CONSTANT_COLUMN)
    assert status.currentData() == "fremtidig"  # a plan is a future site by default
    status.setCurrentIndex(status.findData("ledig"))  # … or ledig, on request
    dialog.mapping.rule("anvendelse_specifik").fallback = None
    report = _finish(dialog, dialog.preview())
    assert (report.ready, report.total) == (7, 9)
    assert "7 of 9 features will be imported." in dialog.summary.text()
    assert "'4175' is not in the code list" in dialog.summary.text()
    assert sites.featureCount() == 0 and not sites.isEditable()

    assert _finish(dialog, dialog.run_import()).imported == 7
    assert sites.featureCount() == 7
    assert {f["status"] for f in sites.getFeatures()} == {"ledig"}
    assert "7 of 9 features imported. 2 were not imported" in dialog.summary.text()
    assert "edit buffer" in dialog.summary.text()
    assert sites.isEditable() and sites.isModified()
    assert sites.commitChanges(), sites.commitErrors()

    again = ImportDialog()
    again.source_box.setLayer(lokalplaner)
    again.target_box.setCurrentIndex(again.target_box.findData(sites.id()))
    assert again.table.cellWidget(_row(again, "status"), CONSTANT_COLUMN).currentData() == "ledig"
    assert _finish(again, again.preview()).ready == 7  # the saved mapping imports the same again


def test_dialog_cancel_stops_the_import_and_keeps_the_dialog_open(
    lokalplaner, sites, settings_sandbox
):
    from plugin.gui.import_dialog import ImportDialog

    dialog = ImportDialog()
    dialog.source_box.setLayer(lokalplaner)
    dialog.target_box.setCurrentIndex(dialog.target_box.findData(sites.id()))
    dialog.show()
    assert dialog.run_import() is not None
    dialog.buttons.button(QDialogButtonBox.Cancel).click()
    deadline = time.monotonic() + 60
    while dialog.task is not None and time.monotonic() < deadline:
        QCoreApplication.processEvents()
    assert dialog.report is None and dialog.import_button.isEnabled()
    assert dialog.summary.text() == "The import was canceled; nothing was added."
    assert dialog.isVisible()
    assert sites.featureCount() == 0 and not sites.isEditable()
    assert saved_mapping(lokalplaner, "erhvervsareal") is None
    dialog.buttons.button(QDialogButtonBox.Cancel).click()  # nothing runs: closes
    assert not dialog.isVisible()
