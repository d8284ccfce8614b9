"""'Mine indsendelser': the kommune's submissions with status and ERST's comments, and the sites
that are overdue or due soon for confirmation (select them in the workspace, or "Bekræft
uændret")."""

from __future__ import annotations

from datetime import date

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.background import BackgroundCall
from ..core.credentials import MissingCredentials, publisher_token
from ..core.freshness import SITE_LAYER, freshness_label, mark_confirmed, select_sites
from ..core.language import qgis_language
from ..core.publisher_client import PublisherClient
from ..core.settings import Settings
from ..core.submissions import comments_layer, error_text, status_label
from ..core.workspace import workspace_views

COLUMNS = ("id", "created_at", "status", "file_name", "comment", "decided_by")
DUE_COLUMNS = ("navn", "sidst_bekraeftet", "due", "freshness")


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
        self.due: list[dict] = []
        self.notice = ""
        """What the last "Bekræft uændret" did; shown with the sites until the dialog closes."""
        self.task = None
        self.client: PublisherClient | None = None
        self.kommune = ""
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(
            [
                _tr("No."),
                _tr("Sent"),
                _tr("Status"),
                _tr("File"),
                _tr("Comment from ERST"),
                _tr("Decided by"),
            ]
        )
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
        self.due_status = QLabel()
        self.due_status.setWordWrap(True)
        self.due_table = QTableWidget(0, len(DUE_COLUMNS))
        self.due_table.setHorizontalHeaderLabels(
            [_tr("Site"), _tr("Last confirmed"), _tr("Confirm by"), _tr("State")]
        )
        self.due_table.setAccessibleName(_tr("Sites to confirm"))
        self.due_table.verticalHeader().setVisible(False)
        self.due_table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.due_table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.select_button = QPushButton(_tr("Select in the workspace"))
        self.confirm_button = QPushButton(_tr("Confirm unchanged"))
        self.confirm_button.setToolTip(
            _tr(
                "Sends a confirmation of the chosen sites (all when none "
                "is chosen) for approval; only their last-confirmed date "
                "changes, also in the workspace."
            )
        )
        due_buttons = QHBoxLayout()
        due_buttons.addWidget(self.select_button)
        due_buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(_tr("Sites to confirm")))
        layout.addWidget(self.due_status)
        layout.addWidget(self.due_table)
        layout.addLayout(due_buttons)
        self.refresh_button.clicked.connect(self.refresh)
        self.comments_button.clicked.connect(self.show_comments)
        self.report_button.clicked.connect(self.show_report)
        self.select_button.clicked.connect(self.select_due)
        self.confirm_button.clicked.connect(self.confirm_unchanged)
        self.resize(820, 560)

    def refresh(self) -> bool:
        settings = Settings.load()
        if not settings.publisher_url or not settings.kommunekode:
            self.status.setText(
                _tr(
                    "Set the publisher address and the municipality code under "
                    "Settings ▸ Options ▸ Overblikskort."
                )
            )
            return False
        try:
            token = publisher_token(settings.auth_config_id)
        except MissingCredentials as error:
            self.status.setText(error.message(qgis_language()))
            return False
        self.client = PublisherClient(settings.publisher_url, token)
        self.kommune = settings.kommunekode
        client, kommune = self.client, self.kommune
        self.task = BackgroundCall(
            _tr("Overblikskort: fetching submissions"),
            lambda: {
                "submissions": client.submissions(kommune),
                "due": client.sites_to_confirm(kommune),
            },
        )
        self.task.done.connect(self._loaded)
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

    def _loaded(self, answer: dict) -> None:
        self._show_due(answer["due"]["sites"])
        self._show(answer["submissions"])

    def _show_due(self, sites: list[dict]) -> None:
        language = qgis_language()
        self.due = sites
        self.due_table.setRowCount(len(sites))
        for row, site in enumerate(sites):
            values = (
                site["navn"],
                site.get("sidst_bekraeftet") or "",
                site["due"],
                freshness_label(site["freshness"], language),
            )
            for column, value in enumerate(values):
                self.due_table.setItem(row, column, QTableWidgetItem(value))
        self.due_table.resizeColumnsToContents()
        overdue = sum(site["freshness"] == "forfalden" for site in sites)
        summary = (
            _tr(
                "{0} overdue (not confirmed for 12 months), {1} due within 30 days. Select "
                "them in the workspace to review them, or confirm them unchanged."
            ).format(overdue, len(sites) - overdue)
            if sites
            else _tr("No site needs confirming.")
        )
        self.due_status.setText("\n".join(text for text in (summary, self.notice) if text))
        self.select_button.setEnabled(bool(sites))
        self.confirm_button.setEnabled(bool(sites))

    def _chosen_due(self) -> list[dict]:
        """The chosen rows of the sites to confirm; all of them when none is chosen."""
        model = self.due_table.selectionModel()
        rows = sorted({index.row() for index in model.selectedRows()}) if model else []
        return [self.due[row] for row in rows] or list(self.due)

    def select_due(self) -> int:
        """Selects the chosen sites to confirm in the workspace; how many were found there."""
        chosen = self._chosen_due()
        layers = workspace_views().get(SITE_LAYER, [])
        found = select_sites(layers, [site["objekt_id"] for site in chosen])
        self.status.setText(
            _tr("{0} of {1} sites selected in the workspace.").format(found, len(chosen))
        )
        return found

    def confirm_unchanged(self) -> bool:
        """Sends "Bekræft uændret" for the chosen sites (all when none is chosen)."""
        chosen = [site["objekt_id"] for site in self._chosen_due()]
        if not chosen or self.client is None:
            return False
        client, kommune = self.client, self.kommune
        self.task = BackgroundCall(
            _tr("Overblikskort: sending a confirmation"),
            lambda: client.confirm_unchanged(kommune, chosen),
        )
        self.task.done.connect(lambda answer: self._confirmed(answer, chosen))
        self.task.failed.connect(self._failed)
        self.confirm_button.setEnabled(False)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def _confirmed(self, answer: dict, chosen: list[str]) -> None:
        self.task = None
        marked = mark_confirmed(workspace_views().get(SITE_LAYER, []), chosen, date.today())
        self.notice = _tr(
            "Confirmation {0} of {1} sites was sent ({2}); they stay on this list "
            "until it is approved. {3} were given today's date in the workspace."
        ).format(answer["id"], len(chosen), status_label(answer["status"], qgis_language()), marked)
        self.refresh()

    def _show(self, submissions: list[dict]) -> None:
        self.task = None
        self.refresh_button.setEnabled(True)
        language = qgis_language()
        self.submissions = submissions
        self.table.setRowCount(len(submissions))
        for row, submission in enumerate(submissions):
            for column, key in enumerate(COLUMNS):
                self.table.setItem(
                    row, column, QTableWidgetItem(_cell(key, submission.get(key), language))
                )
        self.table.resizeColumnsToContents()
        count = (
            _tr("{0} submission for kommune {1}.")
            if len(submissions) == 1
            else _tr("{0} submissions for kommune {1}.")
        )
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
        self.task = BackgroundCall(
            _tr("Overblikskort: fetching submission {0}").format(number),
            lambda: client.submission(number),
        )
        self.task.done.connect(self._report_fetched)
        self.task.failed.connect(self._failed)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def _report_fetched(self, submission: dict) -> None:
        self.task = None
        self.dock.show()
        self.dock.show_publisher_answer(submission, None)
        self.status.setText(
            _tr("The report of submission {0} is shown in Kontrol.").format(submission["id"])
        )
        self.loaded.emit()

    def show_comments(self) -> bool:
        """Loads the selected submission's object comments as a layer; False if there are none."""
        submission = self._selected()
        if submission is None:
            return False
        if not submission.get("object_comments"):
            self.status.setText(
                _tr("Submission {0} has no comments on single objects.").format(submission["id"])
            )
            return False
        layer = comments_layer(
            submission, [view for views in workspace_views().values() for view in views]
        )
        QgsProject.instance().addMapLayer(layer)
        shown = (
            _tr("{0} comment shown in the layer '{1}'.")
            if layer.featureCount() == 1
            else _tr("{0} comments shown in the layer '{1}'.")
        )
        self.status.setText(shown.format(layer.featureCount(), layer.name()))
        return True
