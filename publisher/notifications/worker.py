"""The notifier thread of `serve`: every ``notify_interval_seconds`` it mails new events (when
SMTP is configured), and at most once an hour it announces sites that became overdue."""

from __future__ import annotations

import logging
import threading
import time

from .mail import deliver_pending

log = logging.getLogger(__name__)

OVERDUE_CHECK_SECONDS = 3600


class Notifier:
    def __init__(self, desk, settings):
        self.desk = desk
        self.settings = settings
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_overdue_check = float("-inf")

    def run_once(self) -> None:
        """One round: the overdue check when it is due, then the mail."""
        now = time.monotonic()
        if now - self._last_overdue_check >= OVERDUE_CHECK_SECONDS:
            self._last_overdue_check = now
            announced = self.desk.announce_overdue()
            if announced:
                log.info("overdue sites announced for %s", ", ".join(sorted(announced)))
        if self.settings.smtp_host:
            names = self.desk.atlas.names(self.desk.workflow)
            delivery = deliver_pending(self.desk.store, self.settings, names)
            if delivery.sent or delivery.failed:
                log.info("events mailed: %d, failed: %d", delivery.sent, delivery.failed)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the next round tries again; serving goes on
                log.exception("notifier round failed")
            self._stop.wait(self.settings.notify_interval_seconds)

    def start(self) -> Notifier:
        self._thread = threading.Thread(
            target=self._loop, name="overblikskort-notifier", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
