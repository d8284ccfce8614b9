"""Attribute rules driven by the field declarations in layers.py.

Each column is scanned once by a cheap test that lets ordinary values through; only the values
it stops are examined closely. That keeps 100,000 features fast in pure Python.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterator

from ..codelists import CODELISTS
from ..schema import Field, FieldType
from .catalogue import RULES
from .context import LayerState, RunSettings, layer_wide
from .messages import Found, Text, found, listing, number
from .values import (
    UUID_PATTERN,
    as_boolean,
    as_code,
    as_date,
    as_integer,
    as_number,
    dates_outside,
    is_missing,
    repaired_mojibake,
)

Verdict = tuple[str, dict[str, Any]]
"""A rule code and the values of its message."""
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

_EXPECTED = {
    FieldType.INTEGER: Text("et helt tal", "a whole number"),
    FieldType.REAL: Text("et tal", "a number"),
    FieldType.BOOLEAN: Text("sand/falsk", "true/false"),
    FieldType.DATE: Text("en dato (ÅÅÅÅ-MM-DD)", "a date (YYYY-MM-DD)"),
}
_NUMERIC_OR_DATE = frozenset({FieldType.INTEGER, FieldType.REAL, FieldType.BOOLEAN, FieldType.DATE})
"""Types whose empty values may arrive as NaN/NaT; text arrives empty as None."""
_PATTERN_NAMES = {
    "kontakt_email": Text("e-mailadresse", "e-mail address"),
    "kontakt_telefon": Text("telefonnummer, 8–16 cifre", "phone number, 8–16 digits"),
    "link": Text(
        "webadresse, der begynder med http:// eller https://",
        "web address starting with http:// or https://",
    ),
    "kommunekode": Text("fire cifre", "four digits"),
}


def _label(field: Field) -> Text:
    return Text(field.label_da, field.label_en)


def _suspicious(field: Field, column: list[Any]) -> list[int]:
    """Indices of the values the close examination must look at (a superset of the bad ones)."""
    try:
        if field.type is FieldType.UUID:
            match = UUID_PATTERN.fullmatch
            return [i for i, v in enumerate(column) if v.__class__ is not str or not match(v)]
        if field.type is FieldType.DATE:
            return dates_outside(column, EARLIEST_DATE, LATEST_DATE)
        if field.type is FieldType.TEXT:
            limit = field.max_length or 1 << 30
            accepted = CODELISTS[field.codelist].values if field.codelist else None
            if accepted is not None:
                return [i for i, v in enumerate(column) if v not in accepted]
            if field.pattern is not None:
                match = re.compile(field.pattern).fullmatch
                return [
                    i
                    for i, v in enumerate(column)
                    if v.__class__ is not str
                    or len(v) > limit
                    or not match(v)
                    or "Ã" in v
                    or "Â" in v
                ]
            return [
                i
                for i, v in enumerate(column)
                if v.__class__ is not str
                or not v
                or len(v) > limit
                or v.isspace()
                or "Ã" in v
                or "Â" in v
            ]
        if field.type in (FieldType.INTEGER, FieldType.REAL):
            if field.codelist:
                codes = {int(code) for code in CODELISTS[field.codelist].values}
                return [
                    i for i, v in enumerate(column) if v not in codes or v is True or v is False
                ]
            low = field.minimum if field.minimum is not None else float("-inf")
            high = field.maximum if field.maximum is not None else float("inf")
            integral = field.type is FieldType.INTEGER
            return [
                i
                for i, v in enumerate(column)
                if v.__class__ is str
                or v is True
                or v is False
                or not low <= v <= high
                or (integral and v != int(v))
            ]
        if field.type is FieldType.BOOLEAN:
            return [i for i, v in enumerate(column) if v is not True and v is not False]
    except (TypeError, ValueError, OverflowError):
        pass
    return list(range(len(column)))


def check_fields(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """Required, type, code list, range, length, pattern and date plausibility of every field."""
    for field in state.layer.fields:
        if field.derived_from_geometry:
            continue
        column = state.columns.get(field.name)
        if column is None:
            if field.required:
                yield found(RULES["A01"], **layer_wide(state), field=field.name)
            continue
        yield from _check_column(state, field, column)


def _check_column(state: LayerState, field: Field, column: list[Any]) -> Iterator[Found]:
    for index, (rule, values) in _judge(field, column):
        yield found(
            RULES[rule], **state.where(index), field=field.name, label=_label(field), **values
        )


def _distinct(values: list[Any], sample: int = 1000) -> list[Any] | None:
    """The distinct values when they repeat (status, kommunekode, e-mail), so that each is
    judged once; None when judging them one by one is cheaper (names, ids) or impossible."""
    try:
        if len(set(values[:sample])) > sample // 2:
            return None
        return list(set(values))
    except TypeError:  # an unhashable value
        return None


def _judge(field: Field, column: list[Any]) -> list[tuple[int, Verdict]]:
    """(feature index, verdict) for every value that deserves a finding, in feature order."""
    present = column
    if field.type in _NUMERIC_OR_DATE:
        present = [value for value in column if value == value]  # NaN is unequal to itself
    gap = _examine(field, float("nan")) if len(present) < len(column) else None
    distinct = _distinct(present)
    if distinct is not None:
        verdicts: dict[Any, Verdict] = {}
        for position in _suspicious(field, distinct):
            verdict = _examine(field, distinct[position])
            if verdict is not None:
                verdicts[distinct[position]] = verdict
        if not verdicts and gap is None:
            return []
        return [
            (index, verdict)
            for index, value in enumerate(column)
            if (verdict := verdicts.get(value) if value == value else gap) is not None
        ]
    found = []
    for index in _suspicious(field, column):
        value = column[index]
        verdict = gap if value != value else _examine(field, value)
        if verdict is not None:
            found.append((index, verdict))
    return found


def _examine(field: Field, value: object) -> Verdict | None:
    """The one finding a single value deserves (the most basic problem first), or None."""
    if is_missing(value):
        return ("A02", {}) if field.required else None
    kind = field.type
    if kind is FieldType.UUID:
        text = str(value).strip()
        return None if UUID_PATTERN.fullmatch(text) else ("A08", {"value": text})
    if kind is FieldType.DATE:
        day = as_date(value)
        if day is None:
            return "A04", {"value": value, "expected": _EXPECTED[kind]}
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            return "A10", {"value": day.isoformat()}
        return None
    if kind is FieldType.BOOLEAN:
        return (
            None
            if as_boolean(value) is not None
            else ("A04", {"value": value, "expected": _EXPECTED[kind]})
        )
    if kind in (FieldType.INTEGER, FieldType.REAL):
        return _examine_number(field, value)
    return _examine_text(field, value if isinstance(value, str) else str(value))


def _examine_number(field: Field, value: object) -> Verdict | None:
    numeric = as_integer(value) if field.type is FieldType.INTEGER else as_number(value)
    if numeric is None or numeric != numeric:
        return "A04", {"value": value, "expected": _EXPECTED[field.type]}
    if field.codelist and as_code(numeric) not in CODELISTS[field.codelist].values:
        return "A03", {"value": as_code(numeric), "codelist": field.codelist}
    low, high = field.minimum, field.maximum
    if (low is not None and numeric < low) or (high is not None and numeric > high):
        shown_low = number(low) if low is not None else Text("-∞", "-∞")
        shown_high = number(high) if high is not None else Text("∞", "∞")
        return "A05", {
            "value": number(numeric, 0 if numeric == int(numeric) else 2),
            "range": Text(
                f"interval {shown_low.da}–{shown_high.da}", f"range {shown_low.en}–{shown_high.en}"
            ),
        }
    return None


def _examine_text(field: Field, text: str) -> Verdict | None:
    if field.codelist and text.strip() not in CODELISTS[field.codelist].values:
        return "A03", {"value": text, "codelist": field.codelist}
    if field.max_length is not None and len(text) > field.max_length:
        return "A06", {"length": len(text), "max_length": field.max_length}
    if field.pattern is not None and not re.fullmatch(field.pattern, text.strip()):
        expected = _PATTERN_NAMES.get(field.name, Text(field.pattern, field.pattern))
        return "A07", {"value": text, "expected": expected}
    repaired = repaired_mojibake(text)
    if repaired is not None:
        return "A15", {"value": text, "repaired": repaired}
    return None


def check_unknown_fields(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """A17 once per layer, naming the fields (a raw Plandata export has hundreds)."""
    known = set(state.layer.field_names)
    unknown = [name for name in state.columns if name not in known]
    if unknown:
        yield found(
            RULES["A17"],
            **layer_wide(state),
            field=unknown[0] if len(unknown) == 1 else None,
            count=len(unknown),
            names=listing(unknown, limit=8),
        )


def check_duplicate_ids(state: LayerState, run: RunSettings) -> Iterator[Found]:
    present = [objekt_id for objekt_id in state.ids if objekt_id is not None]
    if len(set(present)) == len(present):
        return
    first_seen: dict[str, int] = {}
    for index, objekt_id in enumerate(state.ids):
        if objekt_id is None:
            continue
        earlier = first_seen.setdefault(objekt_id, index)
        if earlier != index:
            yield found(
                RULES["A09"],
                **state.where(index),
                field="objekt_id",
                value=objekt_id,
                other=Text(f"nr. {earlier + 1}", f"no. {earlier + 1}"),
            )


def check_kommunekode(state: LayerState, run: RunSettings) -> Iterator[Found]:
    column = state.columns.get("kommunekode")
    if column is None:
        return
    expected = run.kommune
    for index, value in enumerate(column):
        if value == expected or is_missing(value):
            continue
        code = as_code(value)
        if code.isdigit() and code.zfill(4) == expected:
            continue
        yield found(
            RULES["A16"], **state.where(index), field="kommunekode", value=code, kommune=expected
        )
