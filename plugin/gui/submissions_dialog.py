"""'Mine indsendelser': the kommune's submissions with status and ERST's comments."""
from __future__ import annotations

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout,
)

from ..core.background import BackgroundCall
from ..core.credentials import MissingCredentials, publisher_token
from ..core.language import qgis_language
from ..core.publisher_client import PublisherClient
from ..core.settings import Settings
from ..core.submissions import comments_layer, error_text, status_label
from ..core.workspace import workspace_views

COLUMNS = ("id", "created_at", "status", "file_name", "comment", "decided_by")


def _tr(text: str) -> str:
    return QCoreApplication.translate("SubmissionsDialog", text)


def _cell(key: str, value, language: str) -> str:
    if value is None:
        return ""
    if key == "status":
        return status_label(value, language)
    if key == "created_at":
        return local_time(str(value))
    return str(value)


def local_time(timestamp: str) -> str:
    """The publisher's ISO 8601 time (UTC) as the planner's local time, to the minute."""
    moment = QDateTime.fromString(timestamp, Qt.ISODate)
    return moment.toLocalTime().toString("yyyy-MM-dd HH:mm") if moment.isValid() else timestamp


class SubmissionsDialog(QDialog):
    """Lists submissions in the background; ``loaded`` fires after each (re)load."""

    loaded = pyqtSignal()

    def __init__(self, parent=None, dock=None):
        super().__init__(parent)
        self.dock = dock
        self.setWindowTitle(_tr("My submissions"))
        self.submissions: list[dict] = []
        self.task = None
        self.client: PublisherClient | None = None
        self.kommune = ""
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_tr("No."), _tr("Sent"), _tr("Status"),
                                              _tr("File"), _tr("Comment from ERST"),
                                              _tr("Decided by")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.refresh_button = QPushButton(_tr("Refresh"))
        self.comments_button = QPushButton(_tr("Show object comments on the map"))
        self.report_button = QPushButton(_tr("Show the publisher's report"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.comments_button)
        buttons.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.refresh_button.clicked.connect(self.refresh)
        self.comments_button.clicked.connect(self.show_comments)
        self.report_button.clicked.connect(self.show_report)
        self.resize(820, 380)

    def refresh(self) -> bool:
        settings = Settings.load()
        if not settings.publisher_url or not settings.kommunekode:
            self.status.setText(_tr("Set the publisher address and the municipality code under "
                                    "Settings ▸ Options ▸ Overblikskort."))
            return False
        try:
            token = publisher_token(settings.auth_config_id)
        except MissingCredentials as error:
            self.status.setText(error.message(qgis_language()))
            return False
        self.client = PublisherClient(settings.publisher_url, token)
        self.kommune = settings.kommunekode
        client, kommune = self.client, self.kommune
        self.task = BackgroundCall(_tr("Overblikskort: fetching submissions"),
                                   lambda: client.submissions(kommune))
        self.task.done.connect(self._show)
        self.task.failed.connect(self._failed)
        self.refresh_button.setEnabled(False)
        self.status.setText(_tr("Fetching…"))
        QgsApplication.taskManager().addTask(self.task)
        return True

    def _failed(self, error) -> None:
        self.task = None
        self.refresh_button.setEnabled(True)
        self.status.setText(error_text(error, qgis_language()))
        self.loaded.emit()

    def _show(self, submissions: list[dict]) -> None:
        self.task = None
        self.refresh_button.setEnabled(True)
        language = qgis_language()
        self.submissions = submissions
        self.table.setRowCount(len(submissions))
        for row, submission in enumerate(submissions):
            for column, key in enumerate(COLUMNS):
                self.table.setItem(row, column,
                                   QTableWidgetItem(_cell(key, submission.get(key), language)))
        self.table.resizeColumnsToContents()
        count = (_tr("{0} submission for kommune {1}.") if len(submissions) == 1
                 else _tr("{0} submissions for kommune {1}."))
        self.status.setText(count.format(len(submissions), self.kommune))
        self.loaded.emit()

    def _selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or self.client is None:
            self.status.setText(_tr("Choose a submission first."))
            return None
        return self.submissions[rows[0].row()]

    def show_report(self) -> bool:
        """Fetches the selected submission with its report and shows it in the Kontrol dock."""
        submission = self._selected()
        if submission is None or self.dock is None:
            return False
        client, number = self.client, submission["id"]
        self.task = BackgroundCall(_tr("Overblikskort: fetching submission {0}").format(number),
                                   lambda: client.submission(number))
        self.task.done.connect(self._report_fetched)
        self.task.failed.connect(self._failed)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def _report_fetched(self, submission: dict) -> None:
        self.task = None
        self.dock.show()
        self.dock.show_publisher_answer(submission, None)
        self.status.setText(_tr("The report of submission {0} is shown in Kontrol.")
                            .format(submission["id"]))
        self.loaded.emit()

    def show_comments(self) -> bool:
        """Loads the selected submission's object comments as a layer; False if there are none."""
        submission = self._selected()
        if submission is None:
            return False
        if not submission.get("object_comments"):
            self.status.setText(_tr("Submission {0} has no comments on single objects.")
                                .format(submission["id"]))
            return False
        layer = comments_layer(submission, [view for views in workspace_views().values()
                                            for view in views])
        QgsProject.instance().addMapLayer(layer)
        shown = (_tr("{0} comment shown in the layer '{1}'.") if layer.featureCount() == 1
                 else _tr("{0} comments shown in the layer '{1}'."))
        self.status.setText(shown.format(layer.featureCount(), layer.name()))
        return True
