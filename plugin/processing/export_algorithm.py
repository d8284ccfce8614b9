"""Eksportér indsendelse: the workspace as the GeoPackage the publisher receives."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.check import CheckCanceled, run_check, snapshot
from ..core.export import ExportError, export_submission
from ..core.language import qgis_language
from .parameters import add_workspace_parameters, kommunekode, read_workspace

OUTPUT, ALLOW_BLOCKING = "OUTPUT", "ALLOW_BLOCKING"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


class ExportSubmission(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "export_submission"

    def displayName(self) -> str:
        return _tr("Export submission")

    def shortHelpString(self) -> str:
        return _tr("Checks the workspace and writes the submission GeoPackage: the data model's "
                   "layers and fields only, in EPSG:25832. Blocking findings stop the export "
                   "unless you allow them.")

    def createInstance(self):
        return ExportSubmission()

    def initAlgorithm(self, config=None):
        add_workspace_parameters(self)
        self.addParameter(QgsProcessingParameterBoolean(
            ALLOW_BLOCKING, _tr("Export even when something blocks sending"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            OUTPUT, _tr("Submission"), "GeoPackage (*.gpkg)"))

    def processAlgorithm(self, parameters, context, feedback):
        layers = read_workspace(self, parameters, context)
        kommune = kommunekode(self, parameters, context)
        try:
            report = run_check(snapshot(layers), kommune, progress=lambda p: feedback.setProgress(p / 2),
                               is_canceled=feedback.isCanceled).report
        except CheckCanceled:
            return {}
        language = qgis_language()
        blocking = [f for f in report.findings if f.severity.value == "blokerende"]
        if blocking and not self.parameterAsBoolean(parameters, ALLOW_BLOCKING, context):
            for finding in blocking:
                feedback.reportError(f"{finding.rule} {finding.layer or ''} "
                                     f"{finding.objekt_id or finding.feature or ''}: "
                                     f"{finding.message(language)}")
            raise QgsProcessingException(
                (_tr("{0} blocking finding: fix it first (run 'Validate workspace').")
                 if len(blocking) == 1 else
                 _tr("{0} blocking findings: fix them first (run 'Validate workspace')."))
                .format(len(blocking)))
        target = Path(self.parameterAsFileOutput(parameters, OUTPUT, context))
        try:
            export_submission(layers, target)
        except ExportError as error:
            raise QgsProcessingException(str(error)) from None
        feedback.setProgress(100)
        return {OUTPUT: str(target)}
