"""Submissions as the publisher reports them: status words and ERST's comments on the map."""

from __future__ import annotations

from qgis.core import QgsFeature, QgsField, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from datamodel.layers import CRS

STATUS_LABELS = {
    "modtaget": ("Modtaget", "Received"),
    "afvist_automatisk": ("Afvist automatisk", "Rejected automatically"),
    "til_godkendelse": ("Til godkendelse", "Awaiting approval"),
    "godkendt": ("Godkendt", "Approved"),
    "afvist": ("Afvist", "Rejected"),
}
COMMENTS_PROPERTY = "overblikskort/comments"


def status_label(status: str, language: str) -> str:
    danish, english = STATUS_LABELS.get(status, (status, status))
    return danish if language == "da" else english


def error_text(error: Exception, language: str) -> str:
    """The planner-facing text of an error from the publisher client or the credentials."""
    message = getattr(error, "message", None)
    return message(language) if callable(message) else f"{type(error).__name__}: {error}"


def comments_layer(submission: dict, workspace: list[QgsVectorLayer]) -> QgsVectorLayer:
    """ERST's comments on single objects as points on those objects (found by objekt_id in the
    workspace); a comment on an object that is no longer there is kept without a point."""
    name = QCoreApplication.translate("Submissions", "Comments on submission {0}").format(
        submission["id"]
    )
    layer = QgsVectorLayer(f"Point?crs={CRS}", name, "memory")
    layer.setCustomProperty(COMMENTS_PROPERTY, submission["id"])
    provider = layer.dataProvider()
    provider.addAttributes(
        [
            QgsField("objekt_id", QVariant.String),
            QgsField("comment", QVariant.String),
            QgsField("submission", QVariant.Int),
            QgsField("status", QVariant.String),
        ]
    )
    layer.updateFields()
    places = {}
    for source in workspace:
        for feature in source.getFeatures():
            if feature.hasGeometry() and feature["objekt_id"]:
                places.setdefault(str(feature["objekt_id"]), feature.geometry().pointOnSurface())
    features = []
    for comment in submission.get("object_comments", []):
        feature = QgsFeature(layer.fields())
        feature.setAttributes(
            [comment["objekt_id"], comment["comment"], submission["id"], submission["status"]]
        )
        if comment["objekt_id"] in places:
            feature.setGeometry(places[comment["objekt_id"]])
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer
