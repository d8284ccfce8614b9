"""Asking a build worker in another process for a round.

In the production layout the API processes (``serve --no-build-worker``) build nothing; the one
``build-worker`` process does (deploy/systemd). After every approval or rollback an API process
sends a build request, and the worker wakes at once:

* PostGIS: ``NOTIFY overblikskort_public_build`` (PostgreSQL delivers it to every listener on the
  database, so the API processes may run on other machines);
* SQLite (one machine): a new token in ``<database>.build.request``, which the worker reads
  every ``FILE_POLL_SECONDS``.

A request lost with a dying process is caught by the worker's own poll (``POLL_SECONDS``).
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..store import Store
from ..store.backends import PostgisBackend, SqliteBackend

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

CHANNEL = "overblikskort_public_build"
FILE_POLL_SECONDS = 0.5
RECONNECT_SECONDS = 5.0
"""How long the listener waits before it connects again after the database went away."""


def _request_file(backend: SqliteBackend) -> Path:
    return backend.path.with_name(backend.path.name + ".build.request")


class BuildRequests:
    """The workflow's publication when the build worker runs as its own process: ``request``
    signals that worker; ``status`` says that the build happens elsewhere (its state is in the
    worker's log, and a failed build in the audit log as ``offentlig_build_fejlede``)."""

    def __init__(self, store: Store):
        self.store = store

    def request(self, kommunekode: str | None = None) -> dict:
        backend = self.store.backend
        try:
            if isinstance(backend, SqliteBackend):
                descriptor = os.open(
                    _request_file(backend), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600
                )
                with os.fdopen(descriptor, "w") as handle:
                    handle.write(secrets.token_hex(8))
            else:
                with self.store.transaction() as tx:
                    tx.execute("SELECT pg_notify(?, ?)", (CHANNEL, kommunekode or ""))
        except Exception:  # the release stands; the worker's poll finds it
            log.exception("could not signal the build worker")
        return self.status()

    def status(self) -> dict:
        return {
            "state": "separat_proces",
            "phase": None,
            "since": None,
            "error": None,
            "retry_at": None,
            "last_build_id": None,
        }


class _FileListener:
    def __init__(self, path: Path):
        self.path = path
        self.seen = self._token()

    def _token(self) -> str | None:
        try:
            return self.path.read_text()
        except OSError:
            return None

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            token = self._token()
            if token != self.seen:
                self.seen = token
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(FILE_POLL_SECONDS, left))

    def close(self) -> None:
        pass


class _NotifyListener:
    def __init__(self, dsn: str):
        self.dsn = dsn
        self.connection: psycopg.Connection | None = None
        self._connect()

    def _connect(self) -> bool:
        import psycopg

        try:
            self.connection = psycopg.connect(self.dsn, autocommit=True)
            self.connection.execute(f"LISTEN {CHANNEL}")
            return True
        except psycopg.Error as error:
            log.warning("cannot listen for build requests: %s", error)
            self.close()
            return False

    def wait(self, timeout: float) -> bool:
        """True when a request came (or the connection came back: one may have been missed)."""
        import psycopg

        if self.connection is None:
            time.sleep(min(timeout, RECONNECT_SECONDS))
            return self._connect()
        try:
            return any(True for _ in self.connection.notifies(timeout=timeout, stop_after=1))
        except psycopg.Error as error:
            log.warning("lost the database connection listening for build requests: %s", error)
            self.close()
            return False

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def listen_for_build_requests(store: Store):
    """A listener with ``wait(timeout) -> bool`` (True when a request came) and ``close()``."""
    if isinstance(store.backend, PostgisBackend):
        return _NotifyListener(store.backend.dsn)
    if isinstance(store.backend, SqliteBackend):
        return _FileListener(_request_file(store.backend))
    raise TypeError(f"no build requests for {store.backend.describe()}")
