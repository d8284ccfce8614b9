"""Which code each value of the source field becomes (for a code-list field)."""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from datamodel.schema import CodeList


def _tr(text: str) -> str:
    return QCoreApplication.translate("ValueMapDialog", text)


class ValueMapDialog(QDialog):
    def __init__(
        self,
        codelist: CodeList,
        source_values: list[str],
        current: dict[str, str],
        language: str,
        parent=None,
        fallback: str | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(
            _tr("Values of {0}").format(
                codelist.label_da if language == "da" else codelist.label_en
            )
        )
        self.source_values = source_values
        self.table = QTableWidget(len(source_values), 2)
        self.table.setHorizontalHeaderLabels([_tr("Value in the source"), _tr("Code")])
        for row, value in enumerate(source_values):
            self.table.setItem(row, 0, QTableWidgetItem(value))
            choice = QComboBox()
            choice.addItem(
                _tr("(leave as it is)")
                if fallback is None
                else _tr("(nearest general code {0})").format(fallback),
                None,
            )
            for code in codelist.codes:
                label = code.label_da if language == "da" else code.label_en
                choice.addItem(f"{code.value} – {label}", code.value)
            choice.setCurrentIndex(max(0, choice.findData(current.get(value))))
            self.table.setCellWidget(row, 1, choice)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        chosen = {}
        for row, value in enumerate(self.source_values):
            code = self.table.cellWidget(row, 1).currentData()
            if code is not None:
                chosen[value] = code
        return chosen
