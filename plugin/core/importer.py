"""Import from any vector layer into a workspace layer through a field mapping.

``preview`` says how many features will import and which would fail and why; ``import_into``
adds the ones that convert (reprojected to EPSG:25832, defaults filled in) and reports the rest.
Nothing in the source is changed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeatureRequest, QgsGeometry,
    QgsProject, QgsVectorLayer, QgsVectorLayerUtils, QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate

from ..datamodel.codelists import CODELISTS
from ..datamodel.layers import CRS
from ..datamodel.rules.values import (
    UUID_PATTERN, as_boolean, as_code, as_date, as_integer, as_number, is_missing,
)
from ..datamodel.schema import Default, Field, FieldType
from .check import plain_value
from .field_mapping import Mapping
from .language import qgis_language
from .workspace import GEOMETRY_PROPERTY


def _tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


class Refused(ValueError):
    """A value or geometry that cannot go into the workspace; ``reasons`` say why."""

    def __init__(self, *reasons: str):
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


@dataclass
class ImportReport:
    total: int = 0
    imported: int = 0
    failures: list[tuple[int, list[str]]] = field(default_factory=list)
    """(source feature id, reasons) for every feature that would fail / failed."""

    @property
    def ready(self) -> int:
        return self.total - len(self.failures)

    def reason_counts(self) -> Counter:
        return Counter(reason for _, reasons in self.failures for reason in reasons)


def convert_value(model_field: Field, value: object, rule_values: dict[str, str],
                  language: str = "en"):
    """The value as the workspace stores it; raises Refused with the reason."""
    if is_missing(value):
        return None
    label = model_field.label(language)
    if model_field.codelist:
        code = rule_values.get(as_code(value), as_code(value))
        if code not in CODELISTS[model_field.codelist].values:
            raise Refused(_tr("{0}: '{1}' is not in the code list (map it to a code)")
                          .format(label, as_code(value)))
        value = code
    if model_field.type is FieldType.INTEGER:
        number = as_integer(value)
        if number is None:
            raise Refused(_tr("{0}: '{1}' is not a whole number").format(label, value))
        return number
    if model_field.type is FieldType.REAL:
        number = as_number(value)
        if number is None:
            raise Refused(_tr("{0}: '{1}' is not a number").format(label, value))
        return number
    if model_field.type is FieldType.BOOLEAN:
        flag = as_boolean(value)
        if flag is None:
            raise Refused(_tr("{0}: '{1}' is not yes/no").format(label, value))
        return flag
    if model_field.type is FieldType.DATE:
        day = as_date(value)
        if day is None:
            raise Refused(_tr("{0}: '{1}' is not a date").format(label, value))
        return QDate(day)
    text = as_code(value) if isinstance(value, (int, float)) else str(value).strip()
    if model_field.default is Default.KOMMUNEKODE and text.isdigit():
        text = text.zfill(4)
    if model_field.type is FieldType.UUID and not UUID_PATTERN.fullmatch(text):
        raise Refused(_tr("{0}: '{1}' is not a UUID").format(label, value))
    if model_field.max_length and len(text) > model_field.max_length:
        raise Refused(_tr("{0}: longer than {1} characters").format(label, model_field.max_length))
    return text


class Importer:
    """One source layer, one workspace layer, one mapping."""

    def __init__(self, source: QgsVectorLayer, target: QgsVectorLayer, mapping: Mapping):
        self.source, self.target, self.mapping = source, target, mapping
        self.transform = QgsCoordinateTransform(source.crs(), QgsCoordinateReferenceSystem(CRS),
                                                QgsProject.instance())
        self.target_type = target.wkbType()
        self.language = qgis_language()
        self.context = target.createExpressionContext()

    def _geometry(self, feature) -> QgsGeometry:
        if not feature.hasGeometry():
            raise Refused(_tr("no geometry"))
        geometry = QgsGeometry(feature.geometry())
        geometry.get().dropZValue()
        geometry.get().dropMValue()
        try:
            geometry.transform(self.transform)
        except Exception as error:  # QgsCsException: coordinates outside the source CRS
            raise Refused(_tr("cannot be reprojected to EPSG:25832 ({0})").format(error)) from None
        if QgsWkbTypes.geometryType(self.target_type) != geometry.type():
            raise Refused(_tr("a {0} cannot go into a layer of {1}").format(
                QgsWkbTypes.displayString(geometry.wkbType()),
                QgsWkbTypes.displayString(self.target_type)))
        if self.target.customProperty(GEOMETRY_PROPERTY):
            return geometry  # a view of a mixed layer: single and multi types both fit
        if QgsWkbTypes.isMultiType(self.target_type):
            geometry.convertToMultiType()
        elif geometry.isMultipart():
            if not geometry.convertToSingleType():
                raise Refused(_tr("has several parts; the layer takes one"))
        return geometry

    def _attributes(self, feature) -> dict[int, object]:
        values, reasons = {}, []
        for model_field in self.mapping.model.fields:
            rule = self.mapping.fields.get(model_field.name)
            if rule is None or model_field.derived_from_geometry:
                continue
            raw = plain_value(feature[rule.source]) if rule.source else rule.constant
            try:
                converted = convert_value(model_field, raw, rule.values, self.language)
            except Refused as refused:
                reasons.extend(refused.reasons)
                continue
            if converted is not None:
                values[self.target.fields().indexOf(model_field.name)] = converted
        if reasons:
            raise Refused(*reasons)
        return values

    def _prepared(self, feature):
        reasons = []
        geometry = values = None
        try:
            geometry = self._geometry(feature)
        except Refused as refused:
            reasons.extend(refused.reasons)
        try:
            values = self._attributes(feature)
        except Refused as refused:
            reasons.extend(refused.reasons)
        if reasons:
            raise Refused(*reasons)
        created = QgsVectorLayerUtils.createFeature(self.target, geometry, values, self.context)
        missing = [f.label(self.language) for f in self.mapping.model.fields
                   if f.required and is_missing(plain_value(created[f.name]))]
        if missing:
            raise Refused(_tr("required fields without a value: {0}").format(", ".join(missing)))
        return created

    def _run(self, adding: bool) -> ImportReport:
        report, ready = ImportReport(), []
        used = sorted({rule.source for rule in self.mapping.fields.values() if rule.source})
        request = QgsFeatureRequest().setSubsetOfAttributes(used, self.source.fields())
        for feature in self.source.getFeatures(request):
            report.total += 1
            try:
                ready.append(self._prepared(feature))
            except Refused as refused:
                report.failures.append((feature.id(), refused.reasons))
        if adding and ready:
            editing = self.target.isEditable()
            if not editing and not self.target.startEditing():
                raise Refused(_tr("the layer {0} cannot be edited").format(self.target.name()))
            if not self.target.addFeatures(ready):
                raise Refused(_tr("the features could not be added to {0}")
                              .format(self.target.name()))
            if not editing and not self.target.commitChanges():
                errors = "; ".join(self.target.commitErrors())
                self.target.rollBack()
                raise Refused(_tr("saving {0} failed: {1}").format(self.target.name(), errors))
            report.imported = len(ready)
        return report

    def preview(self) -> ImportReport:
        return self._run(adding=False)

    def import_features(self) -> ImportReport:
        """Adds every feature that converts; when the layer was not being edited the import is
        saved at once, otherwise it stays in the edit buffer for the planner to save or undo."""
        return self._run(adding=True)
