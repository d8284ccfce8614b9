"""What the API answers, as pydantic models: the schemas of /api/v1/openapi.json.

The workflow returns plain dicts (``to_dict()`` of the store's records); these models describe
them. The tests run the app with ``check_responses=True``, which validates every JSON answer
against its model, so the document cannot drift from what the API sends.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from datamodel.findings import Severity

from ..store import Role, SubmissionKind, SubmissionStatus


class ErrorDetail(BaseModel):
    code: str = Field(description="stable name, e.g. ingen_adgang, konflikt")
    message_da: str
    message_en: str


class ErrorBody(BaseModel):
    """Every error answer (see docs/api.md, Errors)."""

    error: ErrorDetail


class KommuneState(BaseModel):
    kommune: str
    release_id: int | None = Field(description="the current release; null before the first")
    version: int = Field(description="grows with every change of the current release")


class Finding(BaseModel):
    rule: str
    severity: Severity
    layer: str | None
    objekt_id: str | None
    feature: int | None = Field(description="1-based number of the feature in its layer")
    field: str | None
    message_da: str
    message_en: str
    fix_da: str
    fix_en: str
    fixed: bool = Field(description="the check repaired the problem itself")


class Report(BaseModel):
    """The validation report (``datamodel.findings.Report.to_dict()``, docs/report-format.md)."""

    ruleset_version: str
    datamodel_version: str
    kommune: str
    blocking: bool
    summary: dict[str, int] = Field(description="findings per severity")
    feature_counts: dict[str, int] = Field(description="features read per layer")
    findings: list[Finding]


class ObjectComment(BaseModel):
    objekt_id: str
    comment: str


class SubmissionSummary(BaseModel):
    """A submission as listed (without report and diff)."""

    id: int
    kommune: str
    status: SubmissionStatus
    uploader: str
    ruleset_version: str
    report_hash: str
    file_name: str
    file_sha256: str
    file_size: int
    created_at: str
    decided_by: str | None
    decided_at: str | None
    comment: str | None
    object_comments: list[ObjectComment]
    release_id: int | None
    base_release_id: int | None = Field(
        description="the kommune's current release when the submission arrived, which its "
        "changes were first measured against"
    )
    kind: SubmissionKind = Field(
        description="indsendelse (a file the kommune sent) or bekraeftelse (Bekræft uændret)"
    )


class DiffItem(BaseModel):
    layer: str
    objekt_id: str | None
    navn: str
    attributes: dict[str, Any] | None = Field(
        None,
        description="new and deleted objects: their key attributes (what the map draws "
        "and filters on, and synlighed)",
    )


class FieldChange(BaseModel):
    field: str
    old: Any
    new: Any


class ChangedItem(DiffItem):
    fields: list[FieldChange]
    geometry_changed: bool


class DiffCounts(BaseModel):
    new: int
    changed: int
    deleted: int
    unchanged: int


class PublicEffect(BaseModel):
    published: int = Field(
        description="objects that become public (new, or public now and not before)"
    )
    withdrawn: int = Field(
        description="objects withdrawn from the public map (deleted, or no longer public)"
    )
    changed: int = Field(description="public objects that change")


class Diff(BaseModel):
    """What the submission changes against the kommune's current release, by objekt_id."""

    against_release_id: int | None
    counts: DiffCounts
    public: PublicEffect
    new: list[DiffItem]
    changed: list[ChangedItem]
    deleted: list[DiffItem]
    unchanged: list[DiffItem]
    omitted: DiffCounts | None = Field(
        default=None,
        description="objects not listed per kind (at most 500 are listed; the "
        "counts and the diff map have them all)",
    )


class Submission(SubmissionSummary):
    report: Report
    diff: Diff = Field(description="against the kommune's current release")
    kommune_state: KommuneState
    stale_base: bool = Field(
        description="waiting, and another release became current since it "
        "arrived: approving it needs against_release_id"
    )


class SubmissionPage(BaseModel):
    submissions: list[SubmissionSummary]
    limit: int
    next: str | None = Field(description="URL of the next (older) page; null on the last page")


class Release(BaseModel):
    id: int
    kommune: str
    number: int
    created_by: str
    created_at: str
    source_submission_id: int
    ruleset_version: str
    report_hash: str
    feature_count: int
    current: bool


class PublicState(BaseModel):
    """What the public map serves of the kommune."""

    live: bool = Field(description="the public map serves the kommune's current release")
    release_id: int | None = Field(description="the release the public map serves")
    published_at: str | None
    build_id: str | None
    worker: dict[str, Any] | None = Field(
        description="what this process's build worker does (state separat_proces: the build "
        "worker runs as its own process, docs/deploy.md)"
    )


class Releases(BaseModel):
    kommune_state: KommuneState
    releases: list[Release] = Field(description="newest first")
    public: PublicState


PublicBuild = Literal["i_koe", "ok", "fejlede", "ingen"]
"""i_koe: queued for the background build worker; ok/fejlede: built by a release hook (tests);
ingen: nothing builds the public side."""


class Approved(BaseModel):
    submission: SubmissionSummary
    release: Release
    kommune_state: KommuneState
    public_build: PublicBuild


class Rejected(BaseModel):
    submission: SubmissionSummary


class RolledBack(BaseModel):
    kommune_state: KommuneState
    release: Release
    public_build: PublicBuild


class AuditEntry(BaseModel):
    id: int
    at: str
    actor: str
    action: str
    kommune: str | None
    submission_id: int | None
    release_id: int | None
    ruleset_version: str | None
    report_hash: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    entries: list[AuditEntry]
    limit: int
    next: str | None = Field(description="URL of the next (older) page; null on the last page")


class User(BaseModel):
    name: str
    role: Role
    kommune: str | None
    created_at: str
    revoked_at: str | None


class NewUserAnswer(User):
    token: str = Field(description="the user's access token, shown this once only")


class Users(BaseModel):
    users: list[User]
