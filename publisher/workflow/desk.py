"""ERST's desk, as plain service functions beside the workflow: the national dashboard, the
sites a kommune must confirm, "Bekræft uændret", the releases of a kommune with what each
changed, rollback with a preview, and the events outbox.

The HTTP API is a thin adapter over this class, as over ``Workflow``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from datamodel.freshness import (
    DUE_SOON,
    DUE_SOON_DAYS,
    OVERDUE,
    OVERDUE_MONTHS,
    due_date,
    due_soon_before,
    freshness,
    overdue_before,
)

from ..store import Conflict, User
from ..store import outbox, overview
from . import policy
from .diff import diff_geojson
from .confirmation import chosen_ids, confirmed_rows, geopackage_bytes
from ..errors import InvalidRequest
from .history import ReleaseDiffs, public_counts, republished
from .kommuner import KommuneAtlas
from .paging import Listing, Page, PageSize
from .service import Workflow

EVENTS_PAGE = PageSize(default=100, maximum=1000)
HISTORY_DIFFS = 50
"""The newest releases whose changes the release listing counts; older ones have ``changes:
null`` (GET /releases/{id}/changes still gives them)."""
LAYERS_SHOWN = ("erhvervsareal", "infrastruktur", "industripark_kandidat")
NO_RELEASE, CURRENT = "ingen_udgivelse", "aktuel"
"""The kommune's freshness on the dashboard: no release, overdue sites, sites due soon, fine."""
DANISH_TIME = ZoneInfo("Europe/Copenhagen")


def today_in_denmark() -> date:
    return datetime.now(DANISH_TIME).date()


class RepublishNeedsConfirmation(Conflict):
    """A rollback would make objects public that the current release keeps from the public."""

    code = "bekraeftelse_kraeves"


@dataclass
class Desk:
    workflow: Workflow
    atlas: KommuneAtlas = field(default_factory=KommuneAtlas)
    release_diffs: ReleaseDiffs = field(default_factory=ReleaseDiffs)
    history_diffs: int = HISTORY_DIFFS

    @property
    def store(self):
        return self.workflow.store

    # -- kommuner and the dashboard ---------------------------------------------------------

    def kommuner(self, user: User) -> list[dict]:
        names = self.atlas.names(self.workflow)
        return [
            {"kommune": kode, "navn": navn}
            for kode, navn in sorted(names.items(), key=lambda item: item[1])
        ]

    def dashboard(self, user: User, today: date | None = None) -> dict:
        policy.require_role(user, policy.OVERSEERS, "se overblikket", "see the dashboard")
        today = today or today_in_denmark()
        names = self.atlas.names(self.workflow)
        releases = overview.current_release_summaries(self.store, today)
        waiting = overview.waiting_submissions(self.store)
        rejections = overview.last_rejections(self.store)
        rows = []
        for kode in sorted(names.keys() | releases.keys() | waiting.keys() | rejections.keys()):
            summary = releases.get(kode)
            rows.append(
                {
                    "kommune": kode,
                    "navn": names.get(kode, kode),
                    "freshness": _kommune_freshness(summary),
                    "release": None
                    if summary is None
                    else {
                        "id": summary.release_id,
                        "number": summary.number,
                        "created_at": summary.created_at,
                        "created_by": summary.created_by,
                    },
                    "public": {
                        layer: (summary.public.get(layer, 0) if summary else 0)
                        for layer in LAYERS_SHOWN
                    },
                    "sites": summary.sites if summary else 0,
                    "overdue": summary.overdue if summary else 0,
                    "due_soon": summary.due_soon if summary else 0,
                    "waiting": waiting.get(kode, {"count": 0, "oldest": None, "newest_id": None}),
                    "last_rejection": rejections.get(kode),
                }
            )
        return {
            "today": today.isoformat(),
            "overdue_before": overdue_before(today).isoformat(),
            "due_soon_before": due_soon_before(today).isoformat(),
            "overdue_months": OVERDUE_MONTHS,
            "due_soon_days": DUE_SOON_DAYS,
            "totals": _totals(rows),
            "kommuner": rows,
        }

    def dashboard_map(self, user: User, today: date | None = None) -> dict:
        """The kommuner's outlines (WGS84) with their freshness, for the dashboard's map."""
        board = self.dashboard(user, today)
        outlines = self.atlas.outlines(self.workflow)
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": outlines[row["kommune"]],
                    "properties": {
                        "kommune": row["kommune"],
                        "navn": row["navn"],
                        "freshness": row["freshness"],
                        "overdue": row["overdue"],
                        "waiting": row["waiting"]["count"],
                    },
                }
                for row in board["kommuner"]
                if row["kommune"] in outlines
            ],
        }

    # -- freshness and "Bekræft uændret" ----------------------------------------------------

    def sites_to_confirm(self, user: User, kommunekode: str, today: date | None = None) -> dict:
        policy.may_see_kommune(user, kommunekode)
        today = today or today_in_denmark()
        sites = [
            {
                **site,
                "freshness": freshness(site["sidst_bekraeftet"], today),
                "due": (due_date(site["sidst_bekraeftet"]) or today).isoformat(),
            }
            for site in overview.sites_to_confirm(self.store, kommunekode, today)
        ]
        return {
            "kommune": kommunekode,
            "navn": self.atlas.names(self.workflow).get(kommunekode, kommunekode),
            "today": today.isoformat(),
            "overdue_before": overdue_before(today).isoformat(),
            "due_soon_before": due_soon_before(today).isoformat(),
            "counts": {
                "overdue": sum(s["freshness"] == OVERDUE for s in sites),
                "due_soon": sum(s["freshness"] == DUE_SOON for s in sites),
            },
            "sites": sites,
        }

    def confirm_unchanged(
        self, user: User, kommunekode: str, objekt_ids, today: date | None = None
    ) -> dict:
        """A submission of the current release with today's confirmation date on the chosen
        sites, through the normal workflow (validated, queued for approval)."""
        policy.may_submit(user, kommunekode)
        chosen = chosen_ids(objekt_ids)
        state = self.store.kommune_state(kommunekode)
        if state.release_id is None:
            raise Conflict(
                f"Kommune {kommunekode} har ingen udgivelse at bekræfte.",
                f"Kommune {kommunekode} has no release to confirm.",
            )
        today = today or today_in_denmark()
        rows = confirmed_rows(self.store.release_features(state.release_id), chosen, today)
        return self.workflow.submit(
            user,
            kommunekode,
            f"bekraeftelse-{today.isoformat()}.gpkg",
            geopackage_bytes(rows),
            kind="bekraeftelse",
        )

    def announce_overdue(self, today: date | None = None, actor: str = "system") -> dict:
        """One ``forfalden`` event per kommune for its sites that became overdue since the last
        run (each site once per confirmation date); returns kommunekode → sites announced."""
        today = today or today_in_denmark()
        announced = {}
        for state in self.store.kommune_states():
            if state.release_id is None:
                continue
            late = [
                site
                for site in overview.sites_to_confirm(self.store, state.kommunekode, today)
                if freshness(site["sidst_bekraeftet"], today) == OVERDUE
            ]
            try:
                fresh = overview.record_overdue_notice(self.store, state.kommunekode, late, actor)
            except Conflict:  # another process announced them at the same moment
                continue
            if fresh:
                announced[state.kommunekode] = fresh
        return announced

    # -- releases, their changes, rollback --------------------------------------------------

    def release_history(self, user: User, kommunekode: str) -> dict:
        """The kommune's releases (``Workflow.releases``), each with its public objects per layer
        and what it changed against the release before it."""
        listing = self.workflow.releases(user, kommunekode)
        numbers = {release["number"]: release["id"] for release in listing["releases"]}
        counts = overview.public_counts_by_release(self.store, kommunekode)
        for index, release in enumerate(listing["releases"]):
            previous = numbers.get(release["number"] - 1)
            release.update(
                previous_release_id=previous,
                public_counts=counts.get(release["id"], {}),
                changes=None,
            )
            if index < self.history_diffs:
                changes = self.release_diffs.between(self.store, release["id"], previous)
                release["changes"] = {"counts": changes["counts"], "public": changes["public"]}
        return {
            **listing,
            "kommune": kommunekode,
            "navn": self.atlas.names(self.workflow).get(kommunekode, kommunekode),
        }

    def release_changes(self, user: User, release_id: int, against: int | None = None) -> dict:
        """The full diff of a release against the one before it (or ``against``)."""
        release = self.store.release(release_id)
        policy.may_see_release(user, release)
        if against is None:
            previous = [
                r
                for r in self.store.releases(release.kommunekode)
                if r.number == release.number - 1
            ]
            against = previous[0].id if previous else None
        elif self.store.release(against).kommunekode != release.kommunekode:
            raise InvalidRequest(
                "against skal være en udgivelse af samme kommune.",
                "against must be a release of the same kommune.",
            )
        return {
            "release": release.to_dict(),
            "against_release_id": against,
            **self.release_diffs.between(self.store, release_id, against),
        }

    def release_changes_map(self, user: User, release_id: int, against: int | None = None) -> dict:
        """The changes of ``release_changes`` as GeoJSON (WGS84) for the map, as the
        submission's map: ``aendring`` per object and the kommune's outline."""
        changes = self.release_changes(user, release_id, against)
        older_id = changes["against_release_id"]
        newer = self.store.release_features(release_id)
        older = self.store.release_features(older_id) if older_id is not None else []
        return diff_geojson(changes, newer, older, self._boundary(changes["release"]["kommune"]))

    def _boundary(self, kommunekode: str):
        references = self.workflow.references()
        if references is None or references.kommunegraenser is None:
            return None
        kommuner = references.kommunegraenser
        match = kommuner[kommuner["kommunekode"] == kommunekode]
        return match.geometry.iloc[0] if len(match) else None

    def rollback_preview(self, user: User, kommunekode: str, release_id: int) -> dict:
        """What the public map shows after a rollback to ``release_id``: the diff against the
        current release, and the objects it would make public again although the current
        release keeps them from the public."""
        policy.may_see_kommune(user, kommunekode)
        target = self.store.release(release_id)
        if target.kommunekode != kommunekode:
            raise InvalidRequest(
                f"Udgivelse {release_id} hører ikke til kommune {kommunekode}.",
                f"Release {release_id} does not belong to kommune {kommunekode}.",
            )
        state = self.store.kommune_state(kommunekode)
        target_rows = self.store.release_features(release_id)
        current_rows = (
            self.store.release_features(state.release_id) if state.release_id is not None else []
        )
        changes = self.release_diffs.between(self.store, release_id, state.release_id)
        return {
            "release": target.to_dict(),
            "kommune_state": state.to_dict(),
            "public_counts": public_counts(target_rows),
            "republished": republished(target_rows, current_rows),
            **changes,
        }

    def rollback(
        self,
        user: User,
        kommunekode: str,
        release_id: int,
        expected_version: int | None = None,
        comment: str = "",
        confirm_republish: bool = False,
    ) -> dict:
        """Roll back; a rollback that re-publishes objects the current release keeps from the
        public needs ``confirm_republish`` (409 ``bekraeftelse_kraeves`` otherwise)."""
        policy.may_decide(user)
        preview = self.rollback_preview(user, kommunekode, release_id)
        hidden, deleted = (len(preview["republished"][key]) for key in ("hidden", "deleted"))
        if (hidden or deleted) and not confirm_republish:
            raise RepublishNeedsConfirmation(
                f"Tilbagerulningen gør {hidden} objekter, der nu kun er for myndigheder, og "
                f"{deleted} slettede objekter offentlige igen; send confirm_republish: true for "
                f"at gøre det.",
                f"The rollback makes {hidden} objects that are now for authorities only and "
                f"{deleted} deleted objects public again; send confirm_republish: true to do it.",
            )
        version = (
            preview["kommune_state"]["version"] if expected_version is None else expected_version
        )
        return self.workflow.rollback(user, kommunekode, release_id, version, comment)

    # -- events and contacts ----------------------------------------------------------------

    def events(
        self, user: User, kommunekode: str | None, page: Page, after: int | None = None
    ) -> Listing:
        """One page of events: newest first (below ``page.before``), or oldest first above
        ``after`` for a client that polls for what is new."""
        kommune = policy.visible_kommune(user, kommunekode)
        found = outbox.events(
            self.store, kommune, page.limit + 1, None if after is not None else page.before, after
        )
        items = [event.to_dict() for event in found[: page.limit]]
        more = len(found) > page.limit
        return Listing(items, items[-1]["id"] if more and items else None)

    def set_contact(self, user: User, kommunekode: str, email: str | None) -> dict:
        policy.may_manage_users(user)
        outbox.set_contact(self.store, kommunekode, email or None, user.name)
        return {"kommune": kommunekode, "email": email or None}

    def contacts(self, user: User) -> dict:
        policy.may_manage_users(user)
        return {
            "contacts": [
                {"kommune": kode, "email": email}
                for kode, email in sorted(outbox.contacts(self.store).items())
            ]
        }


def _kommune_freshness(summary) -> str:
    if summary is None:
        return NO_RELEASE
    if summary.overdue:
        return OVERDUE
    if summary.due_soon:
        return DUE_SOON
    return CURRENT


def _totals(rows: list[dict]) -> dict:
    return {
        "kommuner": len(rows),
        "with_release": sum(row["release"] is not None for row in rows),
        "public": {layer: sum(row["public"][layer] for row in rows) for layer in LAYERS_SHOWN},
        "sites": sum(row["sites"] for row in rows),
        "overdue": sum(row["overdue"] for row in rows),
        "due_soon": sum(row["due_soon"] for row in rows),
        "kommuner_overdue": sum(row["freshness"] == OVERDUE for row in rows),
        "waiting": sum(row["waiting"]["count"] for row in rows),
    }
