"""'Fra Plandata (WFS)': Plandata's lokalplaner as a source layer of the import, straight from
the WFS, only the planner's kommune."""

from __future__ import annotations

from qgis.core import QgsProject
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from ..core.language import qgis_language
from ..core.plandata import WFS_URL
from ..core.plandata_wfs import WfsError, feature_types, lokalplan_type, wfs_layer
from ..core.settings import Settings


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlandataDialog", text)


class PlandataDialog(QDialog):
    """On OK, ``layer`` is the WFS layer, added to the project."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_tr("Lokalplaner from Plandata (WFS)"))
        self.layer = None
        self.kommune = Settings.load().kommunekode
        self.url = QLineEdit(WFS_URL)
        self.list_button = QPushButton(_tr("Show layers"))
        self.types = QComboBox()
        self.only_kommune = QCheckBox(_tr("Only municipality {0}").format(self.kommune))
        self.only_kommune.setChecked(bool(self.kommune))
        self.only_kommune.setEnabled(bool(self.kommune))
        self.message = QLabel(_tr("Press 'Show layers' to read the service."))
        self.message.setWordWrap(True)
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.list_button)
        form = QFormLayout()
        form.addRow(_tr("WFS address"), url_row)
        form.addRow(_tr("Layer"), self.types)
        form.addRow("", self.only_kommune)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.list_button.clicked.connect(self.list_layers)
        self.resize(640, 220)

    def list_layers(self) -> bool:
        self.types.clear()
        try:
            names = feature_types(self.url.text().strip())
        except WfsError as error:
            self.message.setText(error.message(qgis_language()))
            return False
        for name in names:
            self.types.addItem(name)
        chosen = lokalplan_type(names)
        if chosen:
            self.types.setCurrentText(chosen)
        self.message.setText(
            _tr("{0} layers; Plandata's adopted lokalplaner are chosen.").format(len(names))
            if chosen
            else _tr("{0} layers; choose the one with the lokalplaner.").format(len(names))
        )
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(names))
        return bool(names)

    def accept(self) -> None:
        typename = self.types.currentText()
        kommune = self.kommune if self.only_kommune.isChecked() else None
        title = (
            _tr("Plandata lokalplaner {0}").format(kommune)
            if kommune
            else _tr("Plandata lokalplaner")
        )
        try:
            self.layer = wfs_layer(self.url.text().strip(), typename, kommune, title)
        except WfsError as error:
            self.message.setText(error.message(qgis_language()))
            return
        QgsProject.instance().addMapLayer(self.layer)
        super().accept()
