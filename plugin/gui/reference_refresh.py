"""Before a check or a send: Erhvervsstyrelsen's reference layers brought up to date in the
background, when a publisher is configured."""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication

from ..core.background import BackgroundCall
from ..core.credentials import configured_client
from ..core.erst_references import ERST_PROPERTY, fetch_references
from ..core.language import qgis_language
from ..core.layer_order import show_erst_layers
from ..core.settings import Settings
from ..core.submissions import error_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferenceRefresh", text)


def start_refresh(settings: Settings, then: Callable[[str], None]) -> BackgroundCall | None:
    """Starts the refresh as a task and calls ``then(note)`` in the main thread when it ends
    (``note`` is empty, or says why the copy at hand is used). None when no publisher is set."""
    client = configured_client(settings)
    if client is None:
        return None
    kommune = settings.kommunekode
    task = BackgroundCall(
        _tr("Overblikskort: looking for newer reference layers"),
        lambda: fetch_references(client, kommune),
    )

    def refreshed(outcome) -> None:
        manifest, fetched = outcome
        if fetched and any(
            layer.customProperty(ERST_PROPERTY)
            for layer in QgsProject.instance().mapLayers().values()
        ):
            show_erst_layers(manifest=manifest)
        then("")

    task.done.connect(refreshed)
    task.failed.connect(
        lambda error: then(
            _tr(
                "Could not look for newer reference layers ({0}); the check uses the copy at hand."
            ).format(error_text(error, qgis_language()))
        )
    )
    QgsApplication.taskManager().addTask(task)
    return task
