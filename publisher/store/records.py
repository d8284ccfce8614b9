"""What the store hands out: plain records and the errors the workflow turns into answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from datamodel.messages import BilingualError

Role = Literal["indsender", "godkender", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
SubmissionStatus = Literal["modtaget", "afvist_automatisk", "til_godkendelse", "godkendt", "afvist"]
SUBMISSION_STATUSES: tuple[SubmissionStatus, ...] = get_args(SubmissionStatus)
SubmissionKind = Literal["indsendelse", "bekraeftelse"]
SUBMISSION_KINDS: tuple[SubmissionKind, ...] = get_args(SubmissionKind)


class StoreError(BilingualError):
    """Base of the store's own errors; each carries a Danish and an English message."""

    code = "store_error"


class NotFound(StoreError):
    code = "findes_ikke"


class StoreUnavailable(StoreError):
    """The database cannot be reached or has no free connection in time (HTTP 503)."""

    code = "database_utilgaengelig"


class Conflict(StoreError):
    """Someone else changed the same state first (optimistic concurrency) or the state forbids it."""

    code = "konflikt"


class StaleBase(Conflict):
    """The submission was diffed against a release that is no longer the kommune's current one."""

    code = "foraeldet_grundlag"

    def __init__(self, submission_id: int, kommunekode: str, base: int | None, current: int | None):
        def name(release_id: int | None, da: bool) -> str:
            if release_id is None:
                return "ingen udgivelse" if da else "no release"
            return f"udgivelse {release_id}" if da else f"release {release_id}"

        super().__init__(
            f"Indsendelse {submission_id} blev sammenlignet med {name(base, True)} af kommune "
            f"{kommunekode}, men den aktuelle er nu {name(current, True)}. Godkendes den, kan den "
            f"rulle nyere ændringer tilbage: se ændringerne mod den aktuelle udgivelse, og godkend "
            f"mod den eller afvis.",
            f"Submission {submission_id} was compared with {name(base, False)} of kommune "
            f"{kommunekode}, but the current one is now {name(current, False)}. Approving it could "
            f"undo newer changes: review the changes against the current release, then approve "
            f"against it or reject.",
        )
        self.base_release_id = base
        self.current_release_id = current


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    kommunekode: str | None
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "role": self.role,
            "kommune": self.kommunekode,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


@dataclass(frozen=True)
class FeatureRow:
    """One object as stored: attributes as a JSON-ready dict, geometry as WKB (EPSG:25832)."""

    layer: str
    feature_no: int
    objekt_id: str | None
    attributes: dict
    wkb: bytes | None


@dataclass(frozen=True)
class Submission:
    id: int
    kommunekode: str
    status: str
    uploader: str
    ruleset_version: str
    report: dict
    report_hash: str
    file_name: str
    file_sha256: str
    file_size: int
    created_at: str
    decided_by: str | None = None
    decided_at: str | None = None
    decision_comment: str | None = None
    object_comments: list = field(default_factory=list)
    release_id: int | None = None
    base_release_id: int | None = None
    """The kommune's current release when the submission arrived: what its changes were
    measured against. Approving needs it to still be current (or an explicit re-base)."""
    kind: SubmissionKind = "indsendelse"
    """``indsendelse`` (a file the kommune sent) or ``bekraeftelse`` (a "Bekræft uændret":
    the current release with new confirmation dates for chosen sites, made by the publisher)."""

    def to_dict(self, with_report: bool = True) -> dict:
        data = {
            "id": self.id,
            "kommune": self.kommunekode,
            "status": self.status,
            "uploader": self.uploader,
            "ruleset_version": self.ruleset_version,
            "report_hash": self.report_hash,
            "file_name": self.file_name,
            "file_sha256": self.file_sha256,
            "file_size": self.file_size,
            "created_at": self.created_at,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "comment": self.decision_comment,
            "object_comments": list(self.object_comments),
            "release_id": self.release_id,
            "base_release_id": self.base_release_id,
            "kind": self.kind,
        }
        if with_report:
            data["report"] = self.report
        return data


@dataclass(frozen=True)
class Release:
    id: int
    kommunekode: str
    number: int
    created_by: str
    created_at: str
    source_submission_id: int
    ruleset_version: str
    report_hash: str
    feature_count: int
    current: bool = False

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kommune": self.kommunekode,
            "number": self.number,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "source_submission_id": self.source_submission_id,
            "ruleset_version": self.ruleset_version,
            "report_hash": self.report_hash,
            "feature_count": self.feature_count,
            "current": self.current,
        }


@dataclass(frozen=True)
class KommuneState:
    """The current release pointer of one kommune and its version (0: nothing published yet)."""

    kommunekode: str
    release_id: int | None
    version: int

    def to_dict(self) -> dict:
        return {"kommune": self.kommunekode, "release_id": self.release_id, "version": self.version}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    kommunekode: str | None
    submission_id: int | None
    release_id: int | None
    ruleset_version: str | None
    report_hash: str | None
    details: dict

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "kommune": self.kommunekode,
            "submission_id": self.submission_id,
            "release_id": self.release_id,
            "ruleset_version": self.ruleset_version,
            "report_hash": self.report_hash,
            "details": self.details,
        }
