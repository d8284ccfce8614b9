"""Freshness of a site's confirmation: overdue after 12 months (as rule A12), due soon 30 days
before that; the same limits in the dashboard, the API, the public card and the plugin."""

from __future__ import annotations

from datetime import date

import pytest

from datamodel.freshness import (
    CURRENT,
    DUE_SOON,
    OVERDUE,
    due_date,
    freshness,
    overdue_before,
    shift_months,
)


def test_overdue_before_is_the_same_day_a_year_earlier_and_handles_the_leap_day():
    assert overdue_before(date(2026, 5, 17)) == date(2025, 5, 17)
    assert overdue_before(date(2028, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
    ],
)
def test_shift_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month(day, months, expected):
    assert shift_months(day, months) == expected


def test_a_site_is_overdue_the_day_after_its_twelve_months_and_due_soon_thirty_days_before():
    today = date(2026, 6, 1)
    assert freshness("2025-06-01", today) == DUE_SOON
    assert freshness("2025-05-31", today) == OVERDUE
    assert freshness("2025-05-31T00:00:00", today) == OVERDUE
    assert freshness("2025-06-30", today) == DUE_SOON  # overdue in 30 days
    assert freshness("2025-07-01", today) == CURRENT  # overdue in 31 days
    assert freshness(None, today) == OVERDUE and freshness("ikke en dato", today) == OVERDUE
    assert due_date("2025-05-31") == date(2026, 5, 31)
