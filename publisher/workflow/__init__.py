"""Submissions, decisions, releases and the audit trail, as plain service functions."""
from .errors import (Forbidden, InvalidRequest, NotAuthenticated, RevalidationBlocked,
                     UnreadableUpload, UploadTooLarge, WorkflowError, http_status)
from .service import Publication, ReleaseHook, Workflow, safe_file_name

__all__ = ["Forbidden", "InvalidRequest", "NotAuthenticated", "Publication", "ReleaseHook",
           "RevalidationBlocked", "UnreadableUpload", "UploadTooLarge", "Workflow",
           "WorkflowError", "http_status", "safe_file_name"]
