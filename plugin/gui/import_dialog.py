"""'Importér': a field-mapping dialog from any vector layer into a workspace layer, or straight
from Plandata's WFS.

Preview and import run as a QgsTask (progress, cancel), so QGIS never freezes on a big source."""

from __future__ import annotations

from qgis.core import QgsApplication, QgsMapLayerProxyModel, QgsProject
from qgis.gui import QgsMapLayerComboBox
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
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..core.field_mapping import FieldRule, Mapping, distinct_values, mapping_for, save_mapping
from ..core.importer import Importer, ImportReport, ImportTask
from ..core.language import qgis_language
from ..core.workspace import LAYER_PROPERTY, workspace_views
from datamodel.codelists import CODELISTS
from datamodel.layers import LAYERS
from .value_map_dialog import ValueMapDialog

SOURCE_COLUMN, CONSTANT_COLUMN, VALUES_COLUMN = 1, 2, 3
SHOWN_REASONS = 8
SHOWN_OUTSIDE = 8


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class ImportDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_tr("Import into the workspace"))
        self.language = qgis_language()
        self.mapping: Mapping | None = None
        self.task: ImportTask | None = None
        self.report: ImportReport | None = None
        """The last preview's or import's report."""
        self.source_box = QgsMapLayerComboBox()
        self.source_box.setFilters(QgsMapLayerProxyModel.VectorLayer)
        self.target_box = QComboBox()
        for views in workspace_views().values():
            for view in views:
                self.target_box.addItem(view.name(), view.id())
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_tr("Field"), _tr("From source field"), _tr("Or fixed value"), _tr("Code values")]
        )
        self.summary = QLabel(_tr("Choose the source layer and the workspace layer."))
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.skip_outside = QCheckBox(_tr("Skip rows outside the municipality"))
        self.skip_outside.setChecked(True)
        self.skip_outside.setToolTip(
            _tr(
                "Rows with another municipality's code, or lying mostly "
                "outside the municipality, would block the send."
            )
        )
        self.plandata_button = QPushButton(_tr("From Plandata (WFS)…"))
        self.preview_button = QPushButton(_tr("Preview"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.import_button = self.buttons.addButton(_tr("Import"), QDialogButtonBox.AcceptRole)

        source_row = QHBoxLayout()
        source_row.addWidget(self.source_box, 1)
        source_row.addWidget(self.plandata_button)
        form = QFormLayout()
        form.addRow(_tr("Source layer"), source_row)
        form.addRow(_tr("Workspace layer"), self.target_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.preview_button)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table)
        layout.addWidget(self.skip_outside)
        layout.addWidget(self.summary)
        layout.addWidget(self.progress)
        layout.addLayout(bottom)

        self.source_box.layerChanged.connect(self.load_mapping)
        self.target_box.currentIndexChanged.connect(self.load_mapping)
        self.plandata_button.clicked.connect(self.add_plandata_layer)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self.run_import)
        self.buttons.rejected.connect(self.cancel_or_close)
        self.resize(900, 600)
        self.load_mapping()

    def source(self):
        return self.source_box.currentLayer()

    def add_plandata_layer(self):
        """Plandata's lokalplaner from the WFS, chosen as the source."""
        from .plandata_dialog import PlandataDialog

        dialog = PlandataDialog(self)
        if dialog.exec_() and dialog.layer is not None:
            self.source_box.setLayer(dialog.layer)
        dialog.deleteLater()
        return dialog.layer

    def target(self):
        layer_id = self.target_box.currentData()
        return QgsProject.instance().mapLayer(layer_id) if layer_id else None

    def load_mapping(self) -> None:
        source, target = self.source(), self.target()
        name = target.customProperty(LAYER_PROPERTY) if target is not None else None
        self.table.setRowCount(0)
        if source is None or name is None:
            self.mapping = None
            return
        self.mapping = mapping_for(source, name)
        fields = [f for f in LAYERS[name].fields if not f.derived_from_geometry]
        self.table.setRowCount(len(fields))
        source_names = [f.name() for f in source.fields()]
        for row, model_field in enumerate(fields):
            rule = self.mapping.fields.get(model_field.name, FieldRule())
            label = model_field.label(self.language) + (" *" if model_field.required else "")
            item = QTableWidgetItem(label)
            item.setToolTip(model_field.name)
            self.table.setItem(row, 0, item)
            choice = QComboBox()
            choice.addItem(_tr("(not imported)"), None)
            for name_in_source in source_names:
                choice.addItem(name_in_source, name_in_source)
            choice.setCurrentIndex(max(0, choice.findData(rule.source)))
            self.table.setCellWidget(row, SOURCE_COLUMN, choice)
            self.table.setCellWidget(
                row, CONSTANT_COLUMN, self._constant_editor(model_field, rule.constant)
            )
            if model_field.codelist:
                button = QPushButton(_tr("Values…"))
                button.clicked.connect(lambda _checked=False, f=model_field: self.edit_values(f))
                self.table.setCellWidget(row, VALUES_COLUMN, button)
        self.skip_outside.setChecked(self.mapping.skip_outside)
        self.table.resizeColumnsToContents()
        self.summary.setText(_tr("Check the mapping, then press Preview."))

    def _constant_editor(self, model_field, constant):
        """A list of the codes for a code-list field (e.g. status: fremtidig, or ledig on
        request), free text otherwise."""
        if not model_field.codelist:
            return QLineEdit("" if constant is None else str(constant))
        choice = QComboBox()
        choice.addItem("", None)
        for code in CODELISTS[model_field.codelist].codes:
            label = code.label_da if self.language == "da" else code.label_en
            choice.addItem(f"{code.value} – {label}", code.value)
        choice.setCurrentIndex(max(0, choice.findData(None if constant is None else str(constant))))
        return choice

    def edited_mapping(self) -> Mapping | None:
        """The mapping as the table shows it now."""
        if self.mapping is None:
            return None
        fields = [f for f in self.mapping.model.fields if not f.derived_from_geometry]
        for row, model_field in enumerate(fields):
            rule = self.mapping.rule(model_field.name)
            rule.source = self.table.cellWidget(row, SOURCE_COLUMN).currentData()
            editor = self.table.cellWidget(row, CONSTANT_COLUMN)
            text = editor.currentData() if isinstance(editor, QComboBox) else editor.text().strip()
            rule.constant = text or None
        self.mapping.fields = {
            name: rule
            for name, rule in self.mapping.fields.items()
            if rule.source or rule.constant is not None or rule.values
        }
        self.mapping.skip_outside = self.skip_outside.isChecked()
        return self.mapping

    def edit_values(self, model_field) -> None:
        mapping = self.edited_mapping()
        rule = mapping.rule(model_field.name)
        if not rule.source:
            self.summary.setText(
                _tr("Choose the source field of {0} first.").format(
                    model_field.label(self.language)
                )
            )
            return
        dialog = ValueMapDialog(
            CODELISTS[model_field.codelist],
            distinct_values(self.source(), rule.source),
            rule.values,
            self.language,
            self,
            rule.fallback,
        )
        if dialog.exec_():
            rule.values = dialog.values()

    def preview(self) -> ImportTask | None:
        """Starts the preview in the background; the summary shows the outcome."""
        return self._start(adding=False)

    def run_import(self) -> ImportTask | None:
        """Starts the import in the background; the features go into the layer's edit buffer as
        one edit command when it is done."""
        return self._start(adding=True)

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            self.reject()

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
        super().reject()

    def _start(self, adding: bool) -> ImportTask | None:
        if self.task is not None:
            return None
        importer = self._importer()
        if importer is None:
            return None
        self.task = ImportTask(importer, adding)
        self.task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        self.task.done.connect(self._imported if adding else self._previewed)
        self.task.failed.connect(self._failed)
        self._set_running(True)
        self.summary.setText(_tr("Importing…") if adding else _tr("Reading the source layer…"))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _set_running(self, running: bool) -> None:
        for widget in (
            self.preview_button,
            self.import_button,
            self.table,
            self.source_box,
            self.target_box,
        ):
            widget.setEnabled(not running)
        self.progress.setValue(0)
        self.progress.setVisible(running)
        if not running:
            self.task = None

    def _previewed(self, report: ImportReport) -> None:
        self._set_running(False)
        self.report = report
        self.summary.setText("\n".join(self._report_lines(report)))

    def _report_lines(self, report: ImportReport) -> list[str]:
        lines = [_tr("{0} of {1} features will be imported.").format(report.ready, report.total)]
        if report.outside:
            lines.append(
                (
                    _tr("{0} rows lie outside the municipality and are skipped:")
                    if report.skipped_outside
                    else _tr("{0} rows lie outside the municipality (they would block the send):")
                ).format(len(report.outside))
            )
            for _, name, code in report.outside[:SHOWN_OUTSIDE]:
                lines.append(f"• {name} ({code})")
            if len(report.outside) > SHOWN_OUTSIDE:
                lines.append(_tr("• and {0} more").format(len(report.outside) - SHOWN_OUTSIDE))
        if report.failures:
            lines.append(_tr("{0} would fail:").format(len(report.failures)))
            for reason, count in report.reason_counts().most_common(SHOWN_REASONS):
                lines.append(f"• {reason} ({count})")
        if report.warnings:
            lines.append(_tr("Look at these values:"))
            for warning, count in report.warnings.most_common(SHOWN_REASONS):
                lines.append(f"• {warning} ({count})")
        return lines

    def _imported(self, report: ImportReport) -> None:
        self._set_running(False)
        self.report = report
        save_mapping(self.source(), self.mapping)
        text = _tr("{0} of {1} features imported.").format(report.imported, report.total)
        if report.failures:
            failed = len(report.failures)
            text += " " + (
                _tr("{0} was not imported; see the preview for why.")
                if failed == 1
                else _tr("{0} were not imported; see the preview for why.")
            ).format(failed)
        if report.outside and report.skipped_outside:
            text += " " + _tr("{0} rows outside the municipality were skipped.").format(
                len(report.outside)
            )
        if report.imported:
            text += " " + _tr(
                "They are in the layer's edit buffer: look at them, then save the "
                "edits (or undo the whole import with Ctrl+Z)."
            )
        self.summary.setText(text)

    def _failed(self, message: str) -> None:
        self._set_running(False)
        self.report = None
        self.summary.setText(message)

    def _importer(self) -> Importer | None:
        mapping, target = self.edited_mapping(), self.target()
        if mapping is None or target is None:
            self.summary.setText(_tr("Open a workspace and choose a source layer first."))
            return None
        return Importer(self.source(), target, mapping)
