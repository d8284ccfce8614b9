"""The publisher's store: one interface (``Store``), SQLite by default, PostGIS by DSN."""

from __future__ import annotations

from .records import (
    ROLES,
    SUBMISSION_KINDS,
    SUBMISSION_STATUSES,
    AuditEntry,
    Conflict,
    FeatureRow,
    KommuneState,
    NotFound,
    Release,
    Role,
    StaleBase,
    StoreError,
    StoreUnavailable,
    Submission,
    SubmissionKind,
    SubmissionStatus,
    User,
)
from .store import Checkpoint, Rebase, Store


def open_store(settings, checkpoint: Checkpoint | None = None) -> Store:
    """The store the settings point at, migrated to the newest schema."""
    if checkpoint is None:
        return Store.open(settings.database)
    return Store.open(settings.database, checkpoint)


__all__ = [
    "ROLES",
    "SUBMISSION_KINDS",
    "SUBMISSION_STATUSES",
    "AuditEntry",
    "Checkpoint",
    "Conflict",
    "FeatureRow",
    "KommuneState",
    "NotFound",
    "Rebase",
    "Release",
    "Role",
    "StaleBase",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "Submission",
    "SubmissionKind",
    "SubmissionStatus",
    "User",
    "open_store",
]
