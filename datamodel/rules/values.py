"""Reading raw attribute values the way every rule does: missing, numbers, codes, dates, text.

Values arrive as whatever the reader produced (str, int, float, bool, date, datetime, pandas
Timestamp, NaN, None). These helpers accept all of them without importing any library.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

UUID_PATTERN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MOJIBAKE_MARKERS = ("Ã", "Â")
_TRUE_TEXT = frozenset({"true", "1", "ja", "yes", "sand"})
_FALSE_TEXT = frozenset({"false", "0", "nej", "no", "falsk"})


def is_missing(value: object) -> bool:
    """None, NaN/NaT and blank text count as missing."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except (TypeError, ValueError):
        return False


def as_number(value: object) -> float | None:
    """The value as a number, or None when it is not one (text that parses counts)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    try:
        return float(value)  # type: ignore[arg-type]  # numpy scalars
    except (TypeError, ValueError):
        return None


def as_integer(value: object) -> int | None:
    number = as_number(value)
    if number is None or number != number or number in (float("inf"), float("-inf")):
        return None
    return int(number) if number == int(number) else None


def as_code(value: object) -> str:
    """Code-list key of a value: integral numbers lose their '.0', text is stripped."""
    if isinstance(value, str):
        return value.strip()
    integer = as_integer(value)
    return str(integer) if integer is not None else str(value)


def as_boolean(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        return True if text in _TRUE_TEXT else False if text in _FALSE_TEXT else None
    integer = as_integer(value)
    return bool(integer) if integer in (0, 1) else None


def as_date(value: object) -> date | None:
    """A calendar date from date/datetime/Timestamp objects or ISO (or YYYYMMDD) text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _ISO_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
        if not match:
            return None
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    year, month, day = (getattr(value, name, None) for name in ("year", "month", "day"))
    if isinstance(year, int) and isinstance(month, int) and isinstance(day, int):
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def dates_outside(column: list[Any], low: date, high: date) -> list[int]:
    """Indices of the values that are not dates between low and high (missing ones included).

    Compares in the column's own type (date or datetime, which Python will not mix) so that a
    column of ordinary dates is scanned without converting a single value.
    """
    sample = next((value for value in column if isinstance(value, date)), None)
    if sample is None:
        return list(range(len(column)))
    if isinstance(sample, datetime):
        low = datetime(low.year, low.month, low.day)
        high = datetime(high.year, high.month, high.day, 23, 59, 59)
    try:
        return [i for i, v in enumerate(column) if v is None or not low <= v <= high]
    except TypeError:
        return list(range(len(column)))


def repaired_mojibake(text: str) -> str | None:
    """The text as intended when UTF-8 was read as Windows-1252/Latin-1 ("mÃ¥" → "må"), or
    None when the text shows no such damage."""
    if not any(marker in text for marker in _MOJIBAKE_MARKERS):
        return None
    for encoding in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return repaired
    return _repair_piecewise(text)


_PIECE = re.compile(
    r"[ÃÂ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    r"\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039"
    r"\u203a\u20ac\u2122]"
)


def _repair_piecewise(text: str) -> str | None:
    """Repairs the damaged pairs one by one, for text that also holds characters cp1252 lacks."""

    def fix(match: re.Match[str]) -> str:
        try:
            return match[0].encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match[0]

    repaired = _PIECE.sub(fix, text)
    return repaired if repaired != text else None
