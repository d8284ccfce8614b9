"""The two database backends behind the one store: what differs between SQLite and PostGIS.

SQL in the store is written once with ``?`` placeholders; the PostGIS backend rewrites them.
A transaction has a connection of its own while it runs, so threads of the HTTP server never share
one: SQLite opens one per transaction (cheap, a file), PostGIS borrows one from a pool.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import sqlite3
import time
from pathlib import Path
from typing import Any, ClassVar, Iterator, Sequence, overload

from datamodel import CRS_EPSG

from .records import Conflict, StoreUnavailable


def private_folder(path: Path) -> Path:
    """The folder, created readable by its owner only (0700) if it does not exist yet."""
    path = Path(path)
    if not path.is_dir():
        path.mkdir(parents=True, mode=0o700, exist_ok=True)
        path.chmod(0o700)
    return path


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Transaction:
    """A cursor-like wrapper that speaks ``?`` SQL on either backend."""

    def __init__(self, backend: Backend, connection: Any):
        self.backend = backend
        self.connection = connection

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self.connection.execute(self.backend.translate(sql), tuple(params))
        except Exception as error:
            if self.backend.is_unique_violation(error):
                raise Conflict(
                    "En anden ændring kom først; hent den nyeste tilstand og prøv igen.",
                    "Another change came first; fetch the latest state and try again.",
                ) from error
            raise

    def one(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        rows = self.execute(sql, params).fetchall()
        return rows[0] if rows else None

    def all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return list(self.execute(sql, params).fetchall())

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        cursor = self.connection.cursor()
        cursor.executemany(self.backend.translate(sql), rows)


class Backend:
    name = ""
    column_types: ClassVar[dict[str, str]] = {}
    geom_param = "?"
    """SQL expression that turns a WKB parameter into a stored geometry."""

    def geom_out(self, column: str) -> str:
        return column

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text of one top-level key of a JSON column (``key`` is a fixed name)."""
        return f"json_extract({column}, '$.{key}')"

    def translate(self, sql: str) -> str:
        return sql

    def json_param(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)

    def json_value(self, stored: Any) -> Any:
        return json.loads(stored) if isinstance(stored, (str, bytes)) else stored

    def timestamp(self, value: dt.datetime) -> Any:
        return value

    @overload
    @staticmethod
    def timestamp_text(stored: None) -> None: ...

    @overload
    @staticmethod
    def timestamp_text(stored: dt.datetime | str) -> str: ...

    @staticmethod
    def timestamp_text(stored: Any) -> str | None:
        if stored is None:
            return None
        if isinstance(stored, dt.datetime):
            return stored.astimezone(dt.UTC).isoformat()
        return str(stored)

    @overload
    def blob(self, stored: None) -> None: ...

    @overload
    def blob(self, stored: bytes | memoryview) -> bytes: ...

    def blob(self, stored: Any) -> bytes | None:
        return None if stored is None else bytes(stored)

    def is_unique_violation(self, error: Exception) -> bool:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]:
        raise NotImplementedError

    def lock_for_migration(self, tx: Transaction) -> None:
        """Keep two processes from migrating at the same time."""

    def builder_lock(self, wait_seconds: float) -> contextlib.AbstractContextManager[bool]:
        """Held by at most one process of the store at a time (the public build); yields whether
        it was won within ``wait_seconds``. The operating system or the database frees it when
        the holder dies, so a killed builder never blocks the next one."""
        raise NotImplementedError

    def close(self) -> None:
        """Close what the backend keeps open between transactions."""

    def describe(self) -> str:
        raise NotImplementedError


class SqliteBackend(Backend):
    name = "sqlite"
    column_types: ClassVar[dict[str, str]] = {
        "id": "INTEGER PRIMARY KEY AUTOINCREMENT",
        "json": "TEXT",
        "geom": "BLOB",
        "blob": "BLOB",
        "ts": "TEXT",
    }

    def __init__(self, path: Path):
        self.path = Path(path)
        private_folder(self.path.parent)
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        if self.path.stat().st_mode & 0o077:
            self.path.chmod(0o600)  # SQLite gives its -wal and -shm files the same mode
        with contextlib.closing(self._connect()) as connection:
            connection.execute("PRAGMA journal_mode=WAL")

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=30, isolation_level=None, check_same_thread=False
        )
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA busy_timeout=30000")
        connection.execute("PRAGMA synchronous=FULL")
        return connection

    def timestamp(self, value: dt.datetime) -> str:
        return value.isoformat()

    def is_unique_violation(self, error: Exception) -> bool:
        return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self, connection)
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()

    @contextlib.contextmanager
    def builder_lock(self, wait_seconds: float) -> Iterator[bool]:
        path = self.path.with_name(self.path.name + ".build.lock")
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            won = _poll(lambda: _try_flock(descriptor), wait_seconds)
            try:
                yield won
            finally:
                if won:
                    fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)

    def describe(self) -> str:
        return f"SQLite {self.path}"


def _try_flock(descriptor: int) -> bool:
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _poll(attempt, wait_seconds: float, interval: float = 0.2) -> bool:
    """``attempt()`` until it succeeds or ``wait_seconds`` have passed (at least once)."""
    deadline = time.monotonic() + wait_seconds
    while not attempt():
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True


_PLACEHOLDER = re.compile(r"\?")
BUILDER_LOCK_KEY = 0x6F76626C
POOL_SIZE = 10
"""Connections per process: the server's 8 threads plus the public build and a spare."""
POOL_WAIT_SECONDS = 30.0
POOL_IDLE_SECONDS = 120.0
"""A connection unused this long is closed, so an idle publisher holds none."""


class PostgisBackend(Backend):
    name = "postgis"
    column_types: ClassVar[dict[str, str]] = {
        "id": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
        "json": "JSONB",
        "geom": f"geometry(Geometry, {CRS_EPSG})",
        "blob": "BYTEA",
        "ts": "TIMESTAMPTZ",
    }
    geom_param = f"ST_GeomFromWKB(?, {CRS_EPSG})"

    def __init__(self, dsn: str, pool_size: int = POOL_SIZE):
        import psycopg  # only the PostGIS backend needs the driver
        from psycopg_pool import ConnectionPool

        self._psycopg = psycopg
        self.dsn = dsn
        self.pool = ConnectionPool(
            dsn,
            min_size=0,
            max_size=pool_size,
            open=True,
            name=f"overblikskort-{id(self):x}",
            kwargs={"autocommit": False},
            check=ConnectionPool.check_connection,
            timeout=POOL_WAIT_SECONDS,
            max_idle=POOL_IDLE_SECONDS,
            num_workers=1,
        )

    def geom_out(self, column: str) -> str:
        return f"ST_AsBinary({column})"

    def json_text(self, column: str, key: str) -> str:
        return f"({column} ->> '{key}')"

    def translate(self, sql: str) -> str:
        return _PLACEHOLDER.sub("%s", sql.replace("%", "%%"))

    def json_param(self, value: Any) -> Any:
        from psycopg.types.json import Jsonb

        return Jsonb(value, dumps=lambda v: json.dumps(v, ensure_ascii=False, default=str))

    def is_unique_violation(self, error: Exception) -> bool:
        return isinstance(error, self._psycopg.errors.UniqueViolation)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        from psycopg_pool import PoolClosed, PoolTimeout

        try:
            connection = self.pool.getconn()
        except (PoolClosed, PoolTimeout) as error:
            raise StoreUnavailable(
                "Databasen er ikke tilgængelig lige nu; prøv igen om lidt.",
                "The database is not available right now; try again shortly.",
            ) from error
        try:
            try:
                yield Transaction(self, connection)
            except BaseException:
                connection.rollback()
                raise
            connection.commit()
        finally:
            self.pool.putconn(connection)  # a broken connection is discarded, not reused

    def close(self) -> None:
        self.pool.close(timeout=POOL_WAIT_SECONDS)

    @contextlib.contextmanager
    def builder_lock(self, wait_seconds: float) -> Iterator[bool]:
        """A session advisory lock on a connection kept for as long as it is held."""
        with self.transaction() as tx:
            connection = tx.connection

            def attempt() -> bool:
                won = connection.execute(
                    "SELECT pg_try_advisory_lock(%s)", (BUILDER_LOCK_KEY,)
                ).fetchone()[0]
                connection.commit()  # no transaction stays open while the build runs
                return bool(won)

            won = _poll(attempt, wait_seconds)
            try:
                yield won
            finally:
                if won:
                    connection.execute("SELECT pg_advisory_unlock(%s)", (BUILDER_LOCK_KEY,))

    def lock_for_migration(self, tx: Transaction) -> None:
        tx.execute("SELECT pg_advisory_xact_lock(?)", (0x6F76626B,))
        tx.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    def describe(self) -> str:
        info = self._psycopg.conninfo.conninfo_to_dict(self.dsn)
        return f"PostgreSQL {info.get('host', '')}:{info.get('port', '')}/{info.get('dbname', '')}"


def backend_for(database: str) -> Backend:
    """``sqlite:///path`` or ``postgresql://...``."""
    if database.startswith("sqlite:///"):
        return SqliteBackend(Path(database.removeprefix("sqlite:///")))
    if database.startswith(("postgresql://", "postgres://")):
        return PostgisBackend(database)
    raise ValueError(f"unknown database URL (use sqlite:///... or postgresql://...): {database}")
