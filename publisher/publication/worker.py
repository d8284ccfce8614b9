"""The build worker: builds the public side in the background so that an approval answers as soon
as its release is committed.

One thread per publisher process. ``request()`` (after an approval or rollback) wakes it; requests
that arrive while it builds are coalesced into one more round. Each round takes the store's
builder lock (one builder across all processes on the store), compares the published manifest
with the store's current releases and builds only when they differ, so a round that finds
another process already built the same state does nothing. A failed build is audited
(``offentlig_build_fejlede``) and retried after RETRY_SECONDS; every POLL_SECONDS the worker
also checks on its own, which catches a change whose process died before it could build.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, UTC
from typing import Callable

from ..outputs import BuildFailed, StoredRelease, build_public, clean_leftovers
from ..settings import Settings
from ..store import Store
from .state import out_of_step, published_manifest, wanted_state

log = logging.getLogger(__name__)

RETRY_SECONDS = (30, 120, 480, 3600)
"""Waits before the 1st, 2nd, 3rd and every later retry of a failed build."""
POLL_SECONDS = 60.0
"""How often the worker compares the public side with the store when nobody asks."""
LOCK_WAIT_SECONDS = 5.0
"""How long one attempt waits for the builder lock before it looks again (another process builds)."""

Checkpoint = Callable[[str], None]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class BuildWorker:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        checkpoint: Checkpoint | None = None,
        poll_seconds: float = POLL_SECONDS,
        tools=None,
    ):
        self.store = store
        self.settings = settings
        self.checkpoint = checkpoint or (lambda name: None)
        self.poll_seconds = poll_seconds
        self.tools = tools
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._status: dict = {
            "state": "klar",
            "phase": None,
            "since": _now(),
            "error": None,
            "retry_at": None,
            "last_build_id": None,
        }
        self._failures = 0
        self._retry_at: float | None = None
        self._started_rounds = 0

    # -- life cycle -------------------------------------------------------------------------

    def start(self) -> BuildWorker:
        """Start the thread; its first round reconciles at once (start-up after a crash)."""
        with self._guard:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="public-build", daemon=True)
                self._thread.start()
        self._wake.set()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def request(self, kommunekode: str | None = None) -> dict:
        """Ask for a round (a release of ``kommunekode`` changed); returns the status at once."""
        with self._guard:
            if self._status["state"] != "bygger":
                self._status.update(state="venter", since=_now())
        self.start()
        return self.status()

    def status(self) -> dict:
        with self._guard:
            return dict(self._status)

    def _set(self, **values) -> None:
        with self._guard:
            self._status.update(values)

    # -- rounds -----------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            timeout = self.poll_seconds
            if self._retry_at is not None:
                timeout = max(0.0, min(timeout, self._retry_at - time.monotonic()))
            asked = self._wake.wait(timeout)
            self._wake.clear()
            if self._stop.is_set():
                return
            retry_due = self._retry_at is not None and time.monotonic() >= self._retry_at
            try:
                self.reconcile(wait=asked or retry_due)
            except Exception as error:  # e.g. the database is away: try again later
                log.exception("public build round failed")
                self._failed(error, [])

    def reconcile(self, wait: bool = True, lock_wait: float = LOCK_WAIT_SECONDS) -> str:
        """One round: build if the public side differs from the store. Returns ``uaendret``
        (in step), ``udgivet`` (a new build is switched in), ``fejlede`` or ``optaget`` (another
        process holds the builder lock; with ``wait`` the round is queued again)."""
        self._started_rounds += 1
        first_round = self._started_rounds == 1
        with self.store.builder_lock(lock_wait if wait else 0) as held:
            if not held:
                if wait:
                    self._wake.set()
                return "optaget"
            clean_leftovers(self.settings.public_path)
            wanted = wanted_state(self.store)
            differing = out_of_step(wanted, published_manifest(self.settings.public_path))
            if not differing:
                self._succeeded(None)
                return "uaendret"
            if first_round or not wait:
                self._audit("offentlig_side_ude_af_trit", differing, {})
            return self._build(wanted, differing)

    def _build(self, wanted, differing: list[str]) -> str:
        self._set(state="bygger", phase="start", since=_now(), error=None)
        releases = {
            code: StoredRelease(release_id, self._loader(int(release_id)))
            for code, release_id in wanted.releases.items()
        }
        try:
            result = build_public(
                releases,
                self._references,
                self.settings.public_path,
                tools=self.tools,
                references_key=wanted.references,
                progress=self._progress,
            )
        except BuildFailed as failure:
            self._failed(failure, differing)
            return "fejlede"
        log.info("public build %s switched in (kommuner %s)", result.build_id, differing)
        self._succeeded(result.build_id)
        return "udgivet"

    def _loader(self, release_id: int):
        return lambda: self.store.release_frames(release_id)

    def _references(self):
        from ..references import reference_snapshot

        return reference_snapshot(self.store)

    def _progress(self, phase: str) -> None:
        self._set(phase=phase)
        self.checkpoint(f"build.{phase}")

    def _succeeded(self, build_id: str | None) -> None:
        self._failures, self._retry_at = 0, None
        values = {"state": "klar", "phase": None, "since": _now(), "error": None, "retry_at": None}
        if build_id:
            values["last_build_id"] = build_id
        self._set(**values)

    def _failed(self, error: Exception, differing: list[str]) -> None:
        self._failures += 1
        wait = RETRY_SECONDS[min(self._failures, len(RETRY_SECONDS)) - 1]
        self._retry_at = time.monotonic() + wait
        message = str(error)[:500]
        retry_at = datetime.fromtimestamp(time.time() + wait, UTC).isoformat(timespec="seconds")
        self._set(state="fejlede", phase=None, since=_now(), error=message, retry_at=retry_at)
        try:
            self._audit(
                "offentlig_build_fejlede",
                differing,
                {"error": message, "attempt": self._failures, "retry_at": retry_at},
            )
        except Exception:
            log.exception("could not audit a failed public build")

    def _audit(self, action: str, differing: list[str], details: dict) -> None:
        """One entry per kommune out of step."""
        codes: list[str | None] = list(differing) or [None]
        for code in codes:
            self.store.record(
                "system", action, kommunekode=code, details={"kommuner": differing, **details}
            )
