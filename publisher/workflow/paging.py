"""Keyset paging of the long listings (submissions, audit log): newest first, continued below
the last id seen, so rows added meanwhile never shift a page."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidRequest


@dataclass(frozen=True)
class PageSize:
    default: int
    maximum: int


SUBMISSIONS_PAGE = PageSize(default=100, maximum=1000)
AUDIT_PAGE = PageSize(default=500, maximum=5000)


@dataclass(frozen=True)
class Listing:
    items: list[dict]
    next_before: int | None
    """The ``before`` of the next page; None on the last page."""


@dataclass(frozen=True)
class Page:
    size: PageSize
    limit_text: str | None = None
    before_text: str | None = None

    @property
    def limit(self) -> int:
        if self.limit_text in (None, ""):
            return self.size.default
        if not self.limit_text.isdigit() or not 0 < int(self.limit_text) <= self.size.maximum:
            raise InvalidRequest(f"limit skal være et heltal 1–{self.size.maximum}.",
                                 f"limit must be an integer 1–{self.size.maximum}.")
        return int(self.limit_text)

    @property
    def before(self) -> int | None:
        if self.before_text in (None, ""):
            return None
        if not self.before_text.isdigit() or int(self.before_text) > 2 ** 62:
            raise InvalidRequest("before skal være et id (et heltal ≥ 0).",
                                 "before must be an id (an integer ≥ 0).")
        return int(self.before_text)

    def listing(self, fetched: list[dict]) -> Listing:
        """``fetched`` holds up to limit + 1 rows; the extra one only tells that more follow."""
        items = fetched[:self.limit]
        more = len(fetched) > self.limit
        return Listing(items, items[-1]["id"] if more and items else None)
