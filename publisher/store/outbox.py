"""The outbox of workflow events (table ``haendelser``): one row per state change, written in the
same transaction as the change itself (through the audit entry that records it), so an event
exists exactly when its change was committed.

Kommuner's integrations and the plugin poll the rows (``GET /api/v1/haendelser``); when SMTP is
configured, ``publisher.notifications`` mails each row to the kommune's contact address.
"""

from __future__ import annotations

from dataclasses import dataclass

from .backends import Transaction

EVENT_KINDS = (
    "modtaget",
    "afvist_automatisk",
    "til_godkendelse",
    "godkendt",
    "afvist",
    "rullet_tilbage",
    "forfalden",
)
"""received, rejected automatically, awaiting approval, approved, rejected, rolled back, and a
site that became overdue."""

_DETAIL_KEYS = (
    "status",
    "file_name",
    "summary",
    "comment",
    "object_comments",
    "release_number",
    "sites",
    "kind",
)


def kinds_of_audit(action: str, details: dict) -> tuple[str, ...]:
    """The events an audit entry stands for: an arriving submission is received and then judged
    by the rulebook (two state changes); a decision, a rollback, an overdue notice one each."""
    if action == "indsendt":
        outcome = details.get("status")
        return ("modtaget", outcome) if outcome in EVENT_KINDS else ("modtaget",)
    if action in ("godkendt", "afvist", "rullet_tilbage", "forfalden"):
        return (action,)
    return ()


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    kind: str
    kommunekode: str | None
    submission_id: int | None
    release_id: int | None
    actor: str
    details: dict
    mail_sent_at: str | None = None
    mail_attempts: int = 0
    mail_error: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "at": self.at,
            "kind": self.kind,
            "kommune": self.kommunekode,
            "submission_id": self.submission_id,
            "release_id": self.release_id,
            "actor": self.actor,
            "details": self.details,
            "mail": {
                "sent_at": self.mail_sent_at,
                "attempts": self.mail_attempts,
                "error": self.mail_error,
            },
        }


_COLUMNS = (
    "id, at, kind, kommunekode, submission_id, release_id, actor, details, mail_sent_at, "
    "mail_attempts, mail_error"
)


def add_events(
    tx: Transaction,
    audit_id: int,
    at,
    actor: str,
    action: str,
    kommunekode: str | None,
    submission_id: int | None,
    release_id: int | None,
    details: dict,
) -> None:
    """The audit entry's events, in the audit entry's own transaction."""
    kinds = kinds_of_audit(action, details)
    if not kinds:
        return
    shared = {key: details[key] for key in _DETAIL_KEYS if key in details}
    backend = tx.backend
    for kind in kinds:
        tx.execute(
            "INSERT INTO haendelser (at, kind, kommunekode, submission_id, release_id, "
            "actor, audit_id, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                at,
                kind,
                kommunekode,
                submission_id,
                release_id,
                actor,
                audit_id,
                backend.json_param(shared),
            ),
        )


def _event(backend, row) -> Event:
    ts = backend.timestamp_text
    return Event(
        row[0],
        ts(row[1]),
        row[2],
        row[3],
        row[4],
        row[5],
        row[6],
        backend.json_value(row[7]),
        ts(row[8]),
        row[9],
        row[10],
    )


def events(
    store,
    kommunekode: str | None = None,
    limit: int = 100,
    before_id: int | None = None,
    after_id: int | None = None,
) -> list[Event]:
    """Newest first below ``before_id``; or, with ``after_id``, oldest first above it (polling)."""
    tests, params = [], []
    for clause, value in (
        ("kommunekode = ?", kommunekode),
        ("id < ?", before_id),
        ("id > ?", after_id),
    ):
        if value is not None:
            tests.append(clause)
            params.append(value)
    where = f"WHERE {' AND '.join(tests)}" if tests else ""
    order = "ASC" if after_id is not None else "DESC"
    with store.transaction() as tx:
        rows = tx.all(
            f"SELECT {_COLUMNS} FROM haendelser {where} ORDER BY id {order} LIMIT ?",
            (*params, limit),
        )
    return [_event(store.backend, row) for row in rows]


def unmailed(store, since, max_attempts: int, limit: int) -> list[Event]:
    """Events not mailed yet, not older than ``since`` and tried fewer than ``max_attempts``."""
    with store.transaction() as tx:
        rows = tx.all(
            f"SELECT {_COLUMNS} FROM haendelser WHERE mail_sent_at IS NULL "
            f"AND mail_attempts < ? AND at >= ? ORDER BY id LIMIT ?",
            (max_attempts, store.backend.timestamp(since), limit),
        )
    return [_event(store.backend, row) for row in rows]


def mark_mailed(store, event_id: int, at, error: str | None) -> None:
    """Record one delivery attempt: sent at ``at``, or failed with ``error``."""
    with store.transaction() as tx:
        if error is None:
            tx.execute(
                "UPDATE haendelser SET mail_sent_at = ?, mail_attempts = mail_attempts + 1, "
                "mail_error = NULL WHERE id = ?",
                (store.backend.timestamp(at), event_id),
            )
        else:
            tx.execute(
                "UPDATE haendelser SET mail_attempts = mail_attempts + 1, mail_error = ? "
                "WHERE id = ?",
                (error[:500], event_id),
            )


def set_contact(store, kommunekode: str, email: str | None, actor: str) -> None:
    """The kommune's contact address for mailed events (None removes it); audited."""
    from .backends import utc_now

    with store.transaction() as tx:
        tx.execute("DELETE FROM kommune_kontakter WHERE kommunekode = ?", (kommunekode,))
        if email:
            tx.execute(
                "INSERT INTO kommune_kontakter (kommunekode, email, changed_by, changed_at) "
                "VALUES (?, ?, ?, ?)",
                (kommunekode, email, actor, store.backend.timestamp(utc_now())),
            )
        store._audit(
            tx, actor, "kontakt_aendret", kommunekode=kommunekode, details={"email": email or None}
        )


def contacts(store) -> dict[str, str]:
    """kommunekode → contact address."""
    with store.transaction() as tx:
        return dict(tx.all("SELECT kommunekode, email FROM kommune_kontakter"))
