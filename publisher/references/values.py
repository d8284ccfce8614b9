"""Values of the authorities' files in the form the reference kinds keep them.

Value types vary between kommuner and sources (a Plandata code is 31, 31.0 or "31"; a sewerage
form is 3 in one file and "Spildevandskloakeret (...)" in the next; a date is 20180320 or
"2018-03-20"), so every column goes through one of these before it is stored.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

from datamodel import FieldType

PLAN_STATUS_WORDS = {"vedtaget": "V", "forslag": "F", "aflyst": "A", "kladde": "K"}
KLOAKERING_CODES = {
    "1": "faelleskloakeret",
    "2": "separatkloakeret",
    "3": "spildevandskloakeret",
    "4": "overfladevandskloakeret",
    "5": "ukloakeret",
    "6": "anden",
}
"""Plandata type1201a/type1201b, as the real spildevandsplan files pair them with vaerd1201a/b."""
KLOAKERING_WORDS = (
    ("fælles", "faelleskloakeret"),
    ("separat", "separatkloakeret"),
    ("spildevand", "spildevandskloakeret"),
    ("overflade", "overfladevandskloakeret"),
    ("regnvand", "overfladevandskloakeret"),
    ("ukloakeret", "ukloakeret"),
    ("ikke kloakeret", "ukloakeret"),
    ("anden", "anden"),
)
ELNET_TYPES = {
    "substation": "station",
    "sub_station": "station",
    "station": "station",
    "line": "ledning",
    "cable": "ledning",
    "minor_line": "ledning",
    "ledning": "ledning",
}
"""OpenStreetMap power=* and GridKit types; others (joint, generator, the synthetic
Created_line) are not part of the grid a company connects to and are skipped."""


def is_missing(value: object) -> bool:
    if value is None or value is np.nan:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value.__class__.__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, str) and not value.strip()


def code_text(value: object) -> str | None:
    """A code or text as stored: 31.0 → "31", " x " → "x", missing → None."""
    if is_missing(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def real(value: object) -> float | None:
    if is_missing(value):
        return None
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def iso_date(value: object) -> str | None:
    """20180320, "20180320", "2018-03-20" or a date → "2018-03-20"; anything else → None."""
    if is_missing(value):
        return None
    if isinstance(value, (dt.date, dt.datetime)) or hasattr(value, "date"):
        try:
            return (value.date() if hasattr(value, "hour") else value).isoformat()  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            return None
    text = code_text(value) or ""
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?", text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def boolean(value: object) -> bool | None:
    if is_missing(value):
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "ja", "yes", "t")
    return bool(value)


BY_TYPE = {
    FieldType.TEXT: code_text,
    FieldType.INTEGER: code_text,
    FieldType.REAL: real,
    FieldType.DATE: iso_date,
    FieldType.BOOLEAN: boolean,
    FieldType.UUID: code_text,
}


def plan_status(value: object) -> str | None:
    text = code_text(value)
    if text is None:
        return None
    return PLAN_STATUS_WORDS.get(text.lower(), text.upper() if len(text) == 1 else text)


def kloakering(value: object) -> str | None:
    """A type1201 code (3, 3.0, "3") or a vaerd1201 text as a kloakeringsform code."""
    text = code_text(value)
    if text is None:
        return None
    if text in KLOAKERING_CODES:
        return KLOAKERING_CODES[text]
    if text in KLOAKERING_CODES.values():
        return text
    lowered = text.lower()
    return next((code for word, code in KLOAKERING_WORDS if lowered.startswith(word)), None)


def kommunekode(value: object) -> str | None:
    text = code_text(value)
    return text.zfill(4) if text and text.isdigit() else text


def elnet_type(value: object) -> str | None:
    text = code_text(value)
    return ELNET_TYPES.get(text.lower()) if text else None


def voltages_kv(value: object) -> list[float]:
    """ "400000;132000" (volts, OSM) or "400/132" or 132 (kV) → [400.0, 132.0], largest first."""
    text = code_text(value)
    if text is None:
        return []
    numbers = []
    for part in re.split(r"[;/,]", text):
        number = real(part.strip().lower().removesuffix("kv").strip())
        if number is not None and number > 0:
            numbers.append(number / 1000 if number >= 1000 else number)
    return sorted(set(numbers), reverse=True)


def voltage_level(kv: float | None) -> str:
    if kv is None:
        return "ukendt"
    if kv >= 380:
        return "400"
    if kv >= 200:
        return "220"
    if kv >= 132:
        return "132_150"
    return "under_132"


def osm_name(value: object) -> str | None:
    """OSM names merged by GridKit repeat themselves ("A;HVDC A;A"): each name once."""
    text = code_text(value)
    if text is None:
        return None
    parts = list(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))
    return " / ".join(parts) or None
