"""The publisher's domain errors: what a person did wrong or may not do, in Danish and English.

They are apart from the store's errors (``publisher.store.StoreError``: not found, conflict,
database unavailable) and know nothing of HTTP; ``publisher.api.errors`` maps both to statuses.
"""

from __future__ import annotations

from datamodel.messages import BilingualError


class DomainError(BilingualError):
    """Base of the errors the workflow and the user administration raise; ``code`` is the
    stable name clients read (``error.code`` in the API's answers)."""

    code = "ugyldig_anmodning"


class NotAuthenticated(DomainError):
    code = "ikke_logget_ind"

    def __init__(self) -> None:
        super().__init__(
            "Mangler eller ugyldigt adgangstoken (Authorization: Bearer ...).",
            "Missing or invalid access token (Authorization: Bearer ...).",
        )


class Forbidden(DomainError):
    code = "ingen_adgang"


class InvalidRequest(DomainError):
    code = "ugyldig_anmodning"


class InvalidUser(InvalidRequest):
    code = "ugyldig_bruger"


class UnreadableUpload(DomainError):
    code = "fil_kan_ikke_laeses"


class UploadTooComplex(UnreadableUpload):
    """Beyond a documented limit of the validation (size, time, memory): answered as an
    unreadable file (422), with its own code so that a client can tell the two apart."""

    code = "fil_for_kompleks"


class UploadTooLarge(DomainError):
    code = "fil_for_stor"


class RevalidationBlocked(DomainError):
    """Validated anew for an approval against the current release, the file has blocking
    findings (a conflict with the state of the kommune, like the store's Conflict)."""

    code = "blokerende_fund"

    def __init__(self, submission_id: int, summary: dict):
        count = summary.get("blokerende", 0)
        super().__init__(
            f"Indsendelse {submission_id} har nu {count} blokerende fund og kan ikke godkendes "
            f"mod den aktuelle udgivelse; afvis den, så kommunen kan rette og indsende igen.",
            f"Submission {submission_id} now has {count} blocking findings and cannot be approved "
            f"against the current release; reject it so the kommune can fix and resubmit.",
        )
