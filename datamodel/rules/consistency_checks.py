"""Rules that compare fields with each other, with the geometry or with today's date."""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..freshness import CONFIRMATION_FIELD, overdue_before
from .attribute_checks import EARLIEST_DATE, LATEST_DATE
from .catalogue import RULES
from .context import LayerState, RunSettings
from .messages import Found, Text, found, number
from .values import as_date, as_integer, as_number, dates_outside, is_missing

FREE_AREA_TOLERANCE = 1.01
"""ledigt_areal_m2 may exceed the computed area by 1 % (rounding, other area computations)."""


def _months_between(earlier: date, later: date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - 1 if later.day < earlier.day else months


def check_confirmation_date(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """sidst_bekraeftet may not lie in the future and should be at most 12 months old."""
    column = state.columns.get(CONFIRMATION_FIELD)
    if column is None:
        return
    field = state.layer.field(CONFIRMATION_FIELD)
    label = Text(field.label_da, field.label_en)
    today = run.today
    for index in dates_outside(column, overdue_before(today), today):
        value = column[index]
        day = as_date(value) if not is_missing(value) else None
        if day is None or not EARLIEST_DATE <= day <= LATEST_DATE:
            continue  # A04/A10 report those
        if day > today:
            yield found(
                RULES["A11"],
                **state.where(index),
                field=CONFIRMATION_FIELD,
                value=day.isoformat(),
                today=today.isoformat(),
                label=label,
            )
            continue
        if day < overdue_before(today):
            yield found(
                RULES["A12"],
                **state.where(index),
                field=CONFIRMATION_FIELD,
                value=day.isoformat(),
                months=_months_between(day, today),
            )


def check_environmental_classes(state: LayerState, run: RunSettings) -> Iterator[Found]:
    lows = state.columns.get("miljoeklasse_min")
    highs = state.columns.get("miljoeklasse_max")
    if lows is None or highs is None:
        return
    for index, (low, high) in enumerate(zip(lows, highs)):
        try:
            if not low > high:  # fast path; NaN compares False
                continue
        except TypeError:
            pass
        low_class, high_class = as_integer(low), as_integer(high)
        if low_class is not None and high_class is not None and low_class > high_class:
            yield found(
                RULES["A13"],
                **state.where(index),
                field="miljoeklasse_min",
                minimum=low_class,
                maximum=high_class,
            )


def check_free_area(state: LayerState, run: RunSettings) -> Iterator[Found]:
    column = state.columns.get("ledigt_areal_m2")
    if column is None:
        return
    for index, (value, area, usable) in enumerate(zip(column, state.measures, state.usable)):
        if not usable:
            continue
        try:
            if not value > area * FREE_AREA_TOLERANCE:  # fast path; NaN and None fall through
                continue
        except TypeError:
            pass
        free = as_number(value)
        if free is None or free != free:
            continue
        if free > area * FREE_AREA_TOLERANCE:
            yield found(
                RULES["A14"],
                **state.where(index),
                field="ledigt_areal_m2",
                free=number(free),
                area=number(area),
            )
