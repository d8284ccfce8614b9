"""Send indsendelse: check, package and upload a workspace to the publisher (model/batch friendly)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.check import CheckCanceled, run_check, snapshot
from ..core.credentials import MissingCredentials, publisher_token
from ..core.erst_references import fetch_references
from ..core.export import ExportError, export_submission
from ..core.language import qgis_language
from ..core.publisher_client import PublisherClient, PublisherError
from ..core.settings import Settings
from datamodel.findings import Report
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

PUBLISHER_URL, AUTHCFG, REPORT = "PUBLISHER_URL", "AUTHCFG", "REPORT"
SUBMISSION_ID, STATUS = "SUBMISSION_ID", "STATUS"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


class SendSubmission(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "send_submission"

    def displayName(self) -> str:
        return _tr("Send submission")

    def shortHelpString(self) -> str:
        return _tr(
            "Brings Erhvervsstyrelsen's reference layers up to date, checks the workspace "
            "against them, packages it and sends it to the publisher for approval. "
            "Blocking findings stop the send, and so does a check that could not run for "
            "want of a reference layer. The token is read from the chosen authentication "
            "configuration."
        )

    def createInstance(self):
        return SendSubmission()

    def initAlgorithm(self, config=None):
        settings = Settings.load()
        add_workspace_parameters(self)
        add_reference_parameters(self)
        add_without_references_parameter(self)
        self.addParameter(
            QgsProcessingParameterString(
                PUBLISHER_URL, _tr("Publisher address"), defaultValue=settings.publisher_url or None
            )
        )
        self.addParameter(
            QgsProcessingParameterAuthConfig(
                AUTHCFG, _tr("Authentication (token)"), defaultValue=settings.auth_config_id or None
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                REPORT, _tr("The publisher's report"), "JSON (*.json)", optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber(SUBMISSION_ID, _tr("Submission number")))
        self.addOutput(QgsProcessingOutputString(STATUS, _tr("Status")))

    def processAlgorithm(self, parameters, context, feedback):
        layers = read_workspace(self, parameters, context)
        kommune = kommunekode(self, parameters, context)
        language = qgis_language()
        try:
            token = publisher_token(self.parameterAsString(parameters, AUTHCFG, context))
        except MissingCredentials as error:
            raise QgsProcessingException(error.message(language)) from None
        client = PublisherClient(self.parameterAsString(parameters, PUBLISHER_URL, context), token)
        try:
            fetch_references(client, kommune)
        except PublisherError as error:
            feedback.pushWarning(
                _tr(
                    "Could not look for newer reference layers ({0}); the check "
                    "uses the copy at hand."
                ).format(error.message(language))
            )
        rule_input, chosen = references(self, parameters, context, kommune, feedback)
        try:
            report = run_check(
                snapshot(layers),
                kommune,
                rule_input,
                is_canceled=feedback.isCanceled,
                progress=lambda p: feedback.setProgress(p / 2),
            ).report
        except CheckCanceled:
            return {}
        refuse_unchecked(self, parameters, context, report, chosen, feedback)
        if report.blocking:
            for line in blocking_lines(report, language):
                feedback.reportError(line)
            count = report.summary["blokerende"]
            raise QgsProcessingException(
                (
                    _tr("Not sent: {0} blocking finding must be fixed first.")
                    if count == 1
                    else _tr("Not sent: {0} blocking findings must be fixed first.")
                ).format(count)
            )
        with tempfile.TemporaryDirectory(prefix="overblikskort-") as folder:
            try:
                path = export_submission(layers, Path(folder) / f"overblikskort_{kommune}.gpkg")
                feedback.setProgress(60)
                answer = client.submit(path, kommune)
            except (ExportError, PublisherError) as error:
                message = (
                    error.message(language) if isinstance(error, PublisherError) else str(error)
                )
                raise QgsProcessingException(message) from None
        feedback.setProgress(100)
        feedback.pushInfo(_tr("Submission {0}: {1}").format(answer.get("id"), answer.get("status")))
        outputs = {SUBMISSION_ID: answer.get("id"), STATUS: answer.get("status")}
        report_path = self.parameterAsFileOutput(parameters, REPORT, context)
        if report_path and "report" in answer:
            Path(report_path).write_text(
                Report.from_dict(answer["report"]).to_json(), encoding="utf-8"
            )
            outputs[REPORT] = report_path
        return outputs
