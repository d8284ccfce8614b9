"""Keyset paging of the long listings (submissions, audit log): newest first, continued below
the last id seen, so rows added meanwhile never shift a page."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSize:
    default: int
    maximum: int


SUBMISSIONS_PAGE = PageSize(default=100, maximum=1000)
AUDIT_PAGE = PageSize(default=500, maximum=5000)
MAX_ID = 2**62
"""The largest ``before`` a client may give (ids are 64-bit integers in both stores)."""


@dataclass(frozen=True)
class Listing:
    items: list[dict]
    next_before: int | None
    """The ``before`` of the next page; None on the last page."""


@dataclass(frozen=True)
class Page:
    """``limit`` rows (within its listing's PageSize, which the API enforces) with ids below
    ``before`` (None: from the newest)."""

    limit: int
    before: int | None = None

    def listing(self, fetched: list[dict]) -> Listing:
        """``fetched`` holds up to limit + 1 rows; the extra one only tells that more follow."""
        items = fetched[: self.limit]
        more = len(fetched) > self.limit
        return Listing(items, items[-1]["id"] if more and items else None)
