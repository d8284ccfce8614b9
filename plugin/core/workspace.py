"""The planner's workspace: one GeoPackage holding the data model's layers, shown in a group."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem, QgsProject, QgsVectorFileWriter, QgsVectorLayer, QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..datamodel.layers import CRS, DATAMODEL_VERSION, LAYERS
from .fields import qgs_field, qgs_fields
from .forms import configure_form
from .language import qgis_language
from .styles import apply_style

GROUP_NAME = "Overblikskort"
LAYER_PROPERTY = "overblikskort/layer"
VERSION_PROPERTY = "overblikskort/datamodel_version"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Workspace", text)


class WorkspaceError(Exception):
    """A workspace could not be created or opened; the message says why, in the QGIS language."""


def create_workspace(path: Path) -> None:
    """Write an empty GeoPackage with every layer of the data model. Never overwrites a file."""
    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise WorkspaceError(_tr("A workspace is a GeoPackage: the file name must end in .gpkg ({0}).")
                             .format(path))
    if path.exists():
        raise WorkspaceError(_tr("{0} already exists. Choose another name, or open it with "
                                 "'Open workspace'.").format(path))
    for number, model in enumerate(LAYERS.values()):
        _write_empty_layer(path, model, overwrite_file=number == 0)


def _write_empty_layer(path: Path, model, overwrite_file: bool) -> None:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = model.name
    options.fileEncoding = "UTF-8"
    if not overwrite_file:
        options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    writer = QgsVectorFileWriter.create(
        str(path), qgs_fields(model), QgsWkbTypes.parseType(model.geometry_types[0]),
        QgsCoordinateReferenceSystem(CRS), QgsProject.instance().transformContext(), options)
    error = writer.hasError()
    message = writer.errorMessage()
    del writer  # closes the file
    if error != QgsVectorFileWriter.NoError:
        raise WorkspaceError(_tr("Could not write layer {0} to {1}: {2}")
                             .format(model.name, path, message))


def load_layers(path: Path) -> dict[str, QgsVectorLayer]:
    """The workspace's layers as plain QGIS layers (no style, no forms), by data-model name."""
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(_tr("The workspace {0} does not exist.").format(path))
    language = qgis_language()
    layers, missing = {}, []
    for model in LAYERS.values():
        layer = QgsVectorLayer(f"{path}|layername={model.name}", model.label(language), "ogr")
        if not layer.isValid():
            missing.append(model.name)
            continue
        absent_fields = [name for name in model.field_names if layer.fields().indexOf(name) < 0]
        if absent_fields:
            raise WorkspaceError(_tr("Layer {0} in {1} lacks the fields: {2}.")
                                 .format(model.name, path, ", ".join(absent_fields)))
        layer.setCustomProperty(LAYER_PROPERTY, model.name)
        layer.setCustomProperty(VERSION_PROPERTY, DATAMODEL_VERSION)
        layers[model.name] = layer
    if missing:
        raise WorkspaceError(_tr("{0} is not an Overblikskort workspace: the layers {1} are missing.")
                             .format(path, ", ".join(missing)))
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
                raise WorkspaceError(_tr("Could not add the fields {0} to {1} in {2}.").format(
                    ", ".join(f.name() for f in missing), name, path))
            added.extend(f"{name}.{f.name()}" for f in missing)
    return added


def open_workspace(path: Path, kommunekode: str) -> list[QgsVectorLayer]:
    """The workspace's layers, styled and with the data model's forms; not yet in a project.
    A workspace of an older data model is upgraded first (see ``upgrade_workspace``)."""
    language = qgis_language()
    upgrade_workspace(path)
    layers = load_layers(path)
    for name, layer in layers.items():
        apply_style(layer, name)
        configure_form(layer, LAYERS[name], kommunekode, language)
    return list(layers.values())


def add_to_project(layers: list[QgsVectorLayer], project: QgsProject | None = None) -> None:
    """Add the layers to a new group "Overblikskort" at the top of the layer tree."""
    project = project or QgsProject.instance()
    group = project.layerTreeRoot().insertGroup(0, GROUP_NAME)
    for layer in layers:
        project.addMapLayer(layer, False)
        group.addLayer(layer)


def workspace_layers(project: QgsProject | None = None) -> dict[str, QgsVectorLayer]:
    """The data-model layers of the project by data-model name; the topmost in the layer tree
    wins when several workspaces are open."""
    project = project or QgsProject.instance()
    found: dict[str, QgsVectorLayer] = {}
    for node in project.layerTreeRoot().findLayers():
        layer = node.layer()
        name = layer.customProperty(LAYER_PROPERTY) if layer else None
        if name in LAYERS and name not in found:
            found[name] = layer
    return found
