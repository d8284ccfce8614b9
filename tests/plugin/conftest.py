"""Fixtures for the plugin tests in real QGIS (pytest-qgis)."""
from __future__ import annotations

from pathlib import Path

import pytest
from osgeo import gdal
from qgis.core import Qgis, QgsProject, QgsSettings
from qgis.PyQt.QtWidgets import QMenu

REPO_ROOT = Path(__file__).resolve().parents[2]


def pytest_report_header(config):
    return f"QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__} (bindings of the QGIS install)"


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


@pytest.fixture(scope="session")
def iface(qgis_iface):
    InterfaceRegistrations(qgis_iface)
    return qgis_iface


@pytest.fixture()
def settings_sandbox():
    """Restores every plugin and locale setting a test changes."""
    keys = ("overblikskort", "locale")
    stored = QgsSettings()
    saved = {key: stored.value(key) for key in stored.allKeys() if key.startswith(keys)}
    yield stored
    for key in stored.allKeys():
        if key.startswith(keys) and key not in saved:
            stored.remove(key)
    for key, value in saved.items():
        stored.setValue(key, value)


@pytest.fixture()
def danish(settings_sandbox):
    settings_sandbox.setValue("locale/overrideFlag", True)
    settings_sandbox.setValue("locale/userLocale", "da_DK")
    return settings_sandbox


@pytest.fixture()
def clean_project():
    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()
