"""Safe automatic fixes: the geometries the check repaired itself, written back as one undoable
edit (QGIS's undo stack), left unsaved for the planner to look at and save."""

from __future__ import annotations

from qgis.core import QgsGeometry, QgsProject, QgsWkbTypes
from qgis.PyQt.QtCore import QCoreApplication

from .check import CheckResult


def repairs(result: CheckResult) -> dict[str, dict[int, QgsGeometry]]:
    """QGIS layer id → feature id → the repaired geometry, for every finding the check fixed
    itself on one feature (repaired geometries)."""
    found: dict[str, dict[int, QgsGeometry]] = {}
    for finding in result.report.findings:
        if not finding.fixed:
            continue
        place, geometry = result.locate(finding), result.geometry(finding)
        if place is None or geometry is None or geometry.isNull():
            continue
        found.setdefault(place[0], {})[place[1]] = geometry
    return found


def apply_repairs(result: CheckResult, project: QgsProject | None = None) -> int:
    """Writes the repairs into the layers' edit buffers; returns how many features changed."""
    project = project or QgsProject.instance()
    changed = 0
    for layer_id, geometries in repairs(result).items():
        layer = project.mapLayer(layer_id)
        if layer is None or (not layer.isEditable() and not layer.startEditing()):
            continue
        layer.beginEditCommand(
            QCoreApplication.translate("Repairs", "Overblikskort: repair geometries")
        )
        for feature_id, geometry in geometries.items():
            repaired = QgsGeometry(geometry)
            if QgsWkbTypes.isMultiType(layer.wkbType()):
                repaired.convertToMultiType()
            if layer.changeGeometry(feature_id, repaired):
                changed += 1
        layer.endEditCommand()
        layer.triggerRepaint()
    return changed
