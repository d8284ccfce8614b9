"""The kommune's sites that need confirming, in the workspace: select them, and after "Bekræft
uændret" give them today's date so the next full send keeps it."""

from __future__ import annotations

from datetime import date

from qgis.core import QgsFeatureRequest, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QDate

from datamodel.freshness import CONFIRMATION_FIELD, DUE_SOON, OVERDUE

SITE_LAYER = "erhvervsareal"
FRESHNESS_LABELS = {OVERDUE: ("Forfalden", "Overdue"), DUE_SOON: ("Forfalder snart", "Due soon")}


def freshness_label(state: str, language: str) -> str:
    danish, english = FRESHNESS_LABELS.get(state, (state, state))
    return danish if language == "da" else english


def _matching(layer: QgsVectorLayer, objekt_ids: set[str]) -> list[int]:
    index = layer.fields().indexOf("objekt_id")
    if index < 0:
        return []
    request = (
        QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([index])
    )
    return [
        feature.id()
        for feature in layer.getFeatures(request)
        if str(feature["objekt_id"]) in objekt_ids
    ]


def select_sites(layers: list[QgsVectorLayer], objekt_ids) -> int:
    """Selects the sites with these objekt_ids in the workspace's site layers; how many were
    found (a site the workspace no longer holds is not found)."""
    wanted = {str(objekt_id) for objekt_id in objekt_ids}
    found = 0
    for layer in layers:
        ids = _matching(layer, wanted)
        layer.selectByIds(ids)
        found += len(ids)
    return found


def mark_confirmed(layers: list[QgsVectorLayer], objekt_ids, day: date) -> int:
    """Gives the sites today's confirmation date: saved at once in a layer that was not being
    edited, or left in the edit buffer of one that was (the planner's own edits stay theirs)."""
    wanted = {str(objekt_id) for objekt_id in objekt_ids}
    changed = 0
    for layer in layers:
        index = layer.fields().indexOf(CONFIRMATION_FIELD)
        ids = _matching(layer, wanted)
        if index < 0 or not ids:
            continue
        was_editing = layer.isEditable()
        if not was_editing and not layer.startEditing():
            continue
        layer.beginEditCommand(QCoreApplication.translate("Freshness", "Confirm unchanged"))
        for feature_id in ids:
            layer.changeAttributeValue(feature_id, index, QDate(day.year, day.month, day.day))
        layer.endEditCommand()
        if not was_editing:
            layer.commitChanges()
        changed += len(ids)
    return changed
