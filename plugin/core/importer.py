"""Import from any vector layer into a workspace layer through a field mapping.

``preview`` says how many features will import, which would fail and why, which codes fall back
to the nearest general code, and which rows lie outside the planner's kommune (left out when the
mapping says so); ``import_features`` adds the ones that convert (reprojected to EPSG:25832,
defaults filled in) and reports the rest. ``ImportTask`` does the same off the main thread.
Nothing in the source is changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from typing import Callable

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsFeatureRequest,
    QgsFields,
    QgsGeometry,
    QgsProject,
    QgsTask,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QDate, pyqtSignal

from datamodel.codelists import CODELISTS
from datamodel.layers import CRS
from datamodel.rules.values import (
    UUID_PATTERN,
    as_boolean,
    as_code,
    as_date,
    as_integer,
    as_number,
    is_missing,
)
from datamodel.schema import Default, Field, FieldType
from datamodel.rules.reference_checks import MOSTLY_OUTSIDE
from .check import plain_value
from .erst_references import kommune_area
from .field_mapping import Mapping
from .language import qgis_language
from .qgis_geometry import QgisGeometryAdapter
from .settings import Settings
from .workspace import GEOMETRY_PROPERTY

PROGRESS_STEP = 250


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
    outside: list[tuple[int, str, str]] = field(default_factory=list)
    """(source feature id, name, kommunekode) of every row outside the planner's kommune."""
    skipped_outside: bool = False
    """True when those rows were left out."""
    warnings: Counter = field(default_factory=Counter)
    """Values imported with a change the planner should look at (a code's fallback)."""

    @property
    def ready(self) -> int:
        return self.total - len(self.failures) - (len(self.outside) if self.skipped_outside else 0)

    def reason_counts(self) -> Counter:
        return Counter(reason for _, reasons in self.failures for reason in reasons)


def convert_value(
    model_field: Field,
    value: object,
    rule_values: dict[str, str],
    language: str = "en",
    fallback: str | None = None,
    warnings: Counter | None = None,
):
    """The value as the workspace stores it; raises Refused with the reason. A code outside the
    list and ``rule_values`` becomes ``fallback`` (noted in ``warnings``) when one is given."""
    if is_missing(value):
        return None
    label = model_field.label(language)
    if model_field.codelist:
        codelist = CODELISTS[model_field.codelist]
        code = rule_values.get(as_code(value), as_code(value))
        if code not in codelist.values and fallback in codelist.values:
            if warnings is not None:
                warnings[
                    _tr(
                        "{0}: '{1}' is not in the code list; imported as the nearest "
                        "general code {2} ({3})"
                    ).format(label, as_code(value), fallback, codelist.label(fallback, language))
                ] += 1
            code = fallback
        if code not in codelist.values:
            raise Refused(
                _tr("{0}: '{1}' is not in the code list (map it to a code)").format(
                    label, as_code(value)
                )
            )
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


class ImportCanceled(Exception):
    """The planner canceled the import; nothing was added."""


@dataclass
class Conversion:
    """The converted features, not yet in the workspace layer."""

    report: ImportReport
    features: list[QgsFeature]


class Importer:
    """One source layer, one workspace layer, one mapping.

    Made in the main thread, where it takes a thread-safe copy of the source and what it needs
    of the target; ``convert`` then runs in any thread (a QgsTask) and never touches a layer;
    ``add`` puts the result into the workspace layer in the main thread."""

    def __init__(
        self,
        source: QgsVectorLayer,
        target: QgsVectorLayer,
        mapping: Mapping,
        kommune: str | None = None,
    ):
        self.mapping = mapping
        self.kommune = Settings.load().kommunekode if kommune is None else kommune
        self.kommune_area = kommune_area(self.kommune) if self.kommune else None
        """The kommune from ERST's (or the planner's own) kommunegrænser, when at hand."""
        self.adapter = QgisGeometryAdapter()
        self._kommune_index = None
        """The kommune as the adapter's reference index, made on first use in the converting
        thread."""
        self.warnings: Counter = Counter()
        self.target_id, self.target_name = target.id(), target.name()
        self.transform = QgsCoordinateTransform(
            source.crs(), QgsCoordinateReferenceSystem(CRS), QgsProject.instance()
        )
        self.target_type = target.wkbType()
        self.mixed_view = bool(target.customProperty(GEOMETRY_PROPERTY))
        self.fields = QgsFields(target.fields())
        self.language = qgis_language()
        self.context = QgsExpressionContext(
            QgsExpressionContextUtils.globalProjectLayerScopes(target)
        )
        self.defaults = {
            index: QgsExpression(target.defaultValueDefinition(index).expression())
            for index in range(self.fields.count())
            if target.defaultValueDefinition(index).isValid()
        }
        used = sorted({rule.source for rule in mapping.fields.values() if rule.source})
        self.request = QgsFeatureRequest().setSubsetOfAttributes(used, source.fields())
        self.expected = max(source.featureCount(), 0)
        self.source = QgsVectorLayerFeatureSource(source)

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
            raise Refused(
                _tr("a {0} cannot go into a layer of {1}").format(
                    QgsWkbTypes.displayString(geometry.wkbType()),
                    QgsWkbTypes.displayString(self.target_type),
                )
            )
        if self.mixed_view:
            return geometry  # a view of a mixed layer: single and multi types both fit
        if QgsWkbTypes.isMultiType(self.target_type):
            geometry.convertToMultiType()
        elif geometry.isMultipart() and not geometry.convertToSingleType():
            raise Refused(_tr("has several parts; the layer takes one"))
        return geometry

    def _attributes(self, feature) -> dict[int, object]:
        values, reasons = {}, []
        for model_field in self.mapping.model.fields:
            rule = self.mapping.fields.get(model_field.name)
            if rule is None or model_field.derived_from_geometry:
                continue
            raw = plain_value(feature[rule.source]) if rule.source else None
            if is_missing(raw):
                raw = rule.constant
            try:
                converted = convert_value(
                    model_field, raw, rule.values, self.language, rule.fallback, self.warnings
                )
            except Refused as refused:
                reasons.extend(refused.reasons)
                continue
            if converted is not None:
                values[self.fields.indexOf(model_field.name)] = converted
        if reasons:
            raise Refused(*reasons)
        return values

    def _created(self, geometry: QgsGeometry, values: dict[int, object]) -> QgsFeature:
        """The new feature with the layer's defaults (UUID, kommunekode, today, area) filled in
        where the mapping gave no value, as the layer's form would."""
        created = QgsFeature(self.fields)
        created.setGeometry(geometry)
        for index, value in values.items():
            created.setAttribute(index, value)
        self.context.setFeature(created)
        for index, expression in self.defaults.items():
            if index not in values:
                created.setAttribute(index, expression.evaluate(self.context))
        return created

    def _prepared(self, feature) -> QgsFeature:
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
        created = self._created(geometry, values)
        missing = [
            f.label(self.language)
            for f in self.mapping.model.fields
            if f.required and is_missing(plain_value(created[f.name]))
        ]
        if missing:
            raise Refused(_tr("required fields without a value: {0}").format(", ".join(missing)))
        return created

    def convert(
        self,
        progress: Callable[[float], None] | None = None,
        is_canceled: Callable[[], bool] = lambda: False,
    ) -> Conversion:
        """Every source feature converted or refused with its reasons; any thread."""
        conversion = Conversion(ImportReport(skipped_outside=self.mapping.skip_outside), [])
        report = conversion.report
        self.warnings = report.warnings
        for feature in self.source.getFeatures(self.request):
            if is_canceled():
                raise ImportCanceled()
            report.total += 1
            code = self._kommunekode(feature)
            if self._outside(code, feature):
                report.outside.append((feature.id(), self._name(feature), code))
                if self.mapping.skip_outside:
                    continue
            try:
                conversion.features.append(self._prepared(feature))
            except Refused as refused:
                report.failures.append((feature.id(), refused.reasons))
            if progress and self.expected and report.total % PROGRESS_STEP == 0:
                progress(min(99.0, 100 * report.total / self.expected))
        return conversion

    def _raw(self, feature, name: str):
        rule = self.mapping.fields.get(name)
        if rule is None:
            return None
        value = plain_value(feature[rule.source]) if rule.source else None
        return rule.constant if is_missing(value) else value

    def _kommunekode(self, feature) -> str:
        """The row's kommunekode as the import would store it (the planner's by default)."""
        value = self._raw(feature, "kommunekode")
        return self.kommune if is_missing(value) else as_code(value).zfill(4)

    def _name(self, feature) -> str:
        value = self._raw(feature, "navn")
        return "" if is_missing(value) else str(value)

    def _outside(self, code: str, feature) -> bool:
        """Another kommune's code, or (with the kommune's boundary at hand) mostly outside it,
        as the check's G08 would say."""
        if not self.kommune:
            return False
        if code != self.kommune:
            return True
        if self.kommune_area is None:
            return False
        try:
            geometry = self._geometry(feature)
        except Refused:
            return False
        if self._kommune_index is None:
            self._kommune_index = self.adapter.reference_index([self.kommune_area])
        return self.adapter.coverage([geometry], self._kommune_index)[0].share < MOSTLY_OUTSIDE

    def target(self) -> QgsVectorLayer:
        layer = QgsProject.instance().mapLayer(self.target_id)
        if not isinstance(layer, QgsVectorLayer):
            raise Refused(_tr("the layer {0} is no longer in the project").format(self.target_name))
        return layer

    def add(self, conversion: Conversion, save: bool = False) -> ImportReport:
        """Adds the converted features to the workspace layer as one edit command (main thread):
        one undo removes them all. With ``save`` the edits are saved at once when the layer was
        not being edited before."""
        report, target = conversion.report, self.target()
        if not conversion.features:
            return report
        editing = target.isEditable()
        if not editing and not target.startEditing():
            raise Refused(_tr("the layer {0} cannot be edited").format(target.name()))
        target.beginEditCommand(_tr("Import into {0}").format(target.name()))
        if not target.addFeatures(conversion.features):
            target.destroyEditCommand()
            raise Refused(_tr("the features could not be added to {0}").format(target.name()))
        target.endEditCommand()
        if save and not editing and not target.commitChanges():
            errors = "; ".join(target.commitErrors())
            target.rollBack()
            raise Refused(_tr("saving {0} failed: {1}").format(target.name(), errors))
        report.imported = len(conversion.features)
        return report

    def preview(self) -> ImportReport:
        return self.convert().report

    def import_features(self) -> ImportReport:
        """Converts and adds in the calling thread (code, tests); when the layer was not being
        edited the import is saved at once, otherwise it stays in the edit buffer."""
        return self.add(self.convert(), save=True)


class ImportTask(QgsTask):
    """``convert`` (or only a preview) off the main thread with progress and cancel; the features
    are added in the main thread when it is done. Emits ``done(report)`` or ``failed(message)``
    in the main thread; a canceled import adds nothing."""

    done = pyqtSignal(object)
    failed = pyqtSignal(str)

    def __init__(self, importer: Importer, adding: bool):
        description = (
            _tr("Overblikskort: importing into {0}")
            if adding
            else _tr("Overblikskort: preview of the import into {0}")
        )
        super().__init__(description.format(importer.target_name), QgsTask.CanCancel)
        self.importer, self.adding = importer, adding
        self.conversion: Conversion | None = None
        self.error: str | None = None

    def run(self) -> bool:
        try:
            self.conversion = self.importer.convert(self.setProgress, self.isCanceled)
        except ImportCanceled:
            return False
        except Exception as error:  # shown to the planner instead of a lost thread traceback
            self.error = f"{type(error).__name__}: {error}"
            return False
        return True

    def finished(self, ok: bool) -> None:
        if not ok or self.conversion is None or self.isCanceled():
            self.failed.emit(
                _tr("The import was canceled; nothing was added.")
                if self.isCanceled()
                else _tr("The import failed: {0}").format(self.error or "")
            )
            return
        if not self.adding:
            self.done.emit(self.conversion.report)
            return
        try:
            self.done.emit(self.importer.add(self.conversion))
        except Refused as refused:
            self.failed.emit(str(refused))
