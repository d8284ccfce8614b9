"""The "Kontrol" dock: runs the pre-flight check and lists its findings by severity and rule."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from qgis.core import QgsApplication, QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..core.check import CheckResult
from ..core.check_task import CheckTask
from ..core.issue_layer import build_issue_layer, severity_label
from ..core.language import qgis_language
from ..core.erst_references import choose_references as references_for_check
from ..core.reference_kinds import describe
from ..core.references import ReferenceLayers
from ..core.repairs import apply_repairs, repairs
from ..core.settings import Settings
from ..core.submissions import status_label
from ..core.workspace import workspace_views
from .reference_refresh import start_refresh
from .wrapping_tree import WrappingTree
from datamodel.findings import SEVERITY_ORDER, Finding, Report
from datamodel.rules import RULES

FINDING_ROLE = Qt.UserRole + 1


def _tr(text: str) -> str:
    return QCoreApplication.translate("KontrolDock", text)


class KontrolDock(QgsDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(_tr("Check (Kontrol)"), parent)
        self.iface = iface
        self.task: CheckTask | None = None
        self.result: CheckResult | None = None
        self.issue_layer_id: str | None = None

        self.run_button = QPushButton(_tr("Run check"))
        self.cancel_button = QPushButton(_tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.fix_button = QPushButton(_tr("Apply safe fixes"))
        self.fix_button.setToolTip(
            _tr(
                "Writes the geometries the check repaired into the layers "
                "as one edit you can undo; nothing is saved."
            )
        )
        self.fix_button.setEnabled(False)
        self.references_button = QPushButton(_tr("Reference layers…"))
        self.watched_layers: set[str] = set()
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.summary = QLabel(_tr("Open a workspace and run the check."))
        self.summary.setWordWrap(True)
        self.references_note = QLabel()
        self.references_note.setWordWrap(True)
        self.references_note.setAccessibleName(_tr("Reference layers the check used"))
        self.tree = WrappingTree()
        self.tree.setAccessibleName(_tr("Findings of the check"))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.RichText)
        self.details.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.details.setAccessibleName(_tr("The chosen finding and how to fix it"))
        details_area = QScrollArea()
        details_area.setWidgetResizable(True)
        details_area.setWidget(self.details)
        split = QSplitter(Qt.Vertical)
        split.addWidget(self.tree)
        split.addWidget(details_area)
        split.setChildrenCollapsible(False)
        split.setSizes([500, 180])

        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.fix_button)
        buttons.addWidget(self.references_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.references_note)
        layout.addWidget(split, 1)
        self.setWidget(content)

        self.run_button.clicked.connect(self.run_check)
        self.cancel_button.clicked.connect(self.cancel_check)
        self.fix_button.clicked.connect(self.apply_fixes)
        self.references_button.clicked.connect(self.choose_references)
        self.tree.itemClicked.connect(self.open_finding)
        self.tree.currentItemChanged.connect(self._show_details)

    def show_and_run(self) -> None:
        self.show()
        self.raise_()
        self.run_check()

    def run_check(self):
        """Brings Erhvervsstyrelsen's reference layers up to date (when a publisher is set), then
        starts the check as a background task; returns the task running first (None when
        nothing can be checked)."""
        if self.task is not None:
            return self.task
        layers = workspace_views()
        if not layers:
            self.summary.setText(
                _tr(
                    "No Overblikskort workspace is open: use 'New workspace' or "
                    "'Open workspace' first."
                )
            )
            return None
        settings = Settings.load()
        if not settings.kommunekode:
            self.summary.setText(
                _tr(
                    "Set the municipality code under Settings ▸ Options ▸ "
                    "Overblikskort before checking."
                )
            )
            return None
        self._set_running(True)
        refresh = start_refresh(
            settings, lambda note: self._start_check(settings.kommunekode, note)
        )
        if refresh is None:
            return self._start_check(settings.kommunekode, "")
        self.task = refresh
        self.summary.setText(_tr("Looking for newer reference layers at the publisher…"))
        return refresh

    def _start_check(self, kommune: str, note: str) -> CheckTask | None:
        self.task = None
        layers = workspace_views()
        if not layers:
            self._show_failure(
                _tr(
                    "No Overblikskort workspace is open: use 'New workspace' or "
                    "'Open workspace' first."
                )
            )
            return None
        chosen = references_for_check(kommune, ReferenceLayers.from_project())
        try:
            references = chosen.layers.rule_input()
        except (KeyError, ValueError) as error:
            self._show_failure(_tr("A reference layer cannot be used: {0}").format(error))
            return None
        self.references_note.setText(" ".join(part for part in (describe(chosen), note) if part))
        self._watch(view for views in layers.values() for view in views)
        self.task = CheckTask(layers, kommune, references)
        self.task.progressChanged.connect(lambda value: self.progress.setValue(int(value)))
        self.task.checked.connect(self.show_result)
        self.task.failed.connect(self._show_failure)
        self._set_running(True)
        self.summary.setText(_tr("Checking…"))
        QgsApplication.taskManager().addTask(self.task)
        return self.task

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        if running:
            self.progress.setValue(0)

    def _watch(self, layers) -> None:
        """Checks again whenever edits of a workspace layer are saved."""
        for layer in layers:
            if layer.id() not in self.watched_layers:
                layer.afterCommitChanges.connect(self._edits_saved)
                self.watched_layers.add(layer.id())

    def _edits_saved(self) -> None:
        if self.result is not None and self.task is None:
            self.run_check()

    def choose_references(self) -> None:
        from .references_dialog import ReferencesDialog

        dialog = ReferencesDialog(self)
        dialog.exec_()
        dialog.deleteLater()

    def apply_fixes(self) -> int:
        """The check's own geometry repairs, as one undoable edit per layer."""
        if self.result is None:
            return 0
        changed = apply_repairs(self.result)
        self.fix_button.setEnabled(False)
        self.summary.setText(
            (
                _tr(
                    "{0} geometry repaired in the edit buffer: look at it, then "
                    "save the edits (or undo with Ctrl+Z)."
                )
                if changed == 1
                else _tr(
                    "{0} geometries repaired in the edit buffer: look at them, then "
                    "save the edits (or undo with Ctrl+Z)."
                )
            ).format(changed)
        )
        return changed

    def cancel_check(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _task_done(self) -> None:
        self.task = None
        self._set_running(False)

    def _show_failure(self, message: str) -> None:
        self._task_done()
        self.summary.setText(message)

    def show_result(self, result: CheckResult) -> None:
        self._task_done()
        self.result = result
        self.progress.setValue(100)
        language = qgis_language()
        report = result.report
        counts = report.summary
        counted = (
            _tr("Rule set {0}: {1} blocking, {2} warning, {3} info. {4}")
            if counts["advarsel"] == 1
            else _tr("Rule set {0}: {1} blocking, {2} warnings, {3} info. {4}")
        )
        self.summary.setText(
            counted.format(
                report.ruleset_version,
                counts["blokerende"],
                counts["advarsel"],
                counts["info"],
                _tr("Blocking findings must be fixed before sending.")
                if report.blocking
                else _tr("Nothing blocks sending."),
            )
        )
        self._fill_tree(report.findings, language)
        self._replace_issue_layer(result, language)
        self.fix_button.setEnabled(bool(repairs(result)))

    def show_publisher_answer(self, answer: dict, local: CheckResult | None) -> None:
        """The publisher's own report of a sent submission; clicks find the objects through the
        local check of the same data (same feature order)."""
        language = qgis_language()
        report = Report.from_dict(answer["report"])
        self.result = CheckResult(
            report,
            *(
                (local.feature_layers, local.feature_ids, local.geometries)
                if local
                else ({}, {}, {})
            ),
        )
        counts = report.summary
        counted = (
            _tr(
                "Submission {0}: {1}. The publisher's report (rule set {2}): "
                "{3} blocking, {4} warning, {5} info."
            )
            if counts["advarsel"] == 1
            else _tr(
                "Submission {0}: {1}. The publisher's report (rule set {2}): "
                "{3} blocking, {4} warnings, {5} info."
            )
        )
        self.summary.setText(
            counted.format(
                answer.get("id"),
                status_label(answer.get("status", ""), language),
                report.ruleset_version,
                counts["blokerende"],
                counts["advarsel"],
                counts["info"],
            )
        )
        self._fill_tree(report.findings, language)

    def _fill_tree(self, findings: list[Finding], language: str) -> None:
        self.tree.clear()
        self.details.clear()
        grouped: dict = defaultdict(lambda: defaultdict(list))
        for finding in findings:
            grouped[finding.severity][finding.rule].append(finding)
        for severity in SEVERITY_ORDER:
            if severity not in grouped:
                continue
            rules = grouped[severity]
            total = sum(len(found) for found in rules.values())
            severity_item = QTreeWidgetItem([f"{severity_label(severity, language)} ({total})"])
            self.tree.addTopLevelItem(severity_item)
            for code in sorted(rules):
                rule = RULES.get(code)
                title = (rule.title_da if language == "da" else rule.title_en) if rule else ""
                rule_item = QTreeWidgetItem([f"{code} {title} ({len(rules[code])})"])
                severity_item.addChild(rule_item)
                for finding in rules[code]:
                    rule_item.addChild(self._finding_item(finding, language))
            severity_item.setExpanded(True)

    @staticmethod
    def _place(finding: Finding) -> str:
        where = f"#{finding.feature}" if finding.feature else ""
        return " ".join(part for part in (finding.layer or "", where, finding.field or "") if part)

    def _finding_item(self, finding: Finding, language: str) -> QTreeWidgetItem:
        place = self._place(finding)
        item = QTreeWidgetItem(
            [f"{finding.message(language)} ({place})" if place else finding.message(language)]
        )
        item.setToolTip(
            0, f"{finding.message(language)}\n\n{_tr('How to fix')}: {finding.fix(language)}"
        )
        item.setData(0, FINDING_ROLE, finding)
        return item

    def _show_details(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        """Message, object and "how to fix" of the chosen finding (values escaped: they come
        from the planner's data)."""
        finding = item.data(0, FINDING_ROLE) if item is not None else None
        if finding is None:
            self.details.clear()
            return
        language = qgis_language()
        rule = RULES.get(finding.rule)
        title = (rule.title_da if language == "da" else rule.title_en) if rule else ""
        lines = [
            f"<b>{escape(finding.rule)} {escape(title)}</b> – "
            f"{escape(severity_label(finding.severity, language))}",
            escape(self._place(finding)),
            escape(finding.message(language)),
            f"<i>{escape(_tr('How to fix'))}:</i> {escape(finding.fix(language))}",
        ]
        if finding.objekt_id:
            lines.insert(2, f"objekt_id {escape(finding.objekt_id)}")
        self.details.setText("<br>".join(line for line in lines if line))

    def open_finding(self, item: QTreeWidgetItem, _column: int = 0) -> bool:
        """Selects the finding's feature and zooms to it; False when it names no feature."""
        finding = item.data(0, FINDING_ROLE)
        if finding is None or self.result is None:
            return False
        place = self.result.locate(finding)
        layer = QgsProject.instance().mapLayer(place[0]) if place else None
        if layer is None:
            return False
        layer.selectByIds([place[1]])
        canvas = self.iface.mapCanvas()
        canvas.zoomToFeatureIds(layer, [place[1]])
        canvas.flashFeatureIds(layer, [place[1]])
        return True

    def _replace_issue_layer(self, result: CheckResult, language: str) -> None:
        self.close_issue_layer()
        layer = build_issue_layer(result, language)
        if layer.featureCount() == 0:
            return
        QgsProject.instance().addMapLayer(layer, False)
        QgsProject.instance().layerTreeRoot().insertLayer(0, layer)
        self.issue_layer_id = layer.id()

    def close_issue_layer(self) -> None:
        """Removes the temporary issue layer (also when the plugin unloads)."""
        if self.issue_layer_id and QgsProject.instance().mapLayer(self.issue_layer_id):
            QgsProject.instance().removeMapLayer(self.issue_layer_id)
        self.issue_layer_id = None

    def closeEvent(self, event):
        self.cancel_check()
        super().closeEvent(event)
