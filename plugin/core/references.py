"""Reference layers (kommunegrænser, nature protection, lokalplaner) from QGIS layers, in the form
the rulebook takes. Field names follow the sources in ../shared/data (DAGI, MiljøGIS, Plandata),
as the publisher's loaders do."""
from __future__ import annotations

from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject, QgsVectorLayer,
)

from datamodel.layers import CRS
from datamodel.rules import NaturArea, PlanArea, ReferenceSet
from datamodel.rules.values import as_code, is_missing
from .check import plain_value

NATURE_NAME_FIELDS = {"natura2000": "Objektnavn", "paragraf3": "Natyp_navn",
                      "fredning": "Fred_navn"}
KOMMUNEKODE_FIELDS = ("KOMKODE", "kommunekode")
REFERENCE_PROPERTY = "overblikskort/reference"
"""Custom layer property naming what a project layer is a reference for: "kommunegraenser",
"natura2000", "paragraf3", "fredning" or "lokalplaner"."""
REFERENCE_KINDS = ("kommunegraenser", *NATURE_NAME_FIELDS, "lokalplaner")


@dataclass
class ReferenceLayers:
    kommunegraenser: list[QgsVectorLayer] = field(default_factory=list)
    natur: dict[str, list[QgsVectorLayer]] = field(default_factory=dict)
    """Nature kind (natura2000 | paragraf3 | fredning) → layers."""
    lokalplaner: list[QgsVectorLayer] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.kommunegraenser or any(self.natur.values()) or self.lokalplaner)

    @classmethod
    def from_project(cls, project: QgsProject | None = None) -> ReferenceLayers:
        """The project layers tagged with the custom property ``overblikskort/reference``."""
        found = cls()
        for layer in (project or QgsProject.instance()).mapLayers().values():
            kind = layer.customProperty(REFERENCE_PROPERTY)
            if kind == "kommunegraenser":
                found.kommunegraenser.append(layer)
            elif kind in NATURE_NAME_FIELDS:
                found.natur.setdefault(kind, []).append(layer)
            elif kind == "lokalplaner":
                found.lokalplaner.append(layer)
        return found

    def rule_input(self) -> ReferenceSet | None:
        """Reads the layers (EPSG:25832, 2D); None when no reference layer is given."""
        if self.empty:
            return None
        kommuner: dict[str, list[QgsGeometry]] = {}
        for layer in self.kommunegraenser:
            code_field = next((name for name in KOMMUNEKODE_FIELDS
                               if layer.fields().indexOf(name) >= 0), None)
            if code_field is None:
                raise ValueError(f"{layer.name()}: no field {' or '.join(KOMMUNEKODE_FIELDS)}")
            for feature, geometry in _features(layer):
                kommuner.setdefault(as_code(plain_value(feature[code_field])).zfill(4),
                                    []).append(geometry)
        natur = [NaturArea(kind, _text(feature, NATURE_NAME_FIELDS[kind]), geometry)
                 for kind, layers in self.natur.items() for layer in layers
                 for feature, geometry in _features(layer)]
        planer, seen = [], set()
        for layer in self.lokalplaner:
            for feature, geometry in _features(layer):
                planid = as_code(plain_value(feature["planid"]))
                if planid in seen:
                    continue
                seen.add(planid)
                anvgen = plain_value(feature["anvgen"])
                planer.append(PlanArea(planid, "" if is_missing(anvgen) else as_code(anvgen),
                                       _text(feature, "status"), _text(feature, "plannavn"),
                                       geometry))
        return ReferenceSet(
            kommuner={code: parts[0] if len(parts) == 1 else QgsGeometry.unaryUnion(parts)
                      for code, parts in kommuner.items()},
            natur=natur, planer=planer)


def _text(feature, name: str) -> str:
    if feature.fields().indexOf(name) < 0:
        return ""
    value = plain_value(feature[name])
    return "" if is_missing(value) else str(value)


def _features(layer: QgsVectorLayer):
    """(feature, 2D geometry in EPSG:25832) for every feature with a geometry."""
    transform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(CRS),
                                       QgsProject.instance().transformContext())
    for feature in layer.getFeatures():
        if not feature.hasGeometry():
            continue
        geometry = QgsGeometry(feature.geometry())
        geometry.get().dropZValue()
        geometry.get().dropMValue()
        if layer.crs().authid() != CRS:
            geometry.transform(transform)
        yield feature, geometry
