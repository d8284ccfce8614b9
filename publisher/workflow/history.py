"""A kommune's releases side by side: what each changed against the one before, and what a
rollback would do to the public map before it is made.

Releases are immutable, so the diff of two releases never changes: it is kept in a small cache.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from .diff import PUBLIC, diff

DIFF_CACHE_SIZE = 256
"""Release pairs whose diff is kept in memory (a few KB each)."""


class ReleaseDiffs:
    """``between(store, newer_id, older_id)``: the diff of two releases, cached."""

    def __init__(self, size: int = DIFF_CACHE_SIZE):
        self.size = size
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def between(self, store, newer_id: int, older_id: int | None) -> dict:
        key = (newer_id, older_id)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        older = store.release_features(older_id) if older_id is not None else []
        result = diff(store.release_features(newer_id), older)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return result


def public_counts(rows) -> dict[str, int]:
    """Public objects per layer."""
    counts: dict[str, int] = {}
    for row in rows:
        if row.attributes.get("synlighed") == PUBLIC:
            counts[row.layer] = counts.get(row.layer, 0) + 1
    return counts


def republished(target_rows, current_rows) -> dict[str, list[dict]]:
    """Objects a rollback to ``target_rows`` would make public again although the current release
    keeps them from the public: marked ``myndigheder`` now (``hidden``), or deleted since
    (``deleted``)."""
    current = {(row.layer, row.objekt_id): row for row in current_rows}
    hidden, deleted = [], []
    for row in target_rows:
        if row.attributes.get("synlighed") != PUBLIC or row.objekt_id is None:
            continue
        now = current.get((row.layer, row.objekt_id))
        item = {
            "layer": row.layer,
            "objekt_id": row.objekt_id,
            "navn": row.attributes.get("navn") or "",
        }
        if now is None:
            deleted.append(item)
        elif now.attributes.get("synlighed") != PUBLIC:
            hidden.append({**item, "synlighed": now.attributes.get("synlighed")})
    return {"hidden": hidden, "deleted": deleted}
