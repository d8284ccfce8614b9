"""Versioned schema of the store, written once for both backends.

Each migration is applied once, in its own transaction, and recorded in ``schema_migrations``.
Placeholders in braces are the backend's column types (see ``backends.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    sqlite_only: tuple[str, ...] = ()
    postgis_only: tuple[str, ...] = ()


_IMMUTABLE_TABLES = ("releases", "release_features")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema",
        (
            """CREATE TABLE reference_imports (
            kind TEXT NOT NULL, source TEXT NOT NULL, file_name TEXT NOT NULL,
            feature_count INTEGER NOT NULL, imported_at {ts} NOT NULL,
            PRIMARY KEY (kind, source))""",
            """CREATE TABLE reference_features (
            id {id}, kind TEXT NOT NULL, source TEXT NOT NULL,
            attributes {json} NOT NULL, geom {geom} NOT NULL,
            FOREIGN KEY (kind, source) REFERENCES reference_imports (kind, source)
                ON DELETE CASCADE)""",
            "CREATE INDEX reference_features_kind ON reference_features (kind, source)",
            """CREATE TABLE users (
            id {id}, name TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL CHECK (role IN ('indsender', 'godkender', 'admin')),
            kommunekode TEXT, token_hash TEXT NOT NULL UNIQUE,
            created_at {ts} NOT NULL, revoked_at {ts},
            CHECK ((role = 'indsender') = (kommunekode IS NOT NULL)))""",
            """CREATE TABLE submissions (
            id {id}, kommunekode TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN
                ('modtaget', 'afvist_automatisk', 'til_godkendelse', 'godkendt', 'afvist')),
            uploader TEXT NOT NULL, ruleset_version TEXT NOT NULL,
            report_json TEXT NOT NULL, report_hash TEXT NOT NULL,
            file_name TEXT NOT NULL, file_sha256 TEXT NOT NULL, file_size INTEGER NOT NULL,
            file_content {blob} NOT NULL, created_at {ts} NOT NULL,
            decided_by TEXT, decided_at {ts}, decision_comment TEXT,
            object_comments TEXT NOT NULL DEFAULT '[]')""",
            "CREATE INDEX submissions_kommune_status ON submissions (kommunekode, status)",
            """CREATE TABLE submission_features (
            submission_id INTEGER NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
            layer TEXT NOT NULL, feature_no INTEGER NOT NULL, objekt_id TEXT,
            attributes {json} NOT NULL, geom {geom},
            PRIMARY KEY (submission_id, layer, feature_no))""",
            """CREATE TABLE releases (
            id {id}, kommunekode TEXT NOT NULL, number INTEGER NOT NULL,
            created_by TEXT NOT NULL, created_at {ts} NOT NULL,
            source_submission_id INTEGER NOT NULL UNIQUE REFERENCES submissions (id),
            ruleset_version TEXT NOT NULL, report_hash TEXT NOT NULL,
            feature_count INTEGER NOT NULL,
            UNIQUE (kommunekode, number))""",
            """CREATE TABLE release_features (
            release_id INTEGER NOT NULL REFERENCES releases (id),
            layer TEXT NOT NULL, feature_no INTEGER NOT NULL, objekt_id TEXT,
            attributes {json} NOT NULL, geom {geom},
            PRIMARY KEY (release_id, layer, feature_no))""",
            """CREATE TABLE current_releases (
            kommunekode TEXT PRIMARY KEY,
            release_id INTEGER NOT NULL REFERENCES releases (id),
            version INTEGER NOT NULL CHECK (version > 0),
            changed_by TEXT NOT NULL, changed_at {ts} NOT NULL)""",
            """CREATE TABLE audit_log (
            id {id}, at {ts} NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            kommunekode TEXT, submission_id INTEGER, release_id INTEGER,
            ruleset_version TEXT, report_hash TEXT, details {json} NOT NULL)""",
            "CREATE INDEX audit_log_kommune ON audit_log (kommunekode, id)",
        ),
        sqlite_only=tuple(
            f"""CREATE TRIGGER {table}_immutable_{event.lower()} BEFORE {event} ON {table}
                BEGIN SELECT RAISE(ABORT, '{table} are immutable'); END"""
            for table in _IMMUTABLE_TABLES
            for event in ("UPDATE", "DELETE")
        ),
        postgis_only=(
            """CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION '% are immutable', TG_TABLE_NAME; END $$""",
            *(
                f"""CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table}
                  FOR EACH ROW EXECUTE FUNCTION refuse_change()"""
                for table in _IMMUTABLE_TABLES
            ),
            "CREATE INDEX reference_features_geom ON reference_features USING GIST (geom)",
            "CREATE INDEX release_features_geom ON release_features USING GIST (geom)",
        ),
    ),
    Migration(
        2,
        "submissions record the release they were diffed against",
        (
            "ALTER TABLE submissions ADD COLUMN base_release_id BIGINT",
            """UPDATE submissions SET base_release_id = (SELECT c.release_id FROM current_releases c
           WHERE c.kommunekode = submissions.kommunekode)""",
        ),
    ),
    Migration(
        3,
        "the desk: events outbox, overdue notices, kommune contacts, confirmations",
        (
            """CREATE TABLE haendelser (
            id {id}, at {ts} NOT NULL, kind TEXT NOT NULL, kommunekode TEXT,
            submission_id INTEGER, release_id INTEGER, actor TEXT NOT NULL,
            audit_id INTEGER NOT NULL, details {json} NOT NULL,
            mail_sent_at {ts}, mail_attempts INTEGER NOT NULL DEFAULT 0, mail_error TEXT)""",
            "CREATE INDEX haendelser_kommune ON haendelser (kommunekode, id)",
            "CREATE INDEX haendelser_mail ON haendelser (mail_sent_at, id)",
            """CREATE TABLE forfald_varslet (
            kommunekode TEXT NOT NULL, objekt_id TEXT NOT NULL, sidst_bekraeftet TEXT NOT NULL,
            haendelse_at {ts} NOT NULL,
            PRIMARY KEY (kommunekode, objekt_id, sidst_bekraeftet))""",
            """CREATE TABLE kommune_kontakter (
            kommunekode TEXT PRIMARY KEY, email TEXT NOT NULL, changed_by TEXT NOT NULL,
            changed_at {ts} NOT NULL)""",
            "ALTER TABLE submissions ADD COLUMN kind TEXT NOT NULL DEFAULT 'indsendelse'",
        ),
    ),
    Migration(
        4,
        "reference provenance and the guidance catalogue",
        (
            "ALTER TABLE reference_imports ADD COLUMN data_date TEXT",
            "ALTER TABLE reference_imports ADD COLUMN licence TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE reference_imports ADD COLUMN attribution TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE reference_imports ADD COLUMN synlighed TEXT NOT NULL DEFAULT ''",
            """CREATE TABLE guidance_links (
            topic TEXT NOT NULL, kommunekode TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL, title_da TEXT NOT NULL, title_en TEXT NOT NULL,
            changed_by TEXT NOT NULL, changed_at {ts} NOT NULL,
            PRIMARY KEY (topic, kommunekode))""",
        ),
    ),
)
