"""The findings of a check as a temporary point layer on the map, coloured by severity."""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsField,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from datamodel.findings import SEVERITY_ORDER, Severity
from datamodel.layers import CRS
from .check import CheckResult

ISSUE_FIELDS = (
    ("rule", QVariant.String),
    ("severity", QVariant.String),
    ("layer", QVariant.String),
    ("objekt_id", QVariant.String),
    ("feature", QVariant.Int),
    ("message", QVariant.String),
    ("fix", QVariant.String),
)
SEVERITY_COLOURS = {
    Severity.BLOKERENDE: "#c62828",
    Severity.ADVARSEL: "#ef6c00",
    Severity.INFO: "#1565c0",
}
ISSUE_PROPERTY = "overblikskort/issues"


def severity_label(severity: Severity, language: str) -> str:
    labels = {
        Severity.BLOKERENDE: ("Blokerende", "Blocking"),
        Severity.ADVARSEL: ("Advarsel", "Warning"),
        Severity.INFO: ("Info", "Info"),
    }
    danish, english = labels[severity]
    return danish if language == "da" else english


def build_issue_layer(result: CheckResult, language: str) -> QgsVectorLayer:
    """A memory layer with one point (on the feature's surface) per finding that has a place."""
    name = QCoreApplication.translate("IssueLayer", "Overblikskort findings")
    layer = QgsVectorLayer(f"Point?crs={CRS}", name, "memory")
    layer.setCustomProperty(ISSUE_PROPERTY, True)
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(field_name, kind) for field_name, kind in ISSUE_FIELDS])
    layer.updateFields()
    features = []
    for finding in result.report.findings:
        geometry = result.geometry(finding)
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            continue
        feature = QgsFeature(layer.fields())
        feature.setGeometry(geometry.pointOnSurface())
        feature.setAttributes(
            [
                finding.rule,
                finding.severity.value,
                finding.layer,
                finding.objekt_id,
                finding.feature,
                finding.message(language),
                finding.fix(language),
            ]
        )
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    categories = [
        QgsRendererCategory(
            severity.value,
            QgsMarkerSymbol.createSimple(
                {
                    "name": "circle",
                    "color": SEVERITY_COLOURS[severity],
                    "outline_color": "#ffffff",
                    "outline_width": "0.4",
                    "size": "3.2",
                }
            ),
            severity_label(severity, language),
        )
        for severity in SEVERITY_ORDER
    ]
    layer.setRenderer(QgsCategorizedSymbolRenderer("severity", categories))
    return layer
