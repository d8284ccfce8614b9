"""Errors of the workflow, each with the HTTP status the API answers with."""
from __future__ import annotations

from ..store.records import Conflict, NotFound, StoreError, StoreUnavailable


class WorkflowError(StoreError):
    status = 400


class NotAuthenticated(WorkflowError):
    code = "ikke_logget_ind"
    status = 401

    def __init__(self) -> None:
        super().__init__("Mangler eller ugyldigt adgangstoken (Authorization: Bearer ...).",
                         "Missing or invalid access token (Authorization: Bearer ...).")


class Forbidden(WorkflowError):
    code = "ingen_adgang"
    status = 403


class InvalidRequest(WorkflowError):
    code = "ugyldig_anmodning"
    status = 400


class UnreadableUpload(WorkflowError):
    code = "fil_kan_ikke_laeses"
    status = 422


class UploadTooLarge(WorkflowError):
    code = "fil_for_stor"
    status = 413


class RevalidationBlocked(Conflict):
    """Validated anew for an approval against the current release, the file has blocking findings."""

    code = "blokerende_fund"

    def __init__(self, submission_id: int, summary: dict):
        count = summary.get("blokerende", 0)
        super().__init__(
            f"Indsendelse {submission_id} har nu {count} blokerende fund og kan ikke godkendes "
            f"mod den aktuelle udgivelse; afvis den, så kommunen kan rette og indsende igen.",
            f"Submission {submission_id} now has {count} blocking findings and cannot be approved "
            f"against the current release; reject it so the kommune can fix and resubmit.")


def http_status(error: StoreError) -> int:
    if isinstance(error, WorkflowError):
        return error.status
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, Conflict):
        return 409
    if isinstance(error, StoreUnavailable):
        return 503
    return 400
