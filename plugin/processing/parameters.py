"""Parameters the Overblikskort algorithms share: the workspace, the kommune, reference layers."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing, QgsProcessingException, QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers, QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.references import ReferenceLayers
from ..core.settings import KOMMUNEKODE_PATTERN, Settings
from ..core.workspace import WorkspaceError, load_layers

WORKSPACE, KOMMUNEKODE = "WORKSPACE", "KOMMUNEKODE"
KOMMUNEGRAENSER, LOKALPLANER = "KOMMUNEGRAENSER", "LOKALPLANER"
NATURE_PARAMETERS = {"natura2000": "NATURA2000", "paragraf3": "PARAGRAF3",
                     "fredning": "FREDNINGER"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


def add_workspace_parameters(algorithm) -> None:
    algorithm.addParameter(QgsProcessingParameterFile(
        WORKSPACE, _tr("Workspace (GeoPackage)"), extension="gpkg"))
    algorithm.addParameter(QgsProcessingParameterString(
        KOMMUNEKODE, _tr("Municipality code (kommunekode)"),
        defaultValue=Settings.load().kommunekode or None))


def add_reference_parameters(algorithm) -> None:
    polygons = [QgsProcessing.TypeVectorPolygon]
    algorithm.addParameter(QgsProcessingParameterVectorLayer(
        KOMMUNEGRAENSER, _tr("Municipal boundaries (DAGI)"), polygons, optional=True))
    labels = {"natura2000": _tr("Natura 2000 areas"), "paragraf3": _tr("§3 protected nature"),
              "fredning": _tr("Preservation orders (fredninger)")}
    for kind, name in NATURE_PARAMETERS.items():
        algorithm.addParameter(QgsProcessingParameterMultipleLayers(
            name, labels[kind], QgsProcessing.TypeVectorPolygon, optional=True))
    algorithm.addParameter(QgsProcessingParameterMultipleLayers(
        LOKALPLANER, _tr("Plandata lokalplaner"), QgsProcessing.TypeVectorPolygon, optional=True))


def read_workspace(algorithm, parameters, context):
    path = algorithm.parameterAsFile(parameters, WORKSPACE, context)
    try:
        return load_layers(path)
    except WorkspaceError as error:
        raise QgsProcessingException(str(error)) from None


def kommunekode(algorithm, parameters, context) -> str:
    code = (algorithm.parameterAsString(parameters, KOMMUNEKODE, context) or "").strip()
    if not KOMMUNEKODE_PATTERN.fullmatch(code):
        raise QgsProcessingException(
            _tr("The municipality code must be four digits (e.g. 0167), not '{0}'.").format(code))
    return code


def references(algorithm, parameters, context):
    layers = ReferenceLayers(
        kommunegraenser=[layer for layer in [algorithm.parameterAsVectorLayer(
            parameters, KOMMUNEGRAENSER, context)] if layer is not None],
        natur={kind: algorithm.parameterAsLayerList(parameters, name, context)
               for kind, name in NATURE_PARAMETERS.items()},
        lokalplaner=algorithm.parameterAsLayerList(parameters, LOKALPLANER, context))
    try:
        return layers.rule_input()
    except (KeyError, ValueError) as error:
        raise QgsProcessingException(_tr("A reference layer cannot be used: {0}").format(error)) \
            from None
