"""Which reference layers the check uses: Erhvervsstyrelsen's own, fetched from the publisher
with their sources and dates, and the planner's own layers, marked as not Erhvervsstyrelsen's."""

from __future__ import annotations

import contextlib

from qgis.core import QgsApplication, QgsMapLayerProxyModel, QgsProject
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QCoreApplication, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.background import BackgroundCall
from ..core.credentials import configured_client
from ..core.erst_references import Manifest, fetch_references
from ..core.language import qgis_language
from ..core.layer_order import show_erst_layers
from ..core.reference_kinds import kind_label, local_date
from ..core.references import REFERENCE_PROPERTY, REFERENCE_TAGS
from ..core.settings import Settings
from ..core.submissions import error_text

COLUMNS = 4


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferencesDialog", text)


class ReferencesDialog(QDialog):
    """The own-layer choice is stored on the layers (custom property), so it is saved with the
    project. ``fetched(manifest)`` fires when Erhvervsstyrelsen's layers have been fetched."""

    fetched = pyqtSignal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_tr("Reference layers for the check"))
        self.task: BackgroundCall | None = None
        self.table = QTableWidget(0, COLUMNS)
        self.table.setHorizontalHeaderLabels(
            [
                _tr("Layer"),
                _tr("Sources (loaded by Erhvervsstyrelsen)"),
                _tr("Objects"),
                _tr("Fetched"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(COLUMNS):
            header.setSectionResizeMode(
                column, QHeaderView.Stretch if column == 1 else QHeaderView.ResizeToContents
            )
        self.fetch_button = QPushButton(_tr("Fetch Erhvervsstyrelsen's reference layers"))
        self.fetch_status = QLabel()
        self.fetch_status.setWordWrap(True)
        erst_note = QLabel(
            _tr(
                "By default Kontrol and the Processing algorithms check against "
                "these layers, so they answer as Erhvervsstyrelsen's check does. "
                "A newer version at the publisher is fetched before each check."
            )
        )
        erst_note.setWordWrap(True)
        fetch_row = QHBoxLayout()
        fetch_row.addWidget(self.fetch_button)
        fetch_row.addWidget(self.fetch_status, 1)
        erst_box = QGroupBox(_tr("Erhvervsstyrelsen's reference layers"))
        erst_layout = QVBoxLayout(erst_box)
        erst_layout.addWidget(self.table)
        erst_layout.addLayout(fetch_row)
        erst_layout.addWidget(erst_note)

        self.boxes: dict[str, QgsMapLayerComboBox] = {}
        form = QFormLayout()
        current = self.current()
        for kind in REFERENCE_TAGS:
            box = QgsMapLayerComboBox()
            box.setFilters(QgsMapLayerProxyModel.PolygonLayer)
            box.setAllowEmptyLayer(True)
            box.setLayer(current.get(kind))
            form.addRow(kind_label(kind), box)
            self.boxes[kind] = box
        own_note = QLabel(
            _tr(
                "An own layer is used instead of Erhvervsstyrelsen's layer of the "
                "same kind; the check may then answer differently from "
                "Erhvervsstyrelsen's. Leave empty to use Erhvervsstyrelsen's."
            )
        )
        own_note.setWordWrap(True)
        own_box = QGroupBox(_tr("Your own reference layers (not Erhvervsstyrelsen's)"))
        own_layout = QVBoxLayout(own_box)
        own_layout.addLayout(form)
        own_layout.addWidget(own_note)

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(erst_box, 1)
        layout.addWidget(own_box)
        layout.addWidget(buttons)
        self.fetch_button.clicked.connect(self.fetch)
        self.resize(960, 620)
        self.show_manifest(Manifest.load())

    def show_manifest(self, manifest: Manifest) -> None:
        """One row per fetched kind: its sources with ERST's dates, the count, when fetched."""
        self.table.setRowCount(len(manifest.kinds))
        for row, (kind, fetched) in enumerate(sorted(manifest.kinds.items())):
            sources = "\n".join(
                f"{source.get('file_name') or source.get('source')} "
                f"({local_date(source.get('imported_at', ''))})"
                for source in fetched.sources
            )
            for column, text in enumerate(
                (
                    kind_label(kind),
                    sources,
                    str(fetched.feature_count),
                    local_date(fetched.fetched_at),
                )
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        if not manifest.kinds:
            self.fetch_status.setText(_tr("Not fetched yet."))
        elif manifest.checked_at:
            self.fetch_status.setText(
                _tr("Compared with the publisher {0}.").format(local_date(manifest.checked_at))
            )

    def fetch(self) -> BackgroundCall | None:
        """Fetches in the background what is new at the publisher; adds the layers to the map."""
        if self.task is not None:
            return self.task
        settings = Settings.load()
        client = configured_client(settings)
        if client is None:
            self.fetch_status.setText(
                _tr(
                    "Set the publisher address, the municipality code and "
                    "the authentication under Settings ▸ Options ▸ "
                    "Overblikskort first."
                )
            )
            return None
        kommune = settings.kommunekode
        self.task = BackgroundCall(
            _tr("Overblikskort: fetching Erhvervsstyrelsen's reference layers"),
            lambda: fetch_references(client, kommune),
        )
        self.task.done.connect(lambda outcome: show_erst_layers(manifest=outcome[0]))
        self.task.done.connect(self._fetched)
        self.task.failed.connect(self._failed)
        self.fetch_button.setEnabled(False)
        self.fetch_status.setText(_tr("Fetching…"))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _fetched(self, outcome) -> None:
        manifest, fetched = outcome
        self.task = None
        self.fetch_button.setEnabled(True)
        self.show_manifest(manifest)
        self.fetch_status.setText(
            _tr("Fetched: {0}.").format(", ".join(kind_label(kind) for kind in fetched))
            if fetched
            else _tr("The layers at hand are Erhvervsstyrelsen's newest.")
        )
        self.fetched.emit(manifest)

    def _failed(self, error) -> None:
        self.task = None
        self.fetch_button.setEnabled(True)
        self.fetch_status.setText(
            _tr("Could not fetch the reference layers: {0}").format(
                error_text(error, qgis_language())
            )
        )

    @staticmethod
    def current() -> dict:
        found = {}
        for layer in QgsProject.instance().mapLayers().values():
            kind = layer.customProperty(REFERENCE_PROPERTY)
            if kind in REFERENCE_TAGS and kind not in found:
                found[kind] = layer
        return found

    def apply(self) -> None:
        for layer in QgsProject.instance().mapLayers().values():
            if layer.customProperty(REFERENCE_PROPERTY) in self.boxes:
                layer.removeCustomProperty(REFERENCE_PROPERTY)
        for kind, box in self.boxes.items():
            if box.currentLayer() is not None:
                box.currentLayer().setCustomProperty(REFERENCE_PROPERTY, kind)

    def accept(self) -> None:
        self.apply()
        super().accept()

    def done(self, result: int) -> None:
        """Closing leaves a running fetch to finish; its layers still reach the map."""
        if self.task is not None:
            for signal, slot in ((self.task.done, self._fetched), (self.task.failed, self._failed)):
                with contextlib.suppress(TypeError):
                    signal.disconnect(slot)
            self.task = None
        super().done(result)
