"""The store: one interface over SQLite or PostGIS. Every state change is one transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from .backends import Backend, Transaction, backend_for, utc_now
from .migrations import MIGRATIONS
from .outbox import add_events
from .records import (
    AuditEntry,
    Conflict,
    FeatureRow,
    KommuneState,
    NotFound,
    Release,
    StaleBase,
    Submission,
    User,
)

Checkpoint = Callable[[str], None]
"""Called with a name at fixed points inside a transaction (tests hang there to be killed)."""


def _no_checkpoint(name: str) -> None:
    return None


_SUBMISSION_COLUMNS = (
    "s.id, s.kommunekode, s.status, s.uploader, s.ruleset_version, "
    "s.report_json, s.report_hash, s.file_name, s.file_sha256, s.file_size, "
    "s.created_at, s.decided_by, s.decided_at, s.decision_comment, "
    "s.object_comments, r.id, s.base_release_id, s.kind"
)
_RELEASE_COLUMNS = (
    "r.id, r.kommunekode, r.number, r.created_by, r.created_at, "
    "r.source_submission_id, r.ruleset_version, r.report_hash, r.feature_count, "
    "c.release_id"
)


def _conditions(*tests: tuple[str, object]) -> tuple[str, list]:
    """``WHERE`` for the tests whose value is given: ``("col", v)`` is ``col = ?``,
    ``("col <", v)`` is ``col < ?``."""
    given = [(column, value) for column, value in tests if value not in (None, "")]
    if not given:
        return "", []
    clauses = [f"{column} ?" if " " in column else f"{column} = ?" for column, _ in given]
    return f"WHERE {' AND '.join(clauses)}", [value for _, value in given]


@dataclass(frozen=True)
class Rebase:
    """An explicit approval against the current release: the release the approver reviewed the
    changes against, and the submission's report and features validated anew for it."""

    against_release_id: int
    ruleset_version: str
    report: dict
    report_hash: str
    features: Sequence[FeatureRow]
    diff_counts: dict


class Store:
    def __init__(self, backend: Backend, checkpoint: Checkpoint = _no_checkpoint):
        self.backend = backend
        self.checkpoint = checkpoint

    @classmethod
    def open(
        cls, database: str, checkpoint: Checkpoint = _no_checkpoint, migrate: bool = True
    ) -> Store:
        store = cls(backend_for(database), checkpoint)
        if migrate:
            store.migrate()
        return store

    def transaction(self):
        return self.backend.transaction()

    def builder_lock(self, wait_seconds: float):
        """Context manager yielding whether this process won the one public builder's lock."""
        return self.backend.builder_lock(wait_seconds)

    def close(self) -> None:
        """Release the backend's pooled connections; the store is not used afterwards."""
        self.backend.close()

    # -- schema -----------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply missing migrations; returns the versions applied now (none when up to date)."""
        applied: list[int] = []
        types = self.backend.column_types
        for migration in MIGRATIONS:
            with self.transaction() as tx:
                self.backend.lock_for_migration(tx)
                tx.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER "
                    "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
                if tx.one(
                    "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
                ):
                    continue
                extra = (
                    migration.sqlite_only
                    if self.backend.name == "sqlite"
                    else migration.postgis_only
                )
                for statement in (*(s.format(**types) for s in migration.statements), *extra):
                    tx.execute(statement)
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, utc_now().isoformat()),
                )
                applied.append(migration.version)
        return applied

    def schema_version(self) -> int:
        with self.transaction() as tx:
            row = tx.one("SELECT MAX(version) FROM schema_migrations")
        return row[0] or 0

    # -- audit ------------------------------------------------------------------------------

    def _audit(
        self,
        tx: Transaction,
        actor: str,
        action: str,
        *,
        kommunekode: str | None = None,
        submission_id: int | None = None,
        release_id: int | None = None,
        ruleset_version: str | None = None,
        report_hash: str | None = None,
        details: dict | None = None,
    ) -> None:
        at = self.backend.timestamp(utc_now())
        inserted = tx.one(
            "INSERT INTO audit_log (at, actor, action, kommunekode, submission_id, release_id, "
            "ruleset_version, report_hash, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (
                at,
                actor,
                action,
                kommunekode,
                submission_id,
                release_id,
                ruleset_version,
                report_hash,
                self.backend.json_param(details or {}),
            ),
        )
        assert inserted is not None  # RETURNING always gives the new row
        audit_id = inserted[0]
        add_events(
            tx, audit_id, at, actor, action, kommunekode, submission_id, release_id, details or {}
        )

    def audit_log(
        self, kommunekode: str | None = None, limit: int = 500, before_id: int | None = None
    ) -> list[AuditEntry]:
        """Newest first; ``before_id`` continues a listing below the last id seen."""
        where, params = _conditions(("kommunekode", kommunekode), ("id <", before_id))
        with self.transaction() as tx:
            rows = tx.all(
                f"SELECT id, at, actor, action, kommunekode, submission_id, release_id, "
                f"ruleset_version, report_hash, details FROM audit_log {where} "
                f"ORDER BY id DESC LIMIT ?",
                (*params, limit),
            )
        ts = self.backend.timestamp_text
        return [
            AuditEntry(
                r[0],
                ts(r[1]),
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                self.backend.json_value(r[9]),
            )
            for r in rows
        ]

    def record(self, actor: str, action: str, **fields) -> None:
        """An audit entry on its own (e.g. a refused upload); state changes audit themselves."""
        with self.transaction() as tx:
            self._audit(tx, actor, action, **fields)

    # -- users ------------------------------------------------------------------------------

    def add_user(
        self, name: str, role: str, kommunekode: str | None, token_hash: str, actor: str
    ) -> User:
        with self.transaction() as tx:
            if tx.one("SELECT 1 FROM users WHERE name = ?", (name,)):
                raise Conflict(
                    f"Brugeren {name!r} findes allerede.", f"The user {name!r} already exists."
                )
            now = utc_now()
            row = tx.one(
                "INSERT INTO users (name, role, kommunekode, token_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                (name, role, kommunekode, token_hash, self.backend.timestamp(now)),
            )
            self._audit(
                tx,
                actor,
                "bruger_oprettet",
                kommunekode=kommunekode,
                details={"name": name, "role": role},
            )
        return User(row[0], name, role, kommunekode, now.isoformat())

    def users(self) -> list[User]:
        with self.transaction() as tx:
            rows = tx.all(
                "SELECT id, name, role, kommunekode, created_at, revoked_at FROM users "
                "ORDER BY name"
            )
        return [self._user(r) for r in rows]

    def user_by_token_hash(self, token_hash: str) -> tuple[User, str] | None:
        with self.transaction() as tx:
            row = tx.one(
                "SELECT id, name, role, kommunekode, created_at, revoked_at, token_hash "
                "FROM users WHERE token_hash = ?",
                (token_hash,),
            )
        return None if row is None else (self._user(row[:6]), row[6])

    def revoke_user(self, name: str, actor: str) -> User:
        with self.transaction() as tx:
            row = tx.one(
                "UPDATE users SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL "
                "RETURNING id, name, role, kommunekode, created_at, revoked_at",
                (self.backend.timestamp(utc_now()), name),
            )
            if row is None:
                raise NotFound(
                    f"Ingen aktiv bruger med navnet {name!r}.", f"No active user named {name!r}."
                )
            self._audit(tx, actor, "bruger_spaerret", kommunekode=row[3], details={"name": name})
        return self._user(row)

    def _user(self, row: Sequence) -> User:
        ts = self.backend.timestamp_text
        return User(row[0], row[1], row[2], row[3], ts(row[4]), ts(row[5]))

    # -- features ---------------------------------------------------------------------------

    def _insert_features(
        self,
        tx: Transaction,
        table: str,
        owner_column: str,
        owner_id: int,
        rows: Iterable[FeatureRow],
    ) -> None:
        tx.executemany(
            f"INSERT INTO {table} ({owner_column}, layer, feature_no, objekt_id, attributes, geom) "
            f"VALUES (?, ?, ?, ?, ?, {self.backend.geom_param})",
            [
                (
                    owner_id,
                    r.layer,
                    r.feature_no,
                    r.objekt_id,
                    self.backend.json_param(r.attributes),
                    r.wkb,
                )
                for r in rows
            ],
        )

    def _features(self, table: str, owner_column: str, owner_id: int) -> list[FeatureRow]:
        with self.transaction() as tx:
            rows = tx.all(
                f"SELECT layer, feature_no, objekt_id, attributes, "
                f"{self.backend.geom_out('geom')} FROM {table} "
                f"WHERE {owner_column} = ? ORDER BY layer, feature_no",
                (owner_id,),
            )
        return [
            FeatureRow(r[0], r[1], r[2], self.backend.json_value(r[3]), self.backend.blob(r[4]))
            for r in rows
        ]

    def submission_features(self, submission_id: int) -> list[FeatureRow]:
        return self._features("submission_features", "submission_id", submission_id)

    def release_features(self, release_id: int) -> list[FeatureRow]:
        return self._features("release_features", "release_id", release_id)

    def release_frames(self, release_id: int) -> dict:
        """The release's objects as one GeoDataFrame per layer (EPSG:25832), for the build."""
        from .features import frames_from_rows

        return frames_from_rows(self.release_features(release_id))

    # -- submissions ------------------------------------------------------------------------

    def add_submission(
        self,
        *,
        kommunekode: str,
        status: str,
        uploader: str,
        ruleset_version: str,
        report: dict,
        report_hash: str,
        file_name: str,
        file_sha256: str,
        file_content: bytes,
        features: Sequence[FeatureRow],
        kind: str = "indsendelse",
    ) -> Submission:
        with self.transaction() as tx:
            base = self.kommune_state(kommunekode, tx).release_id
            row = tx.one(
                "INSERT INTO submissions (kommunekode, status, uploader, ruleset_version, "
                "report_json, report_hash, file_name, file_sha256, file_size, file_content, "
                "created_at, base_release_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "RETURNING id",
                (
                    kommunekode,
                    status,
                    uploader,
                    ruleset_version,
                    json.dumps(report, ensure_ascii=False, sort_keys=True),
                    report_hash,
                    file_name,
                    file_sha256,
                    len(file_content),
                    file_content,
                    self.backend.timestamp(utc_now()),
                    base,
                    kind,
                ),
            )
            submission_id = row[0]
            self._insert_features(
                tx, "submission_features", "submission_id", submission_id, features
            )
            self._audit(
                tx,
                uploader,
                "indsendt",
                kommunekode=kommunekode,
                submission_id=submission_id,
                ruleset_version=ruleset_version,
                report_hash=report_hash,
                details={
                    "status": status,
                    "file_name": file_name,
                    "kind": kind,
                    "features": len(features),
                    "summary": report.get("summary"),
                },
            )
        return self.submission(submission_id)

    def submission(self, submission_id: int) -> Submission:
        with self.transaction() as tx:
            row = tx.one(
                f"SELECT {_SUBMISSION_COLUMNS} FROM submissions s LEFT JOIN releases r "
                f"ON r.source_submission_id = s.id WHERE s.id = ?",
                (submission_id,),
            )
        if row is None:
            raise NotFound(
                f"Indsendelse {submission_id} findes ikke.",
                f"Submission {submission_id} does not exist.",
            )
        return self._submission(row)

    def submissions(
        self,
        kommunekode: str | None = None,
        status: str | None = None,
        limit: int | None = None,
        before_id: int | None = None,
    ) -> list[Submission]:
        """Newest first; ``before_id`` continues a listing below the last id seen."""
        where, params = _conditions(
            ("s.kommunekode", kommunekode), ("s.status", status), ("s.id <", before_id)
        )
        page = ""
        if limit is not None:
            page, params = "LIMIT ?", [*params, limit]
        with self.transaction() as tx:
            rows = tx.all(
                f"SELECT {_SUBMISSION_COLUMNS} FROM submissions s LEFT JOIN releases r "
                f"ON r.source_submission_id = s.id {where} ORDER BY s.id DESC {page}",
                params,
            )
        return [self._submission(r) for r in rows]

    def submission_file(self, submission_id: int) -> tuple[str, bytes]:
        with self.transaction() as tx:
            row = tx.one(
                "SELECT file_name, file_content FROM submissions WHERE id = ?", (submission_id,)
            )
        if row is None:
            raise NotFound(
                f"Indsendelse {submission_id} findes ikke.",
                f"Submission {submission_id} does not exist.",
            )
        return row[0], self.backend.blob(row[1])

    def _submission(self, row: Sequence) -> Submission:
        ts = self.backend.timestamp_text
        return Submission(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            json.loads(row[5]),
            row[6],
            row[7],
            row[8],
            row[9],
            ts(row[10]),
            row[11],
            ts(row[12]),
            row[13],
            json.loads(row[14] or "[]"),
            row[15],
            row[16],
            row[17],
        )

    # -- releases ---------------------------------------------------------------------------

    def kommune_state(self, kommunekode: str, tx: Transaction | None = None) -> KommuneState:
        if tx is None:
            with self.transaction() as own:
                return self.kommune_state(kommunekode, own)
        row = tx.one(
            "SELECT release_id, version FROM current_releases WHERE kommunekode = ?", (kommunekode,)
        )
        return (
            KommuneState(kommunekode, row[0], row[1]) if row else KommuneState(kommunekode, None, 0)
        )

    def kommune_states(self) -> list[KommuneState]:
        with self.transaction() as tx:
            rows = tx.all(
                "SELECT kommunekode, release_id, version FROM current_releases ORDER BY kommunekode"
            )
        return [KommuneState(*row) for row in rows]

    def releases(self, kommunekode: str) -> list[Release]:
        with self.transaction() as tx:
            rows = tx.all(
                f"SELECT {_RELEASE_COLUMNS} FROM releases r LEFT JOIN current_releases c "
                f"ON c.release_id = r.id WHERE r.kommunekode = ? ORDER BY r.number DESC",
                (kommunekode,),
            )
        return [self._release(r) for r in rows]

    def release(self, release_id: int) -> Release:
        with self.transaction() as tx:
            row = tx.one(
                f"SELECT {_RELEASE_COLUMNS} FROM releases r LEFT JOIN current_releases c "
                f"ON c.release_id = r.id WHERE r.id = ?",
                (release_id,),
            )
        if row is None:
            raise NotFound(
                f"Udgivelse {release_id} findes ikke.", f"Release {release_id} does not exist."
            )
        return self._release(row)

    def _release(self, row: Sequence) -> Release:
        return Release(
            row[0],
            row[1],
            row[2],
            row[3],
            self.backend.timestamp_text(row[4]),
            row[5],
            row[6],
            row[7],
            row[8],
            current=row[9] is not None,
        )

    # -- decisions (each one transaction) ---------------------------------------------------

    def _claim_submission(
        self,
        tx: Transaction,
        submission_id: int,
        new_status: str,
        actor: str,
        comment: str,
        object_comments: list[dict],
    ) -> tuple[str, str, str, int | None]:
        row = tx.one(
            "UPDATE submissions SET status = ?, decided_by = ?, decided_at = ?, "
            "decision_comment = ?, object_comments = ? "
            "WHERE id = ? AND status = 'til_godkendelse' "
            "RETURNING kommunekode, ruleset_version, report_hash, base_release_id",
            (
                new_status,
                actor,
                self.backend.timestamp(utc_now()),
                comment,
                json.dumps(object_comments, ensure_ascii=False),
                submission_id,
            ),
        )
        if row is None:
            current = tx.one("SELECT status FROM submissions WHERE id = ?", (submission_id,))
            if current is None:
                raise NotFound(
                    f"Indsendelse {submission_id} findes ikke.",
                    f"Submission {submission_id} does not exist.",
                )
            raise Conflict(
                f"Indsendelse {submission_id} har status {current[0]} og kan ikke afgøres.",
                f"Submission {submission_id} has status {current[0]} and cannot be decided.",
            )
        return row[0], row[1], row[2], row[3]

    def _move_pointer(
        self,
        tx: Transaction,
        kommunekode: str,
        release_id: int,
        expected_version: int | None,
        actor: str,
    ) -> KommuneState:
        state = self.kommune_state(kommunekode, tx)
        if expected_version is not None and expected_version != state.version:
            raise Conflict(
                f"Kommune {kommunekode} er ændret imens (version {state.version}, "
                f"forventet {expected_version}); hent den nyeste tilstand og prøv igen.",
                f"Kommune {kommunekode} changed meanwhile (version {state.version}, "
                f"expected {expected_version}); fetch the latest state and try again.",
            )
        now = self.backend.timestamp(utc_now())
        if state.version == 0:
            tx.execute(
                "INSERT INTO current_releases (kommunekode, release_id, version, "
                "changed_by, changed_at) VALUES (?, ?, 1, ?, ?)",
                (kommunekode, release_id, actor, now),
            )
        else:
            updated = tx.one(
                "UPDATE current_releases SET release_id = ?, version = version + 1, "
                "changed_by = ?, changed_at = ? WHERE kommunekode = ? AND version = ? "
                "RETURNING version",
                (release_id, actor, now, kommunekode, state.version),
            )
            if updated is None:
                raise Conflict(
                    "En anden ændring af kommunen kom først; prøv igen.",
                    "Another change of the kommune came first; try again.",
                )
        return KommuneState(kommunekode, release_id, state.version + 1)

    def approve(
        self,
        submission_id: int,
        actor: str,
        comment: str = "",
        object_comments: Sequence[dict] = (),
        expected_version: int | None = None,
        *,
        rebase: Rebase | None = None,
    ) -> tuple[Release, KommuneState]:
        """Make the submission the kommune's new current release, in one transaction.

        The submission's base (the release it was diffed against) must still be current, else
        StaleBase. ``rebase`` approves against the current release explicitly: its release must
        be current, and its fresh report and features replace the submission's first."""
        with self.transaction() as tx:
            kommunekode, ruleset_version, report_hash, base = self._claim_submission(
                tx, submission_id, "godkendt", actor, comment, list(object_comments)
            )
            current = self.kommune_state(kommunekode, tx).release_id
            details: dict = {}
            if rebase is not None:
                if rebase.against_release_id != current:
                    raise StaleBase(submission_id, kommunekode, rebase.against_release_id, current)
                self._replace_report(tx, submission_id, rebase, current)
                ruleset_version, report_hash = rebase.ruleset_version, rebase.report_hash
                details = {"rebased_from": base, "diff": rebase.diff_counts}
            elif base != current:
                raise StaleBase(submission_id, kommunekode, base, current)
            self.checkpoint("approve.after_status")
            number = tx.one(
                "SELECT COALESCE(MAX(number), 0) + 1 FROM releases WHERE kommunekode = ?",
                (kommunekode,),
            )[0]
            count = tx.one(
                "SELECT COUNT(*) FROM submission_features WHERE submission_id = ?", (submission_id,)
            )[0]
            release_id = tx.one(
                "INSERT INTO releases (kommunekode, number, created_by, created_at, "
                "source_submission_id, ruleset_version, report_hash, feature_count) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (
                    kommunekode,
                    number,
                    actor,
                    self.backend.timestamp(utc_now()),
                    submission_id,
                    ruleset_version,
                    report_hash,
                    count,
                ),
            )[0]
            tx.execute(
                "INSERT INTO release_features (release_id, layer, feature_no, objekt_id, "
                "attributes, geom) SELECT ?, layer, feature_no, objekt_id, attributes, "
                "geom FROM submission_features WHERE submission_id = ?",
                (release_id, submission_id),
            )
            self.checkpoint("approve.after_release")
            state = self._move_pointer(tx, kommunekode, release_id, expected_version, actor)
            self._audit(
                tx,
                actor,
                "godkendt",
                kommunekode=kommunekode,
                submission_id=submission_id,
                release_id=release_id,
                ruleset_version=ruleset_version,
                report_hash=report_hash,
                details={
                    "comment": comment,
                    "object_comments": list(object_comments),
                    "release_number": number,
                    "version": state.version,
                    "base_release_id": current,
                    **details,
                },
            )
            self.checkpoint("approve.before_commit")
        return self.release(release_id), state

    def _replace_report(
        self, tx: Transaction, submission_id: int, rebase: Rebase, base: int | None
    ) -> None:
        tx.execute(
            "UPDATE submissions SET report_json = ?, report_hash = ?, ruleset_version = ?, "
            "base_release_id = ? WHERE id = ?",
            (
                json.dumps(rebase.report, ensure_ascii=False, sort_keys=True),
                rebase.report_hash,
                rebase.ruleset_version,
                base,
                submission_id,
            ),
        )
        tx.execute("DELETE FROM submission_features WHERE submission_id = ?", (submission_id,))
        self._insert_features(
            tx, "submission_features", "submission_id", submission_id, rebase.features
        )

    def reject(
        self,
        submission_id: int,
        actor: str,
        comment: str = "",
        object_comments: Sequence[dict] = (),
    ) -> Submission:
        with self.transaction() as tx:
            kommunekode, ruleset_version, report_hash, _ = self._claim_submission(
                tx, submission_id, "afvist", actor, comment, list(object_comments)
            )
            self._audit(
                tx,
                actor,
                "afvist",
                kommunekode=kommunekode,
                submission_id=submission_id,
                ruleset_version=ruleset_version,
                report_hash=report_hash,
                details={"comment": comment, "object_comments": list(object_comments)},
            )
        return self.submission(submission_id)

    def rollback(
        self,
        kommunekode: str,
        release_id: int,
        actor: str,
        expected_version: int | None = None,
        comment: str = "",
    ) -> KommuneState:
        with self.transaction() as tx:
            row = tx.one(
                "SELECT number, ruleset_version, report_hash FROM releases "
                "WHERE id = ? AND kommunekode = ?",
                (release_id, kommunekode),
            )
            if row is None:
                raise NotFound(
                    f"Kommune {kommunekode} har ingen udgivelse {release_id}.",
                    f"Kommune {kommunekode} has no release {release_id}.",
                )
            if self.kommune_state(kommunekode, tx).release_id == release_id:
                raise Conflict(
                    f"Udgivelse {release_id} er allerede den aktuelle.",
                    f"Release {release_id} is already the current one.",
                )
            state = self._move_pointer(tx, kommunekode, release_id, expected_version, actor)
            self._audit(
                tx,
                actor,
                "rullet_tilbage",
                kommunekode=kommunekode,
                release_id=release_id,
                ruleset_version=row[1],
                report_hash=row[2],
                details={"release_number": row[0], "version": state.version, "comment": comment},
            )
            self.checkpoint("rollback.before_commit")
        return state
