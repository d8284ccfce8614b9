"""Helpers shared by the test folders that run in real QGIS (tests/plugin, tests/e2e)."""
from __future__ import annotations

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
