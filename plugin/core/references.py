"""Reference layers (kommunegrænser, nature protection, lokalplaner, kommuneplanrammer) from QGIS
layers, in the form the rulebook takes.

Two sources: Erhvervsstyrelsen's own layers fetched from the publisher (``erst_references``, the
store's columns: ``kommunekode``; ``natur_type`` + ``navn``; ``planid``, ``anvgen``, ``status``,
``plannavn``), and the planner's own layers chosen in the references dialog (raw DAGI, MiljøGIS
and Plandata files, field names as in ../shared/data). Geometries are read in EPSG:25832, 2D, and
repaired where invalid, as the publisher does when ERST loads a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from datamodel.layers import CRS
from datamodel.references import NATUR_TYPES, PROJECT_REFERENCE_TAGS
from datamodel.rules import NaturArea, PlanArea, ReferenceSet
from datamodel.rules.values import as_code, is_missing
from .check import plain_value
from .qgis_geometry import QgisGeometryAdapter

KOMMUNEKODE_FIELDS = ("KOMKODE", "kommunekode")
REFERENCE_PROPERTY = "overblikskort/reference"
"""Custom layer property naming what one of the planner's own project layers is a reference for:
one of ``datamodel.references.PROJECT_REFERENCE_TAGS`` (kommunegraenser, a nature type,
lokalplaner, kommuneplanrammer)."""
REFERENCE_TAGS = PROJECT_REFERENCE_TAGS
MIXED_NATURE = ""
"""Key in ``ReferenceLayers.natur`` of layers that name each object's nature type in a column
(Erhvervsstyrelsen's natur layer: ``natur_type``, ``kind`` in files fetched before the national
catalogue) and its name in ``navn``."""
MIXED_NATURE_TYPE_FIELDS = ("natur_type", "kind")


@dataclass
class ReferenceLayers:
    kommunegraenser: list[QgsVectorLayer] = field(default_factory=list)
    natur: dict[str, list[QgsVectorLayer]] = field(default_factory=dict)
    """Nature kind (natura2000 | paragraf3 | fredning, or MIXED_NATURE) → layers."""
    lokalplaner: list[QgsVectorLayer] = field(default_factory=list)
    kommuneplanrammer: list[QgsVectorLayer] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.kommunegraenser
            or any(self.natur.values())
            or self.lokalplaner
            or self.kommuneplanrammer
        )

    def kinds(self) -> list[str]:
        """The rule inputs these layers give (of ``datamodel.references.RULE_KINDS``)."""
        return [
            kind
            for kind, present in (
                ("kommunegraenser", self.kommunegraenser),
                ("natur", any(self.natur.values())),
                ("lokalplaner", self.lokalplaner),
                ("kommuneplanrammer", self.kommuneplanrammer),
            )
            if present
        ]

    @classmethod
    def from_project(cls, project: QgsProject | None = None) -> ReferenceLayers:
        """The planner's own project layers, tagged ``overblikskort/reference``."""
        found = cls()
        for layer in (project or QgsProject.instance()).mapLayers().values():
            kind = layer.customProperty(REFERENCE_PROPERTY)
            if kind == "kommunegraenser":
                found.kommunegraenser.append(layer)
            elif kind in NATUR_TYPES:
                found.natur.setdefault(kind, []).append(layer)
            elif kind == "lokalplaner":
                found.lokalplaner.append(layer)
            elif kind == "kommuneplanrammer":
                found.kommuneplanrammer.append(layer)
        return found

    def rule_input(self) -> ReferenceSet | None:
        """Reads the layers (EPSG:25832, 2D, repaired); None when no reference layer is given."""
        if self.empty:
            return None
        kommuner: dict[str, list[QgsGeometry]] = {}
        for layer in self.kommunegraenser:
            code_field = next(
                (name for name in KOMMUNEKODE_FIELDS if layer.fields().indexOf(name) >= 0), None
            )
            if code_field is None:
                raise ValueError(f"{layer.name()}: no field {' or '.join(KOMMUNEKODE_FIELDS)}")
            for feature, geometry in _features(layer):
                kommuner.setdefault(as_code(plain_value(feature[code_field])).zfill(4), []).append(
                    geometry
                )
        natur = []
        own_nature = {
            kind for kind, layers in self.natur.items() if layers and kind != MIXED_NATURE
        }
        for kind, layers in self.natur.items():
            for layer in layers:
                type_field = next(
                    (
                        name
                        for name in MIXED_NATURE_TYPE_FIELDS
                        if layer.fields().indexOf(name) >= 0
                    ),
                    "natur_type",
                )
                for feature, geometry in _features(layer):
                    if kind == MIXED_NATURE:
                        if _text(feature, type_field) not in own_nature:
                            natur.append(
                                NaturArea(
                                    _text(feature, type_field), _text(feature, "navn"), geometry
                                )
                            )
                    else:
                        natur.append(
                            NaturArea(kind, _text(feature, NATUR_TYPES[kind].name_field), geometry)
                        )
        planer, seen = [], set()
        for plantype, layers in (
            ("lokalplan", self.lokalplaner),
            ("kommuneplanramme", self.kommuneplanrammer),
        ):
            for feature, geometry in (item for layer in layers for item in _features(layer)):
                planid = as_code(plain_value(feature["planid"]))
                if (plantype, planid) in seen:
                    continue
                seen.add((plantype, planid))
                anvgen = plain_value(feature["anvgen"])
                planer.append(
                    PlanArea(
                        planid,
                        "" if is_missing(anvgen) else as_code(anvgen),
                        _text(feature, "status"),
                        _text(feature, "plannavn"),
                        geometry,
                        plantype,
                    )
                )
        return ReferenceSet(
            kommuner={
                code: parts[0] if len(parts) == 1 else QgsGeometry.unaryUnion(parts)
                for code, parts in kommuner.items()
            },
            natur=natur,
            planer=planer,
        )


def combined(erst: ReferenceLayers, own: ReferenceLayers) -> ReferenceLayers:
    """Erhvervsstyrelsen's layers, with the planner's own layers used instead for the rule
    inputs the planner chose layers for; an own nature layer replaces only its own kind."""
    natur = {kind: layers for kind, layers in own.natur.items() if layers}
    if erst.natur.get(MIXED_NATURE) and set(natur) != set(NATUR_TYPES):
        natur[MIXED_NATURE] = erst.natur[MIXED_NATURE]
    return ReferenceLayers(
        kommunegraenser=own.kommunegraenser or erst.kommunegraenser,
        natur=natur,
        lokalplaner=own.lokalplaner or erst.lokalplaner,
        kommuneplanrammer=own.kommuneplanrammer or erst.kommuneplanrammer,
    )


def _text(feature, name: str) -> str:
    if feature.fields().indexOf(name) < 0:
        return ""
    value = plain_value(feature[name])
    return "" if is_missing(value) else str(value)


def _features(layer: QgsVectorLayer):
    """(feature, 2D geometry in EPSG:25832, repaired when invalid) for every feature with a
    geometry; an unrepairable one is left out, as the publisher leaves it out of the store."""
    adapter = QgisGeometryAdapter()
    transform = QgsCoordinateTransform(
        layer.crs(), QgsCoordinateReferenceSystem(CRS), QgsProject.instance().transformContext()
    )
    for feature in layer.getFeatures():
        if not feature.hasGeometry():
            continue
        geometry = QgsGeometry(feature.geometry())
        geometry.get().dropZValue()
        geometry.get().dropMValue()
        if layer.crs().authid() != CRS:
            geometry.transform(transform)
        if not geometry.isGeosValid():
            geometry = adapter.repair([geometry])[0]
            if geometry is None:
                continue
        yield feature, geometry
