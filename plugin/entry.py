"""The thin entry QGIS talks to: registers the plugin's GUI and Processing parts and removes them.

Every registration made here is remembered and reversed one by one in :meth:`unload`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMenu

from .core.language import qgis_language

PLUGIN_DIR = Path(__file__).resolve().parent
OBJECT_NAME = "Overblikskort"


class Overblikskort:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None
        self.toolbar = None
        self.menu = None
        self.dock = None
        self.options_factory = None
        self.workspace_actions = None
        self.send_flow = None
        self.submissions_dialog = None
        self.references_dialog = None
        self.workspace_on_top = None
        self.actions: list[QAction] = []

    @staticmethod
    def tr(text: str) -> str:
        return QCoreApplication.translate("Overblikskort", text)

    def initProcessing(self):
        from .processing.provider import OverblikskortProvider

        if self.provider is None:
            self.provider = OverblikskortProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):
        self._install_translator()
        self.initProcessing()

        from .gui.kontrol_dock import KontrolDock
        from .gui.options_page import OverblikskortOptionsFactory
        from .gui.workspace_actions import WorkspaceActions

        main_window = self.iface.mainWindow()
        self.workspace_actions = WorkspaceActions(self.iface)
        self.dock = KontrolDock(self.iface, main_window)
        self.dock.setObjectName(f"{OBJECT_NAME}KontrolDock")
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.dock)
        self.dock.hide()

        icon = QIcon(str(PLUGIN_DIR / "icon.svg"))
        self._add_action(self.tr("New workspace…"), self.workspace_actions.new_workspace, icon)
        self._add_action(self.tr("Open workspace…"), self.workspace_actions.open_workspace)
        self._add_action(self.tr("Import into workspace…"), self.show_import)
        self._add_action(
            self.tr("Fetch Erhvervsstyrelsen's reference layers…"), self.fetch_references
        )
        self._add_action(self.tr("Check workspace (Kontrol)"), self.dock.show_and_run)
        self._add_action(self.tr("Send for approval…"), self.send)
        self._add_action(self.tr("My submissions…"), self.show_submissions)

        self.toolbar = self.iface.addToolBar(OBJECT_NAME)
        self.toolbar.setObjectName(f"{OBJECT_NAME}Toolbar")
        self.toolbar.setWindowTitle(OBJECT_NAME)
        self.menu = QMenu(OBJECT_NAME, main_window)
        self.menu.setObjectName(f"{OBJECT_NAME}Menu")
        for action in self.actions:
            self.toolbar.addAction(action)
            self.menu.addAction(action)
        main_window.menuBar().insertMenu(
            self.iface.firstRightStandardMenu().menuAction(), self.menu
        )

        self.options_factory = OverblikskortOptionsFactory()
        self.iface.registerOptionsWidgetFactory(self.options_factory)

        project = QgsProject.instance()
        project.layersAdded.connect(self._follow_workspace_layers)
        self._follow_workspace_layers(project.mapLayers().values())
        from .core.layer_order import WorkspaceOnTop

        self.workspace_on_top = WorkspaceOnTop(project)

    def show_import(self):
        from .gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.iface.mainWindow())
        dialog.exec_()
        dialog.deleteLater()

    def fetch_references(self):
        """Opens the reference layers dialog and fetches Erhvervsstyrelsen's layers at once."""
        from .gui.references_dialog import ReferencesDialog

        if self.references_dialog is None:
            self.references_dialog = ReferencesDialog(self.iface.mainWindow())
        self.references_dialog.show()
        self.references_dialog.raise_()
        self.references_dialog.fetch()

    def send(self):
        from .gui.send_flow import SendFlow

        self.send_flow = SendFlow(self.iface, self.dock)
        self.send_flow.start()

    def show_submissions(self):
        from .gui.submissions_dialog import SubmissionsDialog

        if self.submissions_dialog is None:
            self.submissions_dialog = SubmissionsDialog(self.iface.mainWindow(), self.dock)
        self.submissions_dialog.show()
        self.submissions_dialog.refresh()

    @staticmethod
    def _follow_workspace_layers(layers) -> None:
        """Workspace layers that arrive with a saved project get what 'Open workspace' gives."""
        from .core.workspace import LAYER_PROPERTY, reconnect_siblings_after_saves

        for layer in layers:
            if isinstance(layer, QgsVectorLayer) and layer.customProperty(LAYER_PROPERTY):
                reconnect_siblings_after_saves(layer, QgsProject.instance())

    def _add_action(self, text, slot, icon=None) -> QAction:
        action = (
            QAction(icon, text, self.iface.mainWindow())
            if icon
            else QAction(text, self.iface.mainWindow())
        )
        action.setObjectName(f"{OBJECT_NAME}:{len(self.actions)}")
        action.triggered.connect(slot)
        self.actions.append(action)
        return action

    def _install_translator(self):
        qm_file = PLUGIN_DIR / "i18n" / f"overblikskort_{qgis_language()}.qm"
        if not qm_file.exists():
            return
        translator = QTranslator()
        if translator.load(str(qm_file)):
            QCoreApplication.installTranslator(translator)
            self.translator = translator

    def unload(self):
        from .core.workspace import stop_reconnecting_siblings

        with contextlib.suppress(TypeError):  # initGui never ran
            QgsProject.instance().layersAdded.disconnect(self._follow_workspace_layers)
        stop_reconnecting_siblings()
        if self.workspace_on_top is not None:
            self.workspace_on_top.disconnect()
            self.workspace_on_top = None
        if self.options_factory is not None:
            self.iface.unregisterOptionsWidgetFactory(self.options_factory)
            self.options_factory = None
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.setParent(None)
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.setParent(None)
            self.toolbar.deleteLater()
            self.toolbar = None
        for action in self.actions:
            action.deleteLater()
        self.actions = []
        if self.submissions_dialog is not None:
            self.submissions_dialog.close()
            self.submissions_dialog.setParent(None)
            self.submissions_dialog.deleteLater()
            self.submissions_dialog = None
        if self.references_dialog is not None:
            self.references_dialog.close()
            self.references_dialog.setParent(None)
            self.references_dialog.deleteLater()
            self.references_dialog = None
        self.send_flow = None
        if self.dock is not None:
            self.dock.cancel_check()
            self.dock.close_issue_layer()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
