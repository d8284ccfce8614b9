"""Submissions, decisions, releases and the audit trail, as plain service functions."""

from ..errors import (
    DomainError,
    Forbidden,
    InvalidRequest,
    NotAuthenticated,
    RevalidationBlocked,
    UnreadableUpload,
    UploadTooComplex,
    UploadTooLarge,
)
from .service import Publication, ReleaseHook, Workflow, safe_file_name

__all__ = [
    "DomainError",
    "Forbidden",
    "InvalidRequest",
    "NotAuthenticated",
    "Publication",
    "ReleaseHook",
    "RevalidationBlocked",
    "UnreadableUpload",
    "UploadTooComplex",
    "UploadTooLarge",
    "Workflow",
    "safe_file_name",
]
