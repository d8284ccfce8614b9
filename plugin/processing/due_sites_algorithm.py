"""Arealer der skal bekræftes: the kommune's overdue and soon-due sites from the publisher,
listed in the log, selected in the workspace's site layer and written to a layer of their own."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..core.credentials import MissingCredentials, publisher_token
from ..core.freshness import freshness_label, select_sites
from ..core.language import qgis_language
from ..core.publisher_client import PublisherClient, PublisherError
from ..core.settings import Settings
from datamodel.freshness import DUE_SOON, OVERDUE
from .parameters import KOMMUNEKODE, kommunekode

INPUT, PUBLISHER_URL, AUTHCFG, SELECT, OUTPUT = (
    "INPUT",
    "PUBLISHER_URL",
    "AUTHCFG",
    "SELECT",
    "OUTPUT",
)
OVERDUE_COUNT, DUE_SOON_COUNT, SELECTED = "OVERDUE", "DUE_SOON", "SELECTED"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


class SitesToConfirm(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "sites_to_confirm"

    def displayName(self) -> str:
        return _tr("Sites to confirm")

    def shortHelpString(self) -> str:
        return _tr(
            "Asks the publisher which of the municipality's published sites were last "
            "confirmed more than 12 months ago (overdue) or will be within 30 days, lists "
            "them, selects them in the chosen site layer of the workspace and writes them "
            "to a layer with their state and the date they must be confirmed by."
        )

    def flags(self):
        return (
            super().flags() | QgsProcessingAlgorithm.FlagNoThreading
        )  # it selects in a project layer

    def createInstance(self):
        return SitesToConfirm()

    def initAlgorithm(self, config=None):
        settings = Settings.load()
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                INPUT,
                _tr("Site layer of the workspace (erhvervsareal)"),
                [QgsProcessing.TypeVectorPolygon],
            )
        )
        self.addParameter(
            QgsProcessingParameterString(
                KOMMUNEKODE,
                _tr("Municipality code (kommunekode)"),
                defaultValue=settings.kommunekode or None,
            )
        )
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
            QgsProcessingParameterBoolean(
                SELECT, _tr("Select them in the site layer"), defaultValue=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                OUTPUT, _tr("Sites to confirm"), QgsProcessing.TypeVectorPolygon, optional=True
            )
        )
        self.addOutput(QgsProcessingOutputNumber(OVERDUE_COUNT, _tr("Overdue sites")))
        self.addOutput(QgsProcessingOutputNumber(DUE_SOON_COUNT, _tr("Sites due within 30 days")))
        self.addOutput(QgsProcessingOutputNumber(SELECTED, _tr("Sites found in the layer")))

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, INPUT, context)
        kommune = kommunekode(self, parameters, context)
        language = qgis_language()
        try:
            token = publisher_token(self.parameterAsString(parameters, AUTHCFG, context))
            client = PublisherClient(
                self.parameterAsString(parameters, PUBLISHER_URL, context), token
            )
            sites = client.sites_to_confirm(kommune)["sites"]
        except (MissingCredentials, PublisherError) as error:
            raise QgsProcessingException(error.message(language)) from None
        for site in sites:
            feedback.pushInfo(
                f"{freshness_label(site['freshness'], language)}: {site['navn']} "
                f"({site['objekt_id']}), {_tr('last confirmed')} "
                f"{site.get('sidst_bekraeftet') or '?'}, {_tr('confirm by')} {site['due']}"
            )
        by_id = {site["objekt_id"]: site for site in sites}
        found = (
            select_sites([layer], by_id)
            if self.parameterAsBoolean(parameters, SELECT, context)
            else len([f for f in layer.getFeatures() if str(f["objekt_id"]) in by_id])
        )
        outputs = {
            OVERDUE_COUNT: sum(s["freshness"] == OVERDUE for s in sites),
            DUE_SOON_COUNT: sum(s["freshness"] == DUE_SOON for s in sites),
            SELECTED: found,
        }
        fields = QgsFields(layer.fields())
        fields.append(QgsField("freshness", QVariant.String))
        fields.append(QgsField("confirm_by", QVariant.String))
        sink, sink_id = self.parameterAsSink(
            parameters, OUTPUT, context, fields, layer.wkbType(), layer.crs()
        )
        if sink is not None:
            for feature in layer.getFeatures():
                site = by_id.get(str(feature["objekt_id"]))
                if site is None:
                    continue
                copy = QgsFeature(fields)
                copy.setGeometry(feature.geometry())
                copy.setAttributes([*feature.attributes(), site["freshness"], site["due"]])
                sink.addFeature(copy, QgsFeatureSink.FastInsert)
            outputs[OUTPUT] = sink_id
        if len(by_id) > found:
            feedback.pushWarning(
                _tr(
                    "{0} of the sites are not in the layer (deleted or in another workspace)."
                ).format(len(by_id) - found)
            )
        return outputs
