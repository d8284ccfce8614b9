"""Submissions, decisions, releases and the audit trail, as plain service functions."""
from ..errors import (DomainError, Forbidden, InvalidRequest, NotAuthenticated, UnreadableUpload,
                      UploadTooLarge)
from .service import ReleaseHook, Workflow, pause_checkpoint, safe_file_name

__all__ = ["DomainError", "Forbidden", "InvalidRequest", "NotAuthenticated", "ReleaseHook",
           "UnreadableUpload", "UploadTooLarge", "Workflow", "pause_checkpoint", "safe_file_name"]
