"""The Kontrol dock: the check runs as a QgsTask, findings are grouped, a click finds the object."""

from __future__ import annotations

import time

import pytest
from qgis.core import QgsGeometry, QgsProject, QgsTask, QgsVectorLayerUtils
from qgis.PyQt.QtCore import QCoreApplication

from plugin.core.issue_layer import ISSUE_PROPERTY
from plugin.core.settings import Settings
from qgis_support import new_workspace_in, started_plugin

SQUARE = "POLYGON(({x} {y}, {x2} {y}, {x2} {y2}, {x} {y2}, {x} {y}))"


def _square(x, y, size=50):
    return QgsGeometry.fromWkt(SQUARE.format(x=x, y=y, x2=x + size, y2=y + size))


def _wait_for(dock, limit_seconds=120.0):
    """Runs the event loop until the dock's check is done."""
    deadline = time.monotonic() + limit_seconds
    while dock.task is not None and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    for _ in range(5):
        QCoreApplication.processEvents()
    assert dock.task is None, "the check did not finish"


@pytest.fixture()
def loaded(iface, tmp_path, clean_project, settings_sandbox):
    Settings(kommunekode="0167").save()
    layers = new_workspace_in(clean_project, tmp_path / "kontrol.gpkg", "0167")
    with started_plugin(iface) as instance:
        yield instance, layers


def _add_sites(layer, rows):
    assert layer.startEditing()
    for geometry, values in rows:
        feature = QgsVectorLayerUtils.createFeature(
            layer, geometry, {}, layer.createExpressionContext()
        )
        for name, value in values.items():
            feature[name] = value
        assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()


def test_findings_grouped_by_severity_and_rule_and_a_click_selects_the_object(loaded):
    instance, layers = loaded
    good = {"navn": "Avedøre Holme", "status": "ledig", "anvendelse_generel": 31}
    _add_sites(
        layers["erhvervsareal"],
        [
            (_square(718000, 6170000), good),
            (_square(718200, 6170000), {**good, "status": "solgt"}),
            (_square(718400, 6170000), {**good, "kontakt_email": "<img src=x onerror=alert(1)>"}),
        ],
    )
    dock = instance.dock
    assert dock.run_check() is not None
    _wait_for(dock)
    assert dock.result is not None
    report = dock.result.report
    assert report.blocking
    assert "2 blocking" in dock.summary.text()

    top = [dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())]
    assert top[0].text(0).startswith("Blocking (")
    rule_item = top[0].child(0)
    assert rule_item.text(0).startswith("A03 ")
    finding_item = rule_item.child(0)
    assert "solgt" in finding_item.text(0)
    dock.tree.setCurrentItem(finding_item)
    assert "How to fix:" in dock.details.text()
    assert "solgt" in dock.details.text()
    shown = []
    for index in range(dock.tree.topLevelItemCount()):  # texts from the data stay text
        for rule_index in range(dock.tree.topLevelItem(index).childCount()):
            rule = dock.tree.topLevelItem(index).child(rule_index)
            for number in range(rule.childCount()):
                dock.tree.setCurrentItem(rule.child(number))
                assert "<img" not in dock.details.text()
                shown.append(dock.details.text())
    assert any("&lt;img src=x" in text for text in shown)

    sites = layers["erhvervsareal"]
    assert dock.open_finding(finding_item)
    selected = sites.selectedFeatures()
    assert [f["status"] for f in selected] == ["solgt"]
    assert instance.iface.mapCanvas().extent().intersects(selected[0].geometry().boundingBox())

    issue_layers = [
        candidate
        for candidate in QgsProject.instance().mapLayers().values()
        if candidate.customProperty(ISSUE_PROPERTY)
    ]
    assert len(issue_layers) == 1
    assert issue_layers[0].featureCount() == sum(
        1 for f in report.findings if f.feature is not None
    )
    assert {f["rule"] for f in issue_layers[0].getFeatures()} >= {"A03"}


def test_unsaved_edits_are_checked_too(loaded):
    instance, layers = loaded
    sites = layers["erhvervsareal"]
    assert sites.startEditing()
    feature = QgsVectorLayerUtils.createFeature(
        sites, _square(718000, 6170000), {}, sites.createExpressionContext()
    )
    feature["navn"], feature["status"], feature["anvendelse_generel"] = "Ny", "ledig", 77
    assert sites.addFeature(feature)
    instance.dock.run_check()
    _wait_for(instance.dock)
    assert any(f.field == "anvendelse_generel" for f in instance.dock.result.report.findings)
    assert instance.dock.open_finding(instance.dock.tree.topLevelItem(0).child(0).child(0))
    assert sites.selectedFeatureIds() == [feature.id()]
    sites.rollBack()


def test_unload_removes_the_issue_layer(iface, loaded):
    instance, layers = loaded
    _add_sites(layers["erhvervsareal"], [(_square(718000, 6170000), {"navn": "x"})])
    instance.dock.run_check()
    _wait_for(instance.dock)
    assert instance.dock.issue_layer_id
    issue_id = instance.dock.issue_layer_id
    instance.unload()
    assert QgsProject.instance().mapLayer(issue_id) is None
    instance.initGui()  # the fixture unloads once more


def test_ten_thousand_sites_are_checked_in_a_task_and_cancel_works(loaded):
    instance, layers = loaded
    sites = layers["erhvervsareal"]
    features = []
    for number in range(10_000):
        feature = QgsVectorLayerUtils.createFeature(
            sites,
            _square(700000 + (number % 100) * 60, 6160000 + (number // 100) * 60),
            {},
            sites.createExpressionContext(),
        )
        feature["navn"], feature["status"], feature["anvendelse_generel"] = (
            f"Areal {number}",
            "ledig",
            31,
        )
        features.append(feature)
    assert sites.dataProvider().addFeatures(features)[0]

    task = instance.dock.run_check()
    assert isinstance(task, QgsTask)  # the check runs in QGIS's task manager, off the main thread
    _wait_for(instance.dock)
    assert instance.dock.result.report.feature_counts["erhvervsareal"] == 10_000

    instance.dock.run_check()
    instance.dock.cancel_check()
    _wait_for(instance.dock)
    assert "canceled" in instance.dock.summary.text()
    assert instance.dock.run_button.isEnabled()


def test_without_a_workspace_the_dock_says_what_to_do(iface, clean_project, settings_sandbox):
    with started_plugin(iface) as instance:
        assert instance.dock.run_check() is None
        assert "New workspace" in instance.dock.summary.text()


BOW_TIE = (
    "POLYGON((718000 6170000, 718100 6170100, 718100 6170000, 718000 6170100, 718000 6170000))"
)


def test_safe_fix_repairs_in_one_undoable_edit_and_saving_checks_again(loaded):
    instance, layers = loaded
    sites = layers["erhvervsareal"]
    _add_sites(
        sites,
        [
            (
                QgsGeometry.fromWkt(BOW_TIE),
                {"navn": "Sløjfe", "status": "ledig", "anvendelse_generel": 31},
            )
        ],
    )
    dock = instance.dock
    dock.run_check()
    _wait_for(dock)
    assert [f.rule for f in dock.result.report.findings if f.fixed] == ["G02"]
    assert dock.fix_button.isEnabled()

    assert dock.apply_fixes() == 1
    assert sites.isEditable()
    repaired = next(sites.getFeatures()).geometry()
    assert repaired.isGeosValid() and repaired.area() == pytest.approx(5000.0)
    sites.undoStack().undo()
    assert not next(sites.getFeatures()).geometry().isGeosValid()
    sites.undoStack().redo()

    assert sites.commitChanges(), sites.commitErrors()
    assert dock.task is not None  # saving started a new check by itself
    _wait_for(dock)
    assert not [f for f in dock.result.report.findings if f.rule == "G02"]
    assert not dock.fix_button.isEnabled()


def test_reference_layers_chosen_in_the_dialog_are_used_by_the_check(loaded, shared_data):
    from qgis.core import QgsVectorLayer

    from plugin.gui.references_dialog import ReferencesDialog

    instance, layers = loaded
    _add_sites(
        layers["erhvervsareal"],
        [
            (
                _square(725000, 6175000),
                {"navn": "I København", "status": "ledig", "anvendelse_generel": 31},
            )
        ],
    )
    dagi = QgsVectorLayer(
        str(shared_data / "kommuner_dagi_neogeografen" / "geojson" / "kommuner.geojson"),
        "Kommuner",
        "ogr",
    )
    QgsProject.instance().addMapLayer(dagi)
    dialog = ReferencesDialog()
    dialog.boxes["kommunegraenser"].setLayer(dagi)
    dialog.apply()
    assert ReferencesDialog.current() == {"kommunegraenser": dagi}

    instance.dock.run_check()
    _wait_for(instance.dock)
    rules = {f.rule for f in instance.dock.result.report.findings}
    assert "G08" in rules  # outside Hvidovre, found through the chosen boundaries


def test_a_finding_on_a_line_selects_it_in_the_line_view(loaded, clean_project):
    from plugin.core.workspace import workspace_views

    instance, _ = loaded
    views = {
        view.customProperty("overblikskort/geometry"): view
        for view in workspace_views(clean_project)["infrastruktur"]
    }
    lines = views["line"]
    assert lines.startEditing()
    feature = QgsVectorLayerUtils.createFeature(
        lines,
        QgsGeometry.fromWkt("LINESTRING(718000 6170000, 718500 6170300)"),
        {},
        lines.createExpressionContext(),
    )
    feature["type"], feature["status"] = "højspændingsmast", "eksisterende"
    assert lines.addFeature(feature) and lines.commitChanges()
    instance.dock.run_check()
    _wait_for(instance.dock)
    item = instance.dock.tree.topLevelItem(0).child(0).child(0)
    assert "højspændingsmast" in item.text(0)
    assert instance.dock.open_finding(item)
    assert lines.selectedFeatureCount() == 1
    assert views["point"].selectedFeatureCount() == 0
