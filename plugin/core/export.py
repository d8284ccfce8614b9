"""The submission file: the workspace's data-model layers and fields only, as one GeoPackage."""
from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject, QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..datamodel.layers import CRS, LAYERS


class ExportError(Exception):
    """The submission file could not be written; the message says which layer and why."""


def export_submission(layers: dict[str, QgsVectorLayer], target: Path) -> Path:
    """Writes (replacing) ``target`` with every given layer in EPSG:25832, unsaved edits included."""
    target = Path(target)
    if target.exists():
        target.unlink()
    project = QgsProject.instance()
    for number, (name, layer) in enumerate(layers.items()):
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.fileEncoding = "UTF-8"
        options.attributes = [layer.fields().indexOf(field) for field in LAYERS[name].field_names]
        options.ct = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(CRS), project)
        if number:
            options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
        error, message, *_ = QgsVectorFileWriter.writeAsVectorFormatV3(
            layer, str(target), project.transformContext(), options)
        if error != QgsVectorFileWriter.NoError:
            raise ExportError(QCoreApplication.translate("Export", "Could not write layer {0}: {1}")
                              .format(name, message))
    return target
