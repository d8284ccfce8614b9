"""QGIS fields generated from the data model (nothing is listed by hand here)."""

from __future__ import annotations

from qgis.core import QgsField, QgsFields
from qgis.PyQt.QtCore import QVariant

from datamodel.schema import Field, FieldType, Layer

QVARIANT_TYPES = {
    FieldType.TEXT: QVariant.String,
    FieldType.UUID: QVariant.String,
    FieldType.INTEGER: QVariant.Int,
    FieldType.REAL: QVariant.Double,
    FieldType.BOOLEAN: QVariant.Bool,
    FieldType.DATE: QVariant.Date,
}
UUID_LENGTH = 36


def qgs_field(field: Field) -> QgsField:
    length = field.max_length or (UUID_LENGTH if field.type is FieldType.UUID else 0)
    return QgsField(field.name, QVARIANT_TYPES[field.type], len=length)


def qgs_fields(layer: Layer) -> QgsFields:
    result = QgsFields()
    for field in layer.fields:
        result.append(qgs_field(field))
    return result
