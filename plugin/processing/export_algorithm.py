"""Eksportér indsendelse: the workspace as the GeoPackage the publisher receives."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFileDestination,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.check import CheckCanceled, run_check, snapshot
from ..core.export import ExportError, export_submission
from ..core.language import qgis_language
from .parameters import (
    add_reference_parameters,
    add_without_references_parameter,
    add_workspace_parameters,
    blocking_lines,
    kommunekode,
    read_workspace,
    references,
    refuse_unchecked,
)

OUTPUT, ALLOW_BLOCKING = "OUTPUT", "ALLOW_BLOCKING"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


class ExportSubmission(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "export_submission"

    def displayName(self) -> str:
        return _tr("Export submission")

    def shortHelpString(self) -> str:
        return _tr(
            "Checks the workspace against Erhvervsstyrelsen's reference layers and writes "
            "the submission GeoPackage: the data model's layers and fields only, in "
            "EPSG:25832. Blocking findings stop the export unless you allow them, and so "
            "does a check that could not run for want of a reference layer."
        )

    def createInstance(self):
        return ExportSubmission()

    def initAlgorithm(self, config=None):
        add_workspace_parameters(self)
        add_reference_parameters(self)
        add_without_references_parameter(self)
        self.addParameter(
            QgsProcessingParameterBoolean(
                ALLOW_BLOCKING, _tr("Export even when something blocks sending"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(OUTPUT, _tr("Submission"), "GeoPackage (*.gpkg)")
        )

    def processAlgorithm(self, parameters, context, feedback):
        layers = read_workspace(self, parameters, context)
        kommune = kommunekode(self, parameters, context)
        rule_input, chosen = references(self, parameters, context, kommune, feedback)
        try:
            report = run_check(
                snapshot(layers),
                kommune,
                rule_input,
                progress=lambda p: feedback.setProgress(p / 2),
                is_canceled=feedback.isCanceled,
            ).report
        except CheckCanceled:
            return {}
        refuse_unchecked(self, parameters, context, report, chosen, feedback)
        blocking = blocking_lines(report, qgis_language())
        if blocking and not self.parameterAsBoolean(parameters, ALLOW_BLOCKING, context):
            for line in blocking:
                feedback.reportError(line)
            raise QgsProcessingException(
                (
                    _tr("{0} blocking finding: fix it first (run 'Validate workspace').")
                    if len(blocking) == 1
                    else _tr("{0} blocking findings: fix them first (run 'Validate workspace').")
                ).format(len(blocking))
            )
        target = Path(self.parameterAsFileOutput(parameters, OUTPUT, context))
        try:
            export_submission(layers, target)
        except ExportError as error:
            raise QgsProcessingException(str(error)) from None
        feedback.setProgress(100)
        return {OUTPUT: str(target)}
