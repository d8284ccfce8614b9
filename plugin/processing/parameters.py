"""Parameters the Overblikskort algorithms share: the workspace, the kommune, reference layers.

Every algorithm checks against Erhvervsstyrelsen's reference layers fetched by the plugin (see
``core.erst_references``); layers given as parameters are the planner's own and are used instead
for their kind. Export and send refuse to go on when a check could not run for want of a
reference layer, unless WITHOUT_REFERENCES is set."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.erst_references import ChosenReferences, choose_references
from ..core.reference_kinds import describe, kind_label
from ..core.references import ReferenceLayers
from ..core.settings import KOMMUNEKODE_PATTERN, Settings
from ..core.workspace import WorkspaceError, load_layers

WORKSPACE, KOMMUNEKODE = "WORKSPACE", "KOMMUNEKODE"
KOMMUNEGRAENSER, LOKALPLANER = "KOMMUNEGRAENSER", "LOKALPLANER"
WITHOUT_REFERENCES = "WITHOUT_REFERENCES"
MISSING_REFERENCE_RULE = "S02"
"""The rulebook's "a check could not run: reference layer missing"."""
NATURE_PARAMETERS = {"natura2000": "NATURA2000", "paragraf3": "PARAGRAF3", "fredning": "FREDNINGER"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("Processing", text)


def add_workspace_parameters(algorithm) -> None:
    algorithm.addParameter(
        QgsProcessingParameterFile(WORKSPACE, _tr("Workspace (GeoPackage)"), extension="gpkg")
    )
    algorithm.addParameter(
        QgsProcessingParameterString(
            KOMMUNEKODE,
            _tr("Municipality code (kommunekode)"),
            defaultValue=Settings.load().kommunekode or None,
        )
    )


def add_reference_parameters(algorithm) -> None:
    """The planner's own reference layers, each optional: by default Erhvervsstyrelsen's."""
    polygons = [QgsProcessing.TypeVectorPolygon]
    own = _tr("{0} – your own instead of Erhvervsstyrelsen's")
    algorithm.addParameter(
        QgsProcessingParameterVectorLayer(
            KOMMUNEGRAENSER, own.format(_tr("Municipal boundaries (DAGI)")), polygons, optional=True
        )
    )
    labels = {
        "natura2000": _tr("Natura 2000 areas"),
        "paragraf3": _tr("§3 protected nature"),
        "fredning": _tr("Preservation orders (fredninger)"),
    }
    for kind, name in NATURE_PARAMETERS.items():
        algorithm.addParameter(
            QgsProcessingParameterMultipleLayers(
                name, own.format(labels[kind]), QgsProcessing.TypeVectorPolygon, optional=True
            )
        )
    algorithm.addParameter(
        QgsProcessingParameterMultipleLayers(
            LOKALPLANER,
            own.format(_tr("Plandata lokalplaner")),
            QgsProcessing.TypeVectorPolygon,
            optional=True,
        )
    )


def add_without_references_parameter(algorithm) -> None:
    algorithm.addParameter(
        QgsProcessingParameterBoolean(
            WITHOUT_REFERENCES,
            _tr(
                "Go on even when a check could not run for want of a reference "
                "layer (not recommended)"
            ),
            defaultValue=False,
        )
    )


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
            _tr("The municipality code must be four digits (e.g. 0167), not '{0}'.").format(code)
        )
    return code


def references(algorithm, parameters, context, kommune: str, feedback=None):
    """(the rulebook's reference input, what it was made of): Erhvervsstyrelsen's fetched layers,
    the own layers given as parameters instead for their kinds."""
    own = ReferenceLayers(
        kommunegraenser=[
            layer
            for layer in [algorithm.parameterAsVectorLayer(parameters, KOMMUNEGRAENSER, context)]
            if layer is not None
        ],
        natur={
            kind: algorithm.parameterAsLayerList(parameters, name, context)
            for kind, name in NATURE_PARAMETERS.items()
            if algorithm.parameterAsLayerList(parameters, name, context)
        },
        lokalplaner=algorithm.parameterAsLayerList(parameters, LOKALPLANER, context),
    )
    chosen = choose_references(kommune, own)
    try:
        rule_input = chosen.layers.rule_input()
    except (KeyError, ValueError) as error:
        raise QgsProcessingException(
            _tr("A reference layer cannot be used: {0}").format(error)
        ) from None
    if feedback is not None:
        feedback.pushInfo(describe(chosen))
    return rule_input, chosen


def refuse_unchecked(
    algorithm, parameters, context, report, chosen: ChosenReferences, feedback
) -> None:
    """Export and send: a check that could not run for want of a reference layer blocks, unless
    the planner chose to go on without."""
    if not any(
        finding.rule == MISSING_REFERENCE_RULE for finding in report.findings
    ) or algorithm.parameterAsBoolean(parameters, WITHOUT_REFERENCES, context):
        return
    message = _tr(
        "Could not check against {0}: fetch Erhvervsstyrelsen's reference layers "
        "(Overblikskort ▸ Fetch Erhvervsstyrelsen's reference layers…) or choose to go "
        "on without."
    ).format(", ".join(kind_label(kind) for kind in chosen.missing))
    feedback.reportError(message)
    raise QgsProcessingException(message)


def blocking_lines(report, language: str) -> list[str]:
    return [
        f"{finding.rule} {finding.layer or ''} {finding.objekt_id or finding.feature or ''}: "
        f"{finding.message(language)}"
        for finding in report.findings
        if finding.severity.value == "blokerende"
    ]
