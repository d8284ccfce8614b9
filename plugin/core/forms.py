"""Attribute forms generated from the data model: aliases, widgets, constraints, defaults."""

from __future__ import annotations

from qgis.core import (
    QgsDefaultValue,
    QgsEditorWidgetSetup,
    QgsExpression,
    QgsFieldConstraints,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from datamodel.codelists import CODELISTS
from datamodel.schema import Default, Field, FieldType, Layer
from .constraints import field_constraint

VALUE_MAP_NULL = "{2839923C-8B7D-419E-B84B-CA2FE9B80EC7}"
"""The value QGIS's value-map widget uses for 'no value'."""
DATE_FORMAT = "yyyy-MM-dd"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Forms", text)


def configure_form(layer: QgsVectorLayer, model: Layer, kommunekode: str, language: str) -> None:
    """Give ``layer`` (whose fields follow ``model``) the data model's form and constraints."""
    form = layer.editFormConfig()
    for field in model.fields:
        index = layer.fields().indexOf(field.name)
        if index < 0:
            continue
        layer.setFieldAlias(index, field.label(language))
        layer.setEditorWidgetSetup(index, _widget(field, language))
        _set_constraints(layer, index, field, language)
        default = _default_expression(field, model, kommunekode)
        if default:
            layer.setDefaultValueDefinition(
                index, QgsDefaultValue(default, applyOnUpdate=field.derived_from_geometry)
            )
        editable = not (field.derived_from_geometry or field.type is FieldType.UUID)
        form.setReadOnly(index, not editable)
    layer.setEditFormConfig(form)


def _widget(field: Field, language: str) -> QgsEditorWidgetSetup:
    if field.codelist:
        entries = [
            {code.label_da if language == "da" else code.label_en: code.value}
            for code in CODELISTS[field.codelist].codes
        ]
        if not field.required:
            entries.insert(0, {_tr("(not set)"): VALUE_MAP_NULL})
        return QgsEditorWidgetSetup("ValueMap", {"map": entries})
    if field.type is FieldType.DATE:
        return QgsEditorWidgetSetup(
            "DateTime",
            {
                "field_format": DATE_FORMAT,
                "display_format": DATE_FORMAT,
                "calendar_popup": True,
                "allow_null": not field.required,
            },
        )
    if field.type is FieldType.BOOLEAN:
        return QgsEditorWidgetSetup("CheckBox", {})
    return QgsEditorWidgetSetup(
        "TextEdit", {"IsMultiline": (field.max_length or 0) > 500, "UseHtml": False}
    )


def _set_constraints(layer: QgsVectorLayer, index: int, field: Field, language: str) -> None:
    hard = QgsFieldConstraints.ConstraintStrengthHard
    if field.required:
        layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintNotNull, hard)
    if field.type is FieldType.UUID:
        layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintUnique, hard)
    constraint = field_constraint(field, language)
    if constraint:
        layer.setConstraintExpression(index, constraint.expression, constraint.message)
        layer.setFieldConstraint(index, QgsFieldConstraints.ConstraintExpression, hard)


def _default_expression(field: Field, model: Layer, kommunekode: str) -> str | None:
    if field.derived_from_geometry:
        return "round(area($geometry), 1)"
    if field.default is Default.NEW_UUID:
        return "uuid('WithoutBraces')"
    if field.default is Default.TODAY:
        return "to_date(now())"
    if field.default is Default.KOMMUNEKODE:
        return QgsExpression.quotedString(kommunekode) if kommunekode else None
    if field.codelist == "synlighed":
        return _visibility_default(model)
    return None


def _visibility_default(model: Layer) -> str:
    """Critical infrastructure defaults to 'myndigheder', everything else to the layer default."""
    default = QgsExpression.quotedString(model.default_visibility.value)
    if not model.critical_types or "type" not in model.field_names:
        return default
    critical = ", ".join(
        QgsExpression.quotedString(value) for value in sorted(model.critical_types)
    )
    return f"CASE WHEN \"type\" IN ({critical}) THEN 'myndigheder' ELSE {default} END"
