"""Helpers shared by the test folders that run in real QGIS (tests/plugin, tests/e2e)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from qgis.core import QgsProject, QgsVectorLayer
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


def new_workspace_in(project: QgsProject, path: Path,
                     kommunekode: str) -> dict[str, QgsVectorLayer]:
    """'Ny arbejdsfil' done from code: the GeoPackage written, its layers in the project."""
    from plugin.core.workspace import (add_to_project, create_workspace, open_workspace,
                                       workspace_layers)

    create_workspace(path)
    add_to_project(open_workspace(path, kommunekode), project)
    return workspace_layers(project)
