"""Which project layers the check uses as reference layers (kommunegrænser, nature, plans)."""
from __future__ import annotations

from qgis.core import QgsMapLayerProxyModel, QgsProject
from qgis.gui import QgsMapLayerComboBox
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout

from ..core.references import REFERENCE_PROPERTY, REFERENCE_TAGS


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferencesDialog", text)


def _labels() -> dict[str, str]:
    return {"kommunegraenser": _tr("Municipal boundaries (DAGI)"),
            "natura2000": _tr("Natura 2000 areas"), "paragraf3": _tr("§3 protected nature"),
            "fredning": _tr("Preservation orders (fredninger)"),
            "lokalplaner": _tr("Plandata lokalplaner"),
            "kommuneplanrammer": _tr("Plandata kommuneplanrammer")}


class ReferencesDialog(QDialog):
    """One layer per kind; the choice is stored on the layers (custom property), so it is saved
    with the project."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_tr("Reference layers for the check"))
        self.boxes: dict[str, QgsMapLayerComboBox] = {}
        form = QFormLayout()
        current = self.current()
        for kind, label in _labels().items():
            box = QgsMapLayerComboBox()
            box.setFilters(QgsMapLayerProxyModel.PolygonLayer)
            box.setAllowEmptyLayer(True)
            box.setLayer(current.get(kind))
            form.addRow(label, box)
            self.boxes[kind] = box
        note = QLabel(_tr("Without reference layers the checks against kommune boundaries, "
                          "nature and plans report that they could not run."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

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
