"""Submissions, decisions, releases and the audit trail, as plain service functions."""
from .errors import (Forbidden, InvalidRequest, NotAuthenticated, UnreadableUpload,
                     UploadTooComplex, UploadTooLarge, WorkflowError, http_status)
from .service import ReleaseHook, Workflow, pause_checkpoint, safe_file_name

__all__ = ["Forbidden", "InvalidRequest", "NotAuthenticated", "ReleaseHook", "UnreadableUpload",
           "UploadTooComplex", "UploadTooLarge", "Workflow", "WorkflowError", "http_status", "pause_checkpoint",
           "safe_file_name"]
