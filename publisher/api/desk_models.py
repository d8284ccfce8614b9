"""What the desk's endpoints read and answer (see desk_routes.py), as pydantic models; they make
the desk's part of /api/v1/openapi.json and the tests validate every answer against them."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..store.outbox import EVENT_KINDS
from ..workflow.confirmation import MAX_SITES
from ..workflow.desk import EVENTS_PAGE
from ..workflow.paging import MAX_ID
from .request_models import Body, Kommunekode, PageQuery, Query
from .response_models import Diff, DiffCounts, KommuneState, PublicEffect, Release, Releases

Freshness = Literal["forfalden", "snart_forfalden"]
KommuneFreshness = Literal["ingen_udgivelse", "forfalden", "snart_forfalden", "aktuel"]
EventKind = Literal[
    "modtaget",
    "afvist_automatisk",
    "til_godkendelse",
    "godkendt",
    "afvist",
    "rullet_tilbage",
    "forfalden",
]
assert set(EventKind.__args__) == set(EVENT_KINDS)  # type: ignore[attr-defined]
EMAIL = r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$"

# -- requests --------------------------------------------------------------------------------


class Confirmation(Body):
    objekt_ids: list[str] = Field(
        min_length=1,
        max_length=MAX_SITES,
        description="business sites of the current release to confirm",
    )


class EventsQuery(PageQuery):
    limit: int = Field(
        EVENTS_PAGE.default, ge=1, le=EVENTS_PAGE.maximum, description="rows per page"
    )
    after: int | None = Field(
        None, ge=0, le=MAX_ID, description="only events after this id, oldest first (polling)"
    )


class AgainstQuery(Query):
    against: int | None = Field(
        None,
        ge=0,
        description="compare with this release of the same kommune (default: the one before)",
    )


class RollbackPreviewQuery(Query):
    release_id: int = Field(ge=0, description="the release to roll back to")


class Contact(Body):
    email: str | None = Field(
        None,
        max_length=254,
        pattern=EMAIL,
        description="the kommune's address for mailed events; empty or null removes it",
    )


# -- answers ---------------------------------------------------------------------------------


class ChangeCounts(BaseModel):
    counts: DiffCounts
    public: PublicEffect


class HistoryRelease(Release):
    previous_release_id: int | None
    public_counts: dict[str, int] = Field(description="public objects per layer")
    changes: ChangeCounts | None = Field(
        description="against the release before it (null for releases older than the newest 50)"
    )


class ReleaseHistory(Releases):
    kommune: str
    navn: str
    releases: list[HistoryRelease] = Field(description="newest first")  # type: ignore[assignment]


class ReleaseChanges(Diff):
    release: Release


class Republished(BaseModel):
    hidden: list[dict[str, Any]] = Field(
        description="public in the release, for authorities only in the current one"
    )
    deleted: list[dict[str, Any]] = Field(description="public in the release, deleted since")


class RollbackPreview(BaseModel):
    release: Release
    kommune_state: KommuneState
    public_counts: dict[str, int]
    republished: Republished
    counts: DiffCounts
    public: PublicEffect
    new: list[dict[str, Any]]
    changed: list[dict[str, Any]]
    deleted: list[dict[str, Any]]
    unchanged: list[dict[str, Any]]


class KommuneName(BaseModel):
    kommune: str
    navn: str


class Kommuner(BaseModel):
    kommuner: list[KommuneName]


class Waiting(BaseModel):
    count: int
    oldest: str | None
    newest_id: int | None


class Rejection(BaseModel):
    submission_id: int
    status: Literal["afvist", "afvist_automatisk"]
    at: str | None
    by: str | None
    comment: str


class DashboardRelease(BaseModel):
    id: int
    number: int
    created_at: str | None
    created_by: str


class DashboardRow(BaseModel):
    kommune: str
    navn: str
    freshness: KommuneFreshness
    release: DashboardRelease | None
    public: dict[str, int] = Field(description="public objects per layer in the current release")
    sites: int = Field(description="business sites in the current release, public or not")
    overdue: int
    due_soon: int
    waiting: Waiting
    last_rejection: Rejection | None


class Totals(BaseModel):
    kommuner: int
    with_release: int
    public: dict[str, int]
    sites: int
    overdue: int
    due_soon: int
    kommuner_overdue: int
    waiting: int


class Dashboard(BaseModel):
    today: str
    overdue_before: str = Field(description="sites confirmed before this day are overdue")
    due_soon_before: str = Field(
        description="sites confirmed before this day are overdue within 30 days"
    )
    overdue_months: int
    due_soon_days: int
    totals: Totals
    kommuner: list[DashboardRow]


class SiteToConfirm(BaseModel):
    objekt_id: str | None
    navn: str
    sidst_bekraeftet: str | None
    due: str = Field(description="the last day the site counts as confirmed")
    freshness: Freshness
    synlighed: str | None


class SitesToConfirm(BaseModel):
    kommune: str
    navn: str
    today: str
    overdue_before: str
    due_soon_before: str
    counts: dict[str, int]
    sites: list[SiteToConfirm]


class Mail(BaseModel):
    sent_at: str | None
    attempts: int
    error: str | None


class Event(BaseModel):
    id: int
    at: str | None
    kind: EventKind
    kommune: str | None
    submission_id: int | None
    release_id: int | None
    actor: str
    details: dict[str, Any]
    mail: Mail


class EventPage(BaseModel):
    events: list[Event]
    limit: int
    next: str | None = Field(
        description="URL of the next page (older, or with after: newer); null on the last"
    )


class ContactAnswer(BaseModel):
    kommune: str
    email: str | None


class Contacts(BaseModel):
    contacts: list[ContactAnswer]


class KommuneContactPath(BaseModel):
    kommunekode: Kommunekode
