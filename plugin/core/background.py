"""Any slow call (HTTP to the publisher) as a QgsTask, so QGIS never waits on the network."""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal


class BackgroundCall(QgsTask):
    """Runs ``work()`` off the main thread; emits ``done(result)`` or ``failed(error)`` (an
    exception with ``message(language)``, or any other exception) in the main thread."""

    done = pyqtSignal(object)
    failed = pyqtSignal(object)

    def __init__(self, description: str, work: Callable[[], object]):
        super().__init__(description, QgsTask.CanCancel)
        self.work = work
        self.result = None
        self.error: Exception | None = None

    def run(self) -> bool:
        try:
            self.result = self.work()
        except Exception as error:  # shown to the planner, never lost in a thread
            self.error = error
            return False
        return True

    def finished(self, ok: bool) -> None:
        if ok:
            self.done.emit(self.result)
        else:
            self.failed.emit(self.error)
