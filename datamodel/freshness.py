"""How fresh a business site's information is: `sidst_bekraeftet` against today.

A site is **overdue** (forfalden) when it was last confirmed more than 12 months ago (the same
limit as rule A12), and **due soon** (snart forfalden) when it becomes overdue within 30 days.
An overdue site stays public; the dashboard, the kommune's list and the public card say so.
"""

from __future__ import annotations

from datetime import date, timedelta

OVERDUE_MONTHS = 12
DUE_SOON_DAYS = 30
CONFIRMATION_FIELD = "sidst_bekraeftet"

OVERDUE, DUE_SOON, CURRENT = "forfalden", "snart_forfalden", "aktuel"
"""The states of `freshness`; a site without a readable date counts as overdue."""


def shift_months(day: date, months: int) -> date:
    """The same day ``months`` months later (earlier when negative); the month's last day where
    that month is shorter (29 February → 28 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    following = date(year + (month == 11), (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(day.day, (following - timedelta(days=1)).day))


def overdue_before(today: date) -> date:
    """Sites confirmed before this day are overdue today."""
    return shift_months(today, -OVERDUE_MONTHS)


def due_soon_before(today: date) -> date:
    """Sites confirmed before this day are overdue within `DUE_SOON_DAYS` (or already are)."""
    return overdue_before(today + timedelta(days=DUE_SOON_DAYS))


def confirmation_date(value: object) -> date | None:
    """The date of a stored `sidst_bekraeftet` ("2025-03-01" or "2025-03-01T00:00:00")."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def freshness(value: object, today: date) -> str:
    day = confirmation_date(value)
    if day is None or day < overdue_before(today):
        return OVERDUE
    if day < due_soon_before(today):
        return DUE_SOON
    return CURRENT


def due_date(value: object) -> date | None:
    """The last day the site counts as confirmed: 12 months after `sidst_bekraeftet`."""
    day = confirmation_date(value)
    return None if day is None else shift_months(day, OVERDUE_MONTHS)
