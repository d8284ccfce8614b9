"""Validér arbejdsfil: the pre-flight check as a Processing algorithm (report file + issue layer)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingOutputBoolean,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.check import CheckCanceled, run_check, snapshot
from ..core.issue_layer import build_issue_layer
from ..core.language import qgis_language
from datamodel.findings import SEVERITY_ORDER
from .parameters import (
    add_reference_parameters,
    add_workspace_parameters,
    kommunekode,
    read_workspace,
    references,
)

REPORT, ISSUES, BLOCKING = "REPORT", "ISSUES", "BLOCKING"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


class ValidateWorkspace(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "validate_workspace"

    def displayName(self) -> str:
        return _tr("Validate workspace")

    def shortHelpString(self) -> str:
        return _tr(
            "Runs the publisher's rulebook on an Overblikskort workspace and writes the "
            "report (JSON, the publisher's format) and a point layer with one point per "
            "finding. It checks against Erhvervsstyrelsen's reference layers fetched by the "
            "plugin; layers you give are used instead for their kind. Rules that need a "
            "missing reference layer say so."
        )

    def createInstance(self):
        return ValidateWorkspace()

    def initAlgorithm(self, config=None):
        add_workspace_parameters(self)
        add_reference_parameters(self)
        self.addParameter(
            QgsProcessingParameterFileDestination(REPORT, _tr("Report"), "JSON (*.json)")
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                ISSUES, _tr("Findings"), QgsProcessing.TypeVectorPoint, optional=True
            )
        )
        self.addOutput(QgsProcessingOutputBoolean(BLOCKING, _tr("Something blocks sending")))
        for severity in SEVERITY_ORDER:
            self.addOutput(QgsProcessingOutputNumber(severity.value.upper(), severity.value))

    def processAlgorithm(self, parameters, context, feedback):
        layers = read_workspace(self, parameters, context)
        kommune = kommunekode(self, parameters, context)
        try:
            rule_input, _ = references(self, parameters, context, kommune, feedback)
            result = run_check(
                snapshot(layers),
                kommune,
                rule_input,
                progress=feedback.setProgress,
                is_canceled=feedback.isCanceled,
            )
        except CheckCanceled:
            return {}
        report = result.report
        report_path = Path(self.parameterAsFileOutput(parameters, REPORT, context))
        report_path.write_text(report.to_json(), encoding="utf-8")
        language = qgis_language()
        for finding in report.findings:
            line = (
                f"{finding.rule} {finding.severity.value} {finding.layer or ''} "
                f"{finding.objekt_id or finding.feature or ''}: {finding.message(language)}"
            )
            (feedback.reportError if finding.severity.value == "blokerende" else feedback.pushInfo)(
                line
            )
        outputs = {
            REPORT: str(report_path),
            BLOCKING: report.blocking,
            **{severity.upper(): count for severity, count in report.summary.items()},
        }
        issues = build_issue_layer(result, language)
        sink, sink_id = self.parameterAsSink(
            parameters, ISSUES, context, issues.fields(), issues.wkbType(), issues.crs()
        )
        if sink is not None:
            for feature in issues.getFeatures():
                sink.addFeature(feature, QgsFeatureSink.FastInsert)
            outputs[ISSUES] = sink_id
        return outputs
