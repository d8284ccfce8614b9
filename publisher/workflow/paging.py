"""Keyset paging of the long listings (submissions, audit log): newest first, continued below
the last id seen, so rows added meanwhile never shift a page."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import InvalidRequest


def cursor(text: str | None, name: str) -> int | None:
    """A ``before``/``after`` id from the query string; None when not given."""
    if text in (None, ""):
        return None
    if not text.isdigit() or int(text) > 2 ** 62:
        raise InvalidRequest(f"{name} skal være et id (et heltal ≥ 0).",
                             f"{name} must be an id (an integer ≥ 0).")
    return int(text)


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
        return cursor(self.before_text, "before")

    def listing(self, fetched: list[dict]) -> Listing:
        """``fetched`` holds up to limit + 1 rows; the extra one only tells that more follow."""
        items = fetched[:self.limit]
        more = len(fetched) > self.limit
        return Listing(items, items[-1]["id"] if more and items else None)
