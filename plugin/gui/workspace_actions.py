"""The "New workspace" and "Open workspace" actions: file dialogs over core.workspace."""

from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QFileDialog

from ..core.settings import Settings
from ..core.workspace import (
    WorkspaceError,
    add_to_project,
    create_workspace,
    open_workspace,
    upgrade_workspace,
)
from datamodel.layers import DATAMODEL_VERSION

FILE_FILTER = "GeoPackage (*.gpkg)"
MESSAGE_SECONDS = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("WorkspaceActions", text)


class WorkspaceActions:
    def __init__(self, iface):
        self.iface = iface

    def new_workspace(self):
        path, _ = QFileDialog.getSaveFileName(
            self.iface.mainWindow(),
            _tr("New workspace"),
            "",
            FILE_FILTER,
            options=QFileDialog.DontConfirmOverwrite,
        )
        if path:
            if not path.lower().endswith(".gpkg"):
                path += ".gpkg"
            self.create_and_open(Path(path))

    def open_workspace(self):
        path, _ = QFileDialog.getOpenFileName(
            self.iface.mainWindow(), _tr("Open workspace"), "", FILE_FILTER
        )
        if path:
            self.open(Path(path))

    def create_and_open(self, path: Path) -> bool:
        try:
            create_workspace(path)
        except WorkspaceError as error:
            self._report(error)
            return False
        return self.open(path)

    def open(self, path: Path) -> bool:
        settings = Settings.load()
        try:
            added = upgrade_workspace(path)
            layers = open_workspace(path, settings.kommunekode)
        except (WorkspaceError, FileNotFoundError, ValueError) as error:
            self._report(error)
            return False
        add_to_project(layers)
        if added:
            self.iface.messageBar().pushMessage(
                "Overblikskort",
                _tr("The workspace was brought up to data model {0}; added: {1}.").format(
                    DATAMODEL_VERSION, ", ".join(added)
                ),
                Qgis.Info,
                MESSAGE_SECONDS,
            )
        if not settings.kommunekode:
            self.iface.messageBar().pushMessage(
                "Overblikskort",
                _tr(
                    "No municipality code is set: new objects get no kommunekode. "
                    "Set it under Settings ▸ Options ▸ Overblikskort."
                ),
                Qgis.Warning,
                MESSAGE_SECONDS,
            )
        return True

    def _report(self, error: Exception) -> None:
        self.iface.messageBar().pushMessage(
            "Overblikskort", str(error), Qgis.Critical, MESSAGE_SECONDS
        )
