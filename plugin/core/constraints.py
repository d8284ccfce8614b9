"""Field constraints (QGIS expressions + the message shown when one fails) from the data model."""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsExpression
from qgis.PyQt.QtCore import QCoreApplication

from datamodel.codelists import CODELISTS
from datamodel.rules.values import UUID_PATTERN
from datamodel.schema import Field, FieldType

NUMERIC_TYPES = (FieldType.INTEGER, FieldType.REAL)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Constraints", text)


@dataclass(frozen=True)
class FieldConstraint:
    expression: str
    """True when the value is acceptable; an empty (NULL) value is left to the not-null check."""
    message: str


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _literal(field: Field, value: str) -> str:
    return value if field.type in NUMERIC_TYPES else QgsExpression.quotedString(value)


def field_constraint(field: Field, language: str) -> FieldConstraint | None:
    """The combined expression constraint of one field, or None when it has none."""
    column = QgsExpression.quotedColumnRef(field.name)
    checks: list[str] = []
    messages: list[str] = []
    if field.required and field.type in (FieldType.TEXT, FieldType.UUID):
        checks.append(f"length(trim({column})) > 0")
        messages.append(_tr("must not be empty"))
    if field.codelist:
        codelist = CODELISTS[field.codelist]
        values = ", ".join(_literal(field, code.value) for code in codelist.codes)
        checks.append(f"{column} IN ({values})")
        labels = ", ".join(
            code.label_da if language == "da" else code.label_en for code in codelist.codes
        )
        messages.append(_tr("must be one of: {0}").format(labels))
    if field.minimum is not None and field.maximum is not None:
        checks.append(f"{column} >= {field.minimum} AND {column} <= {field.maximum}")
        messages.append(
            _tr("must be between {0} and {1}").format(
                _number(field.minimum), _number(field.maximum)
            )
        )
    elif field.minimum is not None:
        checks.append(f"{column} >= {field.minimum}")
        messages.append(_tr("must be at least {0}").format(_number(field.minimum)))
    elif field.maximum is not None:
        checks.append(f"{column} <= {field.maximum}")
        messages.append(_tr("must be at most {0}").format(_number(field.maximum)))
    if field.max_length:
        checks.append(f"length({column}) <= {field.max_length}")
        messages.append(_tr("must be at most {0} characters").format(field.max_length))
    pattern = UUID_PATTERN.pattern if field.type is FieldType.UUID else field.pattern
    if pattern:
        checks.append(f"regexp_match({column}, {QgsExpression.quotedString(f'^(?:{pattern})$')})")
        messages.append(_pattern_message(field))
    if not checks:
        return None
    expression = f"{column} IS NULL OR ({' AND '.join(f'({check})' for check in checks)})"
    label = field.label(language)
    return FieldConstraint(expression, f"{label}: {'; '.join(messages)}")


def _pattern_message(field: Field) -> str:
    if field.type is FieldType.UUID:
        return _tr("must be a UUID such as 3f2b8c1e-0a4d-4c55-9a51-2f0c6d7e8b90")
    if field.name == "kommunekode":
        return _tr("must be four digits, e.g. 0167")
    if "email" in field.name:
        return _tr("must be an e-mail address such as name@kommune.dk")
    if "telefon" in field.name:
        return _tr("must be a phone number of 8 to 16 digits, e.g. +45 12 34 56 78")
    if field.name == "link":
        return _tr("must be a web address starting with https:// or http://")
    return _tr("must match the pattern {0}").format(field.pattern)
