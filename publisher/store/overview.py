"""Read-only summaries across kommuner for ERST's desk, each one query over the store: what the
current releases hold, what waits, and which sites are overdue for confirmation.

Freshness is judged in SQL by comparing the stored ISO dates as text against cut-off days from
``datamodel.freshness`` ("2025-03-01" and "2025-03-01T00:00:00" both sort before "2025-03-02").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from datamodel.freshness import CONFIRMATION_FIELD, due_soon_before, overdue_before

from .backends import utc_now


@dataclass
class ReleaseSummary:
    """One kommune's current release: public objects per layer, sites and their freshness."""

    kommunekode: str
    release_id: int
    number: int
    created_at: str
    created_by: str
    public: dict[str, int] = field(default_factory=dict)
    sites: int = 0
    overdue: int = 0
    due_soon: int = 0


def current_release_summaries(store, today: date) -> dict[str, ReleaseSummary]:
    backend = store.backend
    visibility = backend.json_text("f.attributes", "synlighed")
    confirmed = backend.json_text("f.attributes", CONFIRMATION_FIELD)
    overdue, due_soon = overdue_before(today).isoformat(), due_soon_before(today).isoformat()
    site = "f.layer = 'erhvervsareal'"
    with store.transaction() as tx:
        rows = tx.all(
            f"SELECT c.kommunekode, r.id, r.number, r.created_at, r.created_by, f.layer, "
            f"SUM(CASE WHEN {visibility} = 'offentlig' THEN 1 ELSE 0 END), COUNT(f.layer), "
            f"SUM(CASE WHEN {site} AND ({confirmed} IS NULL OR {confirmed} < ?) "
            f"THEN 1 ELSE 0 END), "
            f"SUM(CASE WHEN {site} AND {confirmed} >= ? AND {confirmed} < ? THEN 1 ELSE 0 END) "
            f"FROM current_releases c JOIN releases r ON r.id = c.release_id "
            f"LEFT JOIN release_features f ON f.release_id = c.release_id "
            f"GROUP BY c.kommunekode, r.id, r.number, r.created_at, r.created_by, f.layer",
            (overdue, overdue, due_soon),
        )
    summaries: dict[str, ReleaseSummary] = {}
    for kode, release_id, number, created_at, created_by, layer, public, count, late, soon in rows:
        summary = summaries.setdefault(
            kode,
            ReleaseSummary(
                kode, release_id, number, backend.timestamp_text(created_at), created_by
            ),
        )
        if layer is None:
            continue
        summary.public[layer] = int(public or 0)
        if layer == "erhvervsareal":
            summary.sites, summary.overdue, summary.due_soon = (
                int(count),
                int(late or 0),
                int(soon or 0),
            )
    return summaries


def waiting_submissions(store) -> dict[str, dict]:
    """kommunekode → {count, oldest, newest_id} of the submissions awaiting approval."""
    with store.transaction() as tx:
        rows = tx.all(
            "SELECT kommunekode, COUNT(*), MIN(created_at), MAX(id) FROM submissions "
            "WHERE status = 'til_godkendelse' GROUP BY kommunekode"
        )
    ts = store.backend.timestamp_text
    return {
        kode: {"count": count, "oldest": ts(oldest), "newest_id": newest}
        for kode, count, oldest, newest in rows
    }


def last_rejections(store) -> dict[str, dict]:
    """kommunekode → the newest rejected submission (by ERST or by the rulebook)."""
    with store.transaction() as tx:
        rows = tx.all(
            "SELECT s.kommunekode, s.id, s.status, COALESCE(s.decided_at, s.created_at), "
            "s.decided_by, s.decision_comment FROM submissions s JOIN (SELECT kommunekode, "
            "MAX(id) AS id FROM submissions WHERE status IN ('afvist', 'afvist_automatisk') "
            "GROUP BY kommunekode) newest ON newest.id = s.id"
        )
    ts = store.backend.timestamp_text
    return {
        kode: {
            "submission_id": sid,
            "status": status,
            "at": ts(at),
            "by": by,
            "comment": comment or "",
        }
        for kode, sid, status, at, by, comment in rows
    }


def sites_to_confirm(store, kommunekode: str, today: date) -> list[dict]:
    """The sites of the kommune's current release that are overdue or due within 30 days,
    longest overdue first (public or not: every site needs its confirmation)."""
    backend = store.backend
    confirmed = backend.json_text("f.attributes", CONFIRMATION_FIELD)
    with store.transaction() as tx:
        rows = tx.all(
            f"SELECT f.objekt_id, {backend.json_text('f.attributes', 'navn')}, {confirmed}, "
            f"{backend.json_text('f.attributes', 'synlighed')} FROM current_releases c "
            f"JOIN release_features f ON f.release_id = c.release_id "
            f"WHERE c.kommunekode = ? AND f.layer = 'erhvervsareal' "
            f"AND ({confirmed} IS NULL OR {confirmed} < ?) ORDER BY 3, 2",
            (kommunekode, due_soon_before(today).isoformat()),
        )
    return [
        {
            "objekt_id": objekt_id,
            "navn": navn or "",
            "sidst_bekraeftet": (day or "")[:10] or None,
            "synlighed": synlighed,
        }
        for objekt_id, navn, day, synlighed in rows
    ]


def record_overdue_notice(store, kommunekode: str, sites: list[dict], actor: str) -> list[dict]:
    """Audit (and so announce, once) the sites not announced before as overdue with their
    present date; returns those newly announced. One transaction: a site is announced once per
    confirmation date, however often the check runs or however many processes run it."""
    if not sites:
        return []
    now = store.backend.timestamp(utc_now())
    with store.transaction() as tx:
        fresh = []
        for site in sites:
            day = site["sidst_bekraeftet"] or ""
            if tx.one(
                "SELECT 1 FROM forfald_varslet WHERE kommunekode = ? AND objekt_id = ? "
                "AND sidst_bekraeftet = ?",
                (kommunekode, site["objekt_id"], day),
            ):
                continue
            tx.execute(
                "INSERT INTO forfald_varslet (kommunekode, objekt_id, sidst_bekraeftet, "
                "haendelse_at) VALUES (?, ?, ?, ?)",
                (kommunekode, site["objekt_id"], day, now),
            )
            fresh.append(site)
        if fresh:
            store._audit(
                tx,
                actor,
                "forfalden",
                kommunekode=kommunekode,
                details={
                    "sites": [
                        {key: site[key] for key in ("objekt_id", "navn", "sidst_bekraeftet")}
                        for site in fresh
                    ]
                },
            )
    return fresh


def public_counts_by_release(store, kommunekode: str) -> dict[int, dict[str, int]]:
    """release id → public objects per layer, for every release of the kommune."""
    visibility = store.backend.json_text("f.attributes", "synlighed")
    with store.transaction() as tx:
        rows = tx.all(
            f"SELECT f.release_id, f.layer, COUNT(*) FROM release_features f "
            f"JOIN releases r ON r.id = f.release_id WHERE r.kommunekode = ? "
            f"AND {visibility} = 'offentlig' GROUP BY f.release_id, f.layer",
            (kommunekode,),
        )
    counts: dict[int, dict[str, int]] = {}
    for release_id, layer, count in rows:
        counts.setdefault(release_id, {})[layer] = int(count)
    return counts
