"""Where layers go in the layer tree: Erhvervsstyrelsen's fetched reference layers in a group of
their own, and the workspace group kept above every reference layer added later (a finding being
zoomed to must never hide under a lokalplan)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from qgis.core import (
    QgsFillSymbol,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsProject,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QTimer

from .erst_references import ERST_PROPERTY, Manifest, erst_layers
from .issue_layer import ISSUE_PROPERTY
from .reference_kinds import kind_label, local_date
from .workspace import GROUP_NAME

ERST_GROUP_PROPERTY = "overblikskort/erst_group"
OUTLINES = {"kommunegraenser": "#6d4c41", "natur": "#2e7d32", "lokalplaner": "#5e35b1"}
"""Outline colours of the kinds the rulebook reads; other kinds get grey."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("LayerOrder", text)


def erst_group(project: QgsProject) -> QgsLayerTreeGroup | None:
    return next(
        (
            group
            for group in project.layerTreeRoot().findGroups()
            if group.customProperty(ERST_GROUP_PROPERTY)
        ),
        None,
    )


def show_erst_layers(
    project: QgsProject | None = None, manifest: Manifest | None = None, folder: Path | None = None
) -> list[QgsVectorLayer]:
    """Adds (or replaces) the fetched layers in the group "Erhvervsstyrelsens referencelag",
    right below the workspace group; each named with its date."""
    project = project or QgsProject.instance()
    manifest = manifest or Manifest.load(folder)
    for layer in [
        layer for layer in project.mapLayers().values() if layer.customProperty(ERST_PROPERTY)
    ]:
        project.removeMapLayer(layer.id())
    root = project.layerTreeRoot()
    group = erst_group(project)
    if group is None:
        workspace = root.findGroup(GROUP_NAME)
        index = root.children().index(workspace) + 1 if workspace is not None else 0
        group = root.insertGroup(index, _tr("Erhvervsstyrelsen's reference layers"))
        group.setCustomProperty(ERST_GROUP_PROPERTY, True)
    shown = []
    for kind, layer in erst_layers(manifest, folder).items():
        fetched = manifest.kinds[kind]
        layer.setName(
            _tr("{0} – Erhvervsstyrelsen {1}").format(
                kind_label(kind), local_date(fetched.imported_at)
            )
        )
        layer.setCustomProperty(ERST_PROPERTY, kind)
        layer.setReadOnly(True)
        if layer.geometryType() == QgsWkbTypes.PolygonGeometry:
            layer.setRenderer(
                QgsSingleSymbolRenderer(
                    QgsFillSymbol.createSimple(
                        {
                            "style": "no",
                            "outline_color": OUTLINES.get(kind, "#757575"),
                            "outline_width": "0.4",
                        }
                    )
                )
            )
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        shown.append(layer)
    group.setExpanded(False)
    return shown


class WorkspaceOnTop:
    """While connected, moves the workspace group back to the top of the layer tree whenever a
    layer or group is added above it (the temporary findings layer may stay above it)."""

    def __init__(self, project: QgsProject | None = None):
        self.project = project or QgsProject.instance()
        self.root = self.project.layerTreeRoot()
        self.root.addedChildren.connect(self._added)
        self._moving = False

    def disconnect(self) -> None:
        with contextlib.suppress(TypeError, RuntimeError):  # gone with the project's tree
            self.root.addedChildren.disconnect(self._added)

    def _added(self, node, _first: int, _last: int) -> None:
        if node is self.root and not self._moving:
            QTimer.singleShot(0, self.restore)

    def restore(self) -> bool:
        """Moves the workspace group to the top (below the findings layer); True if it moved."""
        workspace = self.root.findGroup(GROUP_NAME)
        if workspace is None:
            return False
        children = self.root.children()
        top = 0
        while (
            top < len(children)
            and isinstance(children[top], QgsLayerTreeLayer)
            and children[top].layer() is not None
            and children[top].layer().customProperty(ISSUE_PROPERTY)
        ):
            top += 1
        if children.index(workspace) <= top:
            return False
        self._moving = True
        try:
            moved = workspace.clone()
            self.root.insertChildNode(top, moved)
            self.root.removeChildNode(workspace)
        finally:
            self._moving = False
        return True
