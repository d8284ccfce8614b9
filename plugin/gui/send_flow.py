"""'Send til godkendelse': pre-flight check, package, upload in the background, show the answer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal

from ..core.background import BackgroundCall
from ..core.check import CheckResult
from ..core.check_task import CheckTask
from ..core.credentials import MissingCredentials, publisher_token
from ..core.export import ExportError, export_submission
from ..core.language import qgis_language
from ..core.publisher_client import PublisherClient
from ..core.erst_references import choose_references as references_for_check
from ..core.reference_kinds import describe
from ..core.references import ReferenceLayers
from ..core.settings import Settings
from ..core.submissions import error_text, status_label
from ..core.workspace import workspace_views
from .reference_refresh import start_refresh

MESSAGE_SECONDS = 10


def _tr(text: str) -> str:
    return QCoreApplication.translate("SendFlow", text)


class SendFlow(QObject):
    """One send. ``finished(answer)`` carries the publisher's answer, or None when nothing was
    sent (blocking findings, missing settings, an error: the message bar says which)."""

    finished = pyqtSignal(object)

    def __init__(self, iface, dock, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.dock = dock
        self.layers = {}
        self.client: PublisherClient | None = None
        self.kommune = ""
        self.check: CheckResult | None = None
        self.task = None
        self.work_dir = None

    def start(self) -> bool:
        settings = Settings.load()
        self.layers = workspace_views()
        problem = None
        if not self.layers:
            problem = _tr(
                "No Overblikskort workspace is open: use 'New workspace' or 'Open workspace' first."
            )
        elif not settings.kommunekode or not settings.publisher_url or settings.problems():
            problem = _tr(
                "Set the publisher address and the municipality code under Settings ▸ "
                "Options ▸ Overblikskort before sending."
            )
        if problem is None:
            try:
                token = publisher_token(settings.auth_config_id)
            except MissingCredentials as error:
                problem = error.message(qgis_language())
        if problem is not None:
            return self._stop(problem)
        self.client = PublisherClient(settings.publisher_url, token)
        self.kommune = settings.kommunekode
        self.task = start_refresh(settings, self._check)
        if self.task is None:
            self._check("")
        return True

    def _check(self, note: str) -> None:
        """The pre-flight check with Erhvervsstyrelsen's references, just brought up to date."""
        chosen = references_for_check(self.kommune, ReferenceLayers.from_project())
        try:
            references = chosen.layers.rule_input()
        except (KeyError, ValueError) as error:
            self._stop(_tr("A reference layer cannot be used: {0}").format(error))
            return
        self.dock.references_note.setText(
            " ".join(part for part in (describe(chosen), note) if part)
        )
        self.task = CheckTask(self.layers, self.kommune, references)
        self.task.checked.connect(self._checked)
        self.task.failed.connect(self._stop)
        QgsApplication.taskManager().addTask(self.task)

    def _checked(self, result: CheckResult) -> None:
        self.check = result
        if result.report.blocking:
            self.dock.show()
            self.dock.show_result(result)
            count = result.report.summary["blokerende"]
            self._stop(
                (
                    _tr("Not sent: {0} blocking finding must be fixed first (see Kontrol).")
                    if count == 1
                    else _tr("Not sent: {0} blocking findings must be fixed first (see Kontrol).")
                ).format(count)
            )
            return
        self.work_dir = tempfile.TemporaryDirectory(prefix="overblikskort-")
        path = Path(self.work_dir.name) / f"overblikskort_{self.kommune}.gpkg"
        try:
            export_submission(self.layers, path)
        except ExportError as error:
            self._stop(str(error))
            return
        client, kommune = self.client, self.kommune
        self.task = BackgroundCall(
            _tr("Overblikskort: sending to the publisher"), lambda: client.submit(path, kommune)
        )
        self.task.done.connect(self._sent)
        self.task.failed.connect(lambda error: self._stop(error_text(error, qgis_language())))
        QgsApplication.taskManager().addTask(self.task)

    def _sent(self, answer: dict) -> None:
        self._cleanup()
        language = qgis_language()
        level = Qgis.Success if answer.get("status") == "til_godkendelse" else Qgis.Warning
        self.iface.messageBar().pushMessage(
            "Overblikskort",
            _tr("Submission {0} received: {1}.").format(
                answer.get("id"), status_label(answer.get("status", ""), language)
            ),
            level,
            MESSAGE_SECONDS,
        )
        self.dock.show()
        self.dock.show_publisher_answer(answer, self.check)
        self.finished.emit(answer)

    def _stop(self, message: str) -> bool:
        self._cleanup()
        self.iface.messageBar().pushMessage(
            "Overblikskort", message, Qgis.Critical, MESSAGE_SECONDS
        )
        self.finished.emit(None)
        return False

    def _cleanup(self) -> None:
        self.task = None
        if self.work_dir is not None:
            self.work_dir.cleanup()
            self.work_dir = None
