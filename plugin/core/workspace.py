"""The planner's workspace: one GeoPackage holding the data model's layers, shown in a group."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from datamodel.layers import CRS, DATAMODEL_VERSION, LAYERS
from datamodel.schema import Layer
from .fields import qgs_field, qgs_fields
from .forms import configure_form
from .language import qgis_language
from .styles import apply_style

GROUP_NAME = "Overblikskort"
LAYER_PROPERTY = "overblikskort/layer"
GEOMETRY_PROPERTY = "overblikskort/geometry"
"""On the per-geometry views of a mixed layer: "point", "line" or "polygon"."""
VERSION_PROPERTY = "overblikskort/datamodel_version"
RECONNECTS_PROPERTY = "overblikskortReconnectsSiblings"
"""A Qt property (never saved in the project) marking a layer whose saves reopen its siblings."""
_SIBLING_RECONNECTS: list[tuple[QgsVectorLayer, Callable[[], None]]] = []
"""Every (layer, slot) ``reconnect_siblings_after_saves`` connected, so unload can undo them."""
OGR_GEOMETRY_FILTERS = {"point": "Point", "line": "LineString", "polygon": "Polygon"}
"""The OGR provider's ``geometrytype=`` filter of each geometry dimension's view."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Workspace", text)


def dimensions(model: Layer) -> list[tuple[str, str]]:
    """(key, OGR filter type) of each geometry dimension the layer accepts, in model order."""
    return [(key, OGR_GEOMETRY_FILTERS[key]) for key in model.dimensions]


def is_mixed(model: Layer) -> bool:
    """A mixed layer (see ``Layer.is_mixed``) shows in QGIS as one view per geometry dimension."""
    return model.is_mixed


def _dimension_label(key: str) -> str:
    return {"point": _tr("points"), "line": _tr("lines"), "polygon": _tr("areas")}[key]


class WorkspaceError(Exception):
    """A workspace could not be created or opened; the message says why, in the QGIS language."""


def create_workspace(path: Path) -> None:
    """Write an empty GeoPackage with every layer of the data model. Never overwrites a file."""
    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise WorkspaceError(
            _tr("A workspace is a GeoPackage: the file name must end in .gpkg ({0}).").format(path)
        )
    if path.exists():
        raise WorkspaceError(
            _tr(
                "{0} already exists. Choose another name, or open it with 'Open workspace'."
            ).format(path)
        )
    for number, model in enumerate(LAYERS.values()):
        _write_empty_layer(path, model, overwrite_file=number == 0)


def _write_empty_layer(path: Path, model, overwrite_file: bool) -> None:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = model.name
    options.fileEncoding = "UTF-8"
    if not overwrite_file:
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    geometry_type = QgsWkbTypes.parseType(model.table_geometry_type)
    writer = QgsVectorFileWriter.create(
        str(path),
        qgs_fields(model),
        geometry_type,
        QgsCoordinateReferenceSystem(CRS),
        QgsProject.instance().transformContext(),
        options,
    )
    error = writer.hasError()
    message = writer.errorMessage()
    del writer  # closes the file
    if error != QgsVectorFileWriter.NoError:
        raise WorkspaceError(
            _tr("Could not write layer {0} to {1}: {2}").format(model.name, path, message)
        )


def load_layers(path: Path) -> dict[str, list[QgsVectorLayer]]:
    """The workspace's layers as plain QGIS layers (no style, no forms), by data-model name: one
    layer each, or one view per geometry dimension of a mixed layer."""
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(_tr("The workspace {0} does not exist.").format(path))
    language = qgis_language()
    layers, missing = {}, []
    for name, model in LAYERS.items():
        if is_mixed(model):
            views = [
                (
                    f"{path}|layername={name}|geometrytype={ogr_type}",
                    f"{model.label(language)} – {_dimension_label(key)}",
                    key,
                )
                for key, ogr_type in dimensions(model)
            ]
        else:
            views = [(f"{path}|layername={name}", model.label(language), None)]
        loaded = [QgsVectorLayer(uri, label, "ogr") for uri, label, _ in views]
        if not all(layer.isValid() for layer in loaded):
            missing.append(name)
            continue
        absent_fields = [
            field for field in model.field_names if loaded[0].fields().indexOf(field) < 0
        ]
        if absent_fields:
            raise WorkspaceError(
                _tr("Layer {0} in {1} lacks the fields: {2}.").format(
                    name, path, ", ".join(absent_fields)
                )
            )
        for layer, (_, _, key) in zip(loaded, views):
            layer.setCustomProperty(LAYER_PROPERTY, name)
            layer.setCustomProperty(VERSION_PROPERTY, DATAMODEL_VERSION)
            if key:
                layer.setCustomProperty(GEOMETRY_PROPERTY, key)
        layers[name] = loaded
    if missing:
        raise WorkspaceError(
            _tr("{0} is not an Overblikskort workspace: the layers {1} are missing.").format(
                path, ", ".join(missing)
            )
        )
    return layers


def upgrade_workspace(path: Path) -> list[str]:
    """Brings a workspace written by an older data model up to date without losing anything:
    adds the layers and fields the data model has gained. Returns what was added."""
    path = Path(path)
    present = {name: QgsVectorLayer(f"{path}|layername={name}", name, "ogr") for name in LAYERS}
    present = {name: layer for name, layer in present.items() if layer.isValid()}
    if not present:
        return []
    added = []
    for name, model in LAYERS.items():
        layer = present.get(name)
        if layer is None:
            _write_empty_layer(path, model, overwrite_file=False)
            added.append(name)
            continue
        missing = [qgs_field(f) for f in model.fields if layer.fields().indexOf(f.name) < 0]
        if missing:
            if not layer.dataProvider().addAttributes(missing):
                raise WorkspaceError(
                    _tr("Could not add the fields {0} to {1} in {2}.").format(
                        ", ".join(f.name() for f in missing), name, path
                    )
                )
            added.extend(f"{name}.{f.name()}" for f in missing)
    return added


def open_workspace(path: Path, kommunekode: str) -> list[QgsVectorLayer]:
    """The workspace's layers, styled and with the data model's forms; not yet in a project.
    A mixed layer comes as one view per geometry dimension. A workspace of an older data model
    is upgraded first (see ``upgrade_workspace``)."""
    language = qgis_language()
    upgrade_workspace(path)
    shown = []
    for name, views in load_layers(path).items():
        for view in views:
            key = view.customProperty(GEOMETRY_PROPERTY)
            apply_style(view, f"{name}_{key}" if key else name)
            configure_form(view, LAYERS[name], kommunekode, language)
            shown.append(view)
    return shown


def refresh_forms(kommunekode: str, project: QgsProject | None = None) -> int:
    """Gives the open workspace layers the current settings (e.g. a new kommunekode default);
    returns how many layers were refreshed."""
    language = qgis_language()
    count = 0
    for name, views in workspace_views(project).items():
        for view in views:
            configure_form(view, LAYERS[name], kommunekode, language)
            count += 1
    return count


def add_to_project(layers: list[QgsVectorLayer], project: QgsProject | None = None) -> None:
    """Add the layers to a new group "Overblikskort" at the top of the layer tree."""
    project = project or QgsProject.instance()
    group = project.layerTreeRoot().insertGroup(0, GROUP_NAME)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        reconnect_siblings_after_saves(layer, project)


def reconnect_siblings_after_saves(layer: QgsVectorLayer, project: QgsProject) -> None:
    """After edits of ``layer`` are saved, reopens the other layers of its file (once per layer;
    see ``_reconnect_other_layers``). Called for the layers this module adds and, by the plugin,
    for workspace layers that come back with a saved project."""
    if layer.property(RECONNECTS_PROPERTY):
        return
    layer.setProperty(RECONNECTS_PROPERTY, True)
    slot = partial(_reconnect_other_layers, project, layer.id())
    layer.afterCommitChanges.connect(slot)
    _SIBLING_RECONNECTS.append((layer, slot))


def stop_reconnecting_siblings() -> int:
    """Disconnects every connection ``reconnect_siblings_after_saves`` made (the plugin's unload);
    returns how many were still connected."""
    disconnected = 0
    for layer, slot in _SIBLING_RECONNECTS:
        try:
            layer.afterCommitChanges.disconnect(slot)
            layer.setProperty(RECONNECTS_PROPERTY, None)
            disconnected += 1
        except (RuntimeError, TypeError):  # the layer is gone, and its connections with it
            pass
    _SIBLING_RECONNECTS.clear()
    return disconnected


def _file_of(layer: QgsVectorLayer) -> str:
    return layer.source().split("|")[0]


def _reconnect_other_layers(project: QgsProject, saved_layer_id: str) -> None:
    """Saving edits opens the GeoPackage for writing and switches it to WAL journaling. The
    read-only connection the file's other layers already hold (GDAL's own SQLite VFS, which
    cannot read a WAL file) then fails: their extent and feature count queries log "unable to
    open database file", an empty layer on every map refresh, and a non-empty one loses its
    extent. Reopening those layers gives them a connection that reads the file as it is now."""
    saved = project.mapLayer(saved_layer_id)
    if saved is None:
        return
    for layer in project.mapLayers().values():
        if (
            layer.id() != saved_layer_id
            and isinstance(layer, QgsVectorLayer)
            and layer.providerType() == "ogr"
            and not layer.isEditable()
            and _file_of(layer) == _file_of(saved)
        ):
            layer.reload()


def workspace_views(project: QgsProject | None = None) -> dict[str, list[QgsVectorLayer]]:
    """Every QGIS layer showing a data-model layer, by data-model name (several for a mixed
    layer). When several workspaces are open, the topmost in the layer tree wins."""
    project = project or QgsProject.instance()
    found: dict[str, list[QgsVectorLayer]] = {}
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        name = layer.customProperty(LAYER_PROPERTY) if layer else None
        if name not in LAYERS:
            continue
        table = layer.source().split("|geometrytype=")[0]
        if name not in found:
            found[name] = [layer]
        elif found[name][0].source().split("|geometrytype=")[0] == table:
            found[name].append(layer)
    return found


def workspace_layers(project: QgsProject | None = None) -> dict[str, QgsVectorLayer]:
    """One QGIS layer per data-model layer (the first view of a mixed layer)."""
    return {name: views[0] for name, views in workspace_views(project).items()}
