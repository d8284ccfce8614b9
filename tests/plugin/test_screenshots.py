"""Screenshots of the plugin's widgets as a planner sees them (Danish), rendered by Qt.

Set OVERBLIKSKORT_SCREENSHOTS=/some/folder to keep the PNG files; otherwise they go to a
temporary folder. The test fails when a widget renders blank.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from qgis.core import QgsGeometry, QgsVectorLayer, QgsVectorLayerUtils
from qgis.PyQt.QtCore import QCoreApplication

import plugin
from plugin.core.settings import Settings
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_layers

BOW_TIE = (
    "POLYGON((718000 6170000, 718100 6170100, 718100 6170000, 718000 6170100, 718000 6170000))"
)


@pytest.fixture()
def folder(tmp_path) -> Path:
    chosen = Path(os.environ.get("OVERBLIKSKORT_SCREENSHOTS", tmp_path))
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


def _save(widget, path: Path) -> Path:
    widget.resize(max(widget.width(), 760), max(widget.height(), 520))
    widget.show()
    QCoreApplication.processEvents()
    image = widget.grab().toImage()
    assert image.save(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 8, f"{path.name} looks blank"
    return path


def test_dock_import_and_submissions_in_danish(
    iface, danish, tmp_path, clean_project, folder, shared_data
):
    Settings("https://overblikskort.example/api/v1", "0167", "").save()
    path = tmp_path / "skaermbillede.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, "0167"), clean_project)
    sites = workspace_layers(clean_project)["erhvervsareal"]
    assert sites.startEditing()
    for wkt, values in (
        (BOW_TIE, {"navn": "Sløjfen", "status": "ledig"}),
        (
            "POLYGON((718500 6171000, 718600 6171000, 718600 6171100, 718500 6171100,"
            " 718500 6171000))",
            {"navn": "Avedøre Holme", "status": "solgt"},
        ),
    ):
        feature = QgsVectorLayerUtils.createFeature(
            sites, QgsGeometry.fromWkt(wkt), {}, sites.createExpressionContext()
        )
        for name, value in {"anvendelse_generel": 31, **values}.items():
            feature[name] = value
        sites.addFeature(feature)
    assert sites.commitChanges()

    instance = plugin.classFactory(iface)
    instance.initGui()
    try:
        dock = instance.dock
        dock.run_check()
        while dock.task is not None:
            QCoreApplication.processEvents()
        dock.tree.expandAll()
        _save(dock, folder / "kontrol_dock.png")

        from plugin.gui.import_dialog import ImportDialog

        lokalplaner = QgsVectorLayer(
            str(
                shared_data
                / "hofor_tgvwebgis"
                / "hvidovre"
                / "GeoJSON-data"
                / "Hvidovre_lokalplaner.geojson"
            ),
            "Hvidovre lokalplaner",
            "ogr",
        )
        clean_project.addMapLayer(lokalplaner)
        dialog = ImportDialog()
        dialog.source_box.setLayer(lokalplaner)
        dialog.target_box.setCurrentIndex(dialog.target_box.findData(sites.id()))
        dialog.preview()
        deadline = time.monotonic() + 60
        while dialog.task is not None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
        _save(dialog, folder / "importer.png")

        from plugin.gui.submissions_dialog import SubmissionsDialog

        submissions = SubmissionsDialog()
        submissions.kommune = "0167"
        submissions._show(
            [
                {
                    "id": 12,
                    "created_at": "2026-11-20T10:02:11Z",
                    "status": "godkendt",
                    "file_name": "overblikskort_0167.gpkg",
                    "comment": "Fint – husk prisen",
                    "decided_by": "erst",
                },
                {
                    "id": 13,
                    "created_at": "2026-11-26T09:15:40Z",
                    "status": "til_godkendelse",
                    "file_name": "overblikskort_0167.gpkg",
                    "comment": None,
                    "decided_by": None,
                },
            ]
        )
        _save(submissions, folder / "mine_indsendelser.png")
    finally:
        instance.unload()
