"""The pre-flight check as a QgsTask: QGIS stays responsive, progress shows, cancel works."""

from __future__ import annotations

from qgis.core import QgsTask, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal

from datamodel.rules import ReferenceSet
from .check import CheckCanceled, CheckResult, run_check, snapshot


class CheckTask(QgsTask):
    """Emits ``checked(result)`` in the main thread when done; ``failed(message)`` otherwise."""

    checked = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(
        self,
        layers: dict[str, QgsVectorLayer],
        kommune: str,
        references: ReferenceSet | None = None,
    ):
        super().__init__(
            QCoreApplication.translate("CheckTask", "Overblikskort: checking the workspace"),
            QgsTask.CanCancel,
        )
        self.snapshots = snapshot(layers)
        self.kommune = kommune
        self.references = references
        self.result: CheckResult | None = None
        self.error: str | None = None

    def run(self) -> bool:
        try:
            self.result = run_check(
                self.snapshots,
                self.kommune,
                self.references,
                progress=self.setProgress,
                is_canceled=self.isCanceled,
            )
        except CheckCanceled:
            return False
        except Exception as error:  # shown to the planner instead of a lost thread traceback
            self.error = f"{type(error).__name__}: {error}"
            return False
        return True

    def finished(self, ok: bool) -> None:
        if ok and self.result is not None:
            self.checked.emit(self.result)
        elif self.isCanceled():
            self.failed.emit(QCoreApplication.translate("CheckTask", "The check was canceled."))
        else:
            self.failed.emit(
                QCoreApplication.translate("CheckTask", "The check failed: {0}").format(
                    self.error or ""
                )
            )
