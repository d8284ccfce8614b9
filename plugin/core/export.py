"""The submission file: the workspace's data-model layers and fields only, as one GeoPackage.

Features are written in the order the pre-flight check read them (``check.ordered_features``),
so feature numbers in the publisher's report point at the same objects in QGIS.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

from datamodel.layers import CRS
from .check import ordered_features, snapshot
from .fields import qgs_fields
from .workspace import is_mixed


class ExportError(Exception):
    """The submission file could not be written; the message says which layer and why."""


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def export_submission(
    layers: Mapping[str, QgsVectorLayer | Sequence[QgsVectorLayer]], target: Path
) -> Path:
    """Writes (replacing) ``target`` with every given layer in EPSG:25832, unsaved edits included."""
    target = Path(target)
    if target.exists():
        target.unlink()
    project = QgsProject.instance()
    for number, layer in enumerate(snapshot(layers)):
        model = layer.model
        views = layers[model.name]
        first = views if isinstance(views, QgsVectorLayer) else views[0]
        fields = qgs_fields(model)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = model.name
        options.fileEncoding = "UTF-8"
        if number:
            options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
        geometry_type = QgsWkbTypes.Unknown if is_mixed(model) else first.wkbType()
        writer = QgsVectorFileWriter.create(
            str(target),
            fields,
            geometry_type,
            QgsCoordinateReferenceSystem(CRS),
            project.transformContext(),
            options,
        )
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise ExportError(
                _tr("Could not write layer {0}: {1}").format(model.name, writer.errorMessage())
            )
        transform = QgsCoordinateTransform(first.crs(), QgsCoordinateReferenceSystem(CRS), project)
        for _, feature in ordered_features(layer):
            written = QgsFeature(fields)
            written.setAttributes(
                [
                    feature[name] if feature.fields().indexOf(name) >= 0 else None
                    for name in fields.names()
                ]
            )
            if feature.hasGeometry():
                geometry = feature.geometry()
                geometry.transform(transform)
                written.setGeometry(geometry)
            if not writer.addFeature(written):
                message = writer.errorMessage()
                del writer
                raise ExportError(_tr("Could not write layer {0}: {1}").format(model.name, message))
        del writer  # closes the layer
    return target
