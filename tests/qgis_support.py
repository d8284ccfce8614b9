"""Helpers shared by the test folders that run in real QGIS (tests/plugin, tests/e2e)."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QMenu


class InterfaceRegistrations:
    """The parts of QgisInterface that pytest-qgis's stand-in lacks, with the same behaviour as
    QGIS: registered options pages are kept in a list, docks really join the main window, and
    the 'Help' menu is the first standard menu on the right of the menu bar."""

    def __init__(self, iface):
        self.iface = iface
        self.options_factories = []
        main_window = iface.mainWindow()
        self.help_menu = main_window.findChild(QMenu, "mHelpMenu")
        if self.help_menu is None:
            self.help_menu = QMenu("Help", main_window)
            self.help_menu.setObjectName("mHelpMenu")
            main_window.menuBar().addMenu(self.help_menu)
        iface.registerOptionsWidgetFactory = self.options_factories.append
        iface.unregisterOptionsWidgetFactory = self.options_factories.remove
        iface.firstRightStandardMenu = lambda: self.help_menu
        iface.addDockWidget = main_window.addDockWidget
        iface.removeDockWidget = main_window.removeDockWidget


@contextmanager
def started_plugin(iface):
    """The plugin as QGIS starts it (classFactory, initGui); unloaded when the block ends."""
    import plugin

    instance = plugin.classFactory(iface)
    instance.initGui()
    try:
        yield instance
    finally:
        instance.unload()


def new_workspace_in(
    project: QgsProject, path: Path, kommunekode: str
) -> dict[str, QgsVectorLayer]:
    """'Ny arbejdsfil' done from code: the GeoPackage written, its layers in the project."""
    from plugin.core.workspace import (
        add_to_project,
        create_workspace,
        open_workspace,
        workspace_layers,
    )

    create_workspace(path)
    add_to_project(open_workspace(path, kommunekode), project)
    return workspace_layers(project)


def wait_until(condition, seconds: float = 120.0) -> None:
    """Runs QGIS's event loop (tasks report, signals arrive) until ``condition()`` holds."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert condition(), "timed out"


def many_squares(count: int) -> QgsVectorLayer:
    """A memory layer of ``count`` squares in WGS84 around Hvidovre, every 20th with a status
    outside the code list (the import's large source)."""
    source = QgsVectorLayer(
        "Polygon?crs=EPSG:4326&field=navn:string&field=status:string&field=anvgen:integer",
        "mange",
        "memory",
    )
    features = []
    for number in range(count):
        x, y = 12.40 + (number % 100) * 0.001, 55.60 + (number // 100) * 0.0006
        feature = QgsFeature(source.fields())
        feature.setAttributes([f"Areal {number}", "solgt?" if number % 20 == 0 else "Ledig", 31])
        feature.setGeometry(
            QgsGeometry.fromWkt(
                f"POLYGON(({x} {y}, {x + 0.0008} {y}, {x + 0.0008} {y + 0.0005}, {x} {y + 0.0005}, "
                f"{x} {y}))"
            )
        )
        features.append(feature)
    assert source.dataProvider().addFeatures(features)[0]
    return source


@pytest.fixture(autouse=True)
def own_reference_folder(tmp_path):
    """Every test keeps Erhvervsstyrelsen's fetched reference layers in a folder of its own (the
    QGIS profile is shared by every test run on the machine). Autouse where a conftest imports
    it (tests/plugin, tests/e2e)."""
    key = "overblikskort/reference_folder"
    stored = QgsSettings()
    before = stored.value(key)
    stored.setValue(key, str(tmp_path / "referencelag"))
    yield tmp_path / "referencelag"
    if before is None:
        stored.remove(key)
    else:
        stored.setValue(key, before)
