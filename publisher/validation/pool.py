"""Validation in worker processes, so that a runaway file cannot take the server down.

``ValidationPool(settings)`` holds ``validation_workers`` worker processes (``worker.py``),
started on first use (or by ``warm()``) from a fork server that has the geo stack loaded. A
validation goes to an idle worker; the caller waits at most ``validation_timeout_seconds``. A
worker that takes longer is killed, one that runs out of its ``validation_memory_mb`` ends
itself; either way the caller gets ``TooComplex`` (the API answers 422, the CLI exits 2) and the
next validation gets a fresh worker, which starts loading the references at once. Nothing here
imports the geo stack.

Like every use of multiprocessing, a script that validates through a pool must guard its main
code with ``if __name__ == "__main__":`` (the worker imports the script's module);
``python -m publisher`` and pytest need nothing.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import queue
import threading
import weakref
from datetime import date
from pathlib import Path

from .errors import TooComplex, UnreadableSubmission
from .job import Checked, Job
from .limits import ValidationLimits

log = logging.getLogger(__name__)

_PRELOAD = ["publisher.validation.worker", "publisher.validation.run"]
"""Imported once by the fork server, so that a new worker starts with the geo stack loaded."""
_STOP_SECONDS = 5


def _context(start_method: str):
    # Never fork: this process may have threads (the web server's), and a forked copy of a
    # threaded process may inherit locks held by threads that do not exist in the copy.
    context = multiprocessing.get_context(start_method)
    if start_method == "forkserver":
        context.set_forkserver_preload(_PRELOAD)
    return context


class ValidationPool:
    """``start_method`` "forkserver" (a server: a worker that was stopped is replaced in
    milliseconds) or "spawn" (one validation, as the command line does: the worker is this
    process's own child, so its time and memory count as the command's)."""

    def __init__(self, settings, start_method: str = "forkserver"):
        self.settings = settings
        self.limits = ValidationLimits.from_settings(settings)
        self._workers = [
            _Worker(settings, self.limits, start_method)
            for _ in range(max(1, settings.validation_workers))
        ]
        self._idle: queue.Queue[_Worker] = queue.Queue()
        for worker in self._workers:
            self._idle.put(worker)
        self._finalizer = weakref.finalize(self, _stop_all, list(self._workers))

    def validate(
        self,
        path: Path | str,
        kommune: str,
        display_name: str,
        today: date | None = None,
        with_rows: bool = True,
    ) -> Checked:
        """The worker's verdict; raises UnreadableSubmission (TooComplex for a file beyond the
        limits, the time or the memory)."""
        job = Job(str(path), kommune, display_name, today, with_rows)
        worker = self._idle.get()
        try:
            return worker.run(job)
        finally:
            stopped = worker.process is None and not worker.closed
            self._idle.put(worker)
            if stopped:  # its successor loads the references before the next file comes
                self._warm_in_background()

    def warm(self) -> None:
        """Starts every worker and loads the reference layers, in the background."""
        for _ in self._workers:
            self._warm_in_background()

    def _warm_in_background(self) -> None:
        def warm_one():
            worker = self._idle.get()
            try:
                worker.warm()
            except Exception:
                if not worker.closed:
                    log.exception("a validation worker could not start")
            finally:
                self._idle.put(worker)

        threading.Thread(target=warm_one, name="validation-warm", daemon=True).start()

    def close(self) -> None:
        self._finalizer()


class _Worker:
    def __init__(self, settings, limits: ValidationLimits, start_method: str):
        self.settings = settings
        self.limits = limits
        self.start_method = start_method
        self.process = None
        self.connection = None
        self.closed = False
        self._lock = threading.Lock()
        """Held while the process is started or stopped (close() may come from any thread)."""

    def _ensure_running(self):
        """The connection to a running worker process (started now if there is none)."""
        from . import worker

        with self._lock:
            if self.closed:
                raise _closed()
            if self.process is not None and self.process.is_alive():
                return self.connection
        self.stop()
        with self._lock:
            if self.closed:
                raise _closed()
            context = _context(self.start_method)
            ours, theirs = context.Pipe()
            process = context.Process(
                target=worker.serve,
                args=(theirs, self.settings, self.limits),
                name="overblikskort-validering",
                daemon=True,
            )
            process.start()
            theirs.close()
            self.process, self.connection = process, ours
            return ours

    def warm(self) -> None:
        from .worker import WARM

        connection = self._ensure_running()
        try:
            connection.send(WARM)
            if connection.poll(self.limits.timeout_seconds):
                connection.recv()
                return
        except (EOFError, OSError):
            pass
        if not self.closed:
            self.stop(kill=True)

    def run(self, job: Job) -> Checked:
        connection = self._ensure_running()
        try:
            connection.send(job)
            if not connection.poll(self.limits.timeout_seconds):
                self.stop(kill=True)
                raise _too_slow(job.display_name, self.limits)
            reply = connection.recv()
        except (EOFError, OSError):
            if self.closed:
                raise _closed() from None
            self.stop(kill=True)
            raise _stopped(job.display_name, self.limits) from None
        kind = reply[0]
        if kind == "checked":
            return reply[1]
        if kind == "unreadable":
            _, code, message_da, message_en = reply
            raise (TooComplex if code == TooComplex.code else UnreadableSubmission)(
                message_da, message_en
            )
        if kind == "memory":
            self.stop(kill=True)
            raise _stopped(job.display_name, self.limits)
        log.error("validation of %s failed in the worker: %s", job.display_name, reply[1:])
        raise UnreadableSubmission(
            f"Filen {job.display_name} kunne ikke læses som GeoPackage eller GeoJSON ({reply[1]}).",
            f"The file {job.display_name} could not be read as GeoPackage or GeoJSON ({reply[1]}).",
        )

    def close(self) -> None:
        self.closed = True
        self.stop(kill=True)

    def stop(self, kill: bool = False) -> None:
        """Asks the worker to end, and ends it if it does not (at once with ``kill``)."""
        with self._lock:
            process, connection = self.process, self.connection
            self.process = self.connection = None
        if process is not None and kill:
            process.kill()
        if connection is not None:
            with contextlib.suppress(OSError, ValueError):
                connection.send(None)
            connection.close()
        if process is not None:
            process.join(_STOP_SECONDS)
            if process.is_alive():
                process.kill()
                process.join(_STOP_SECONDS)


def _stop_all(workers: list[_Worker]) -> None:
    for worker in workers:
        worker.close()


def _closed() -> UnreadableSubmission:
    return UnreadableSubmission(
        "Publiceringstjenesten lukker ned; prøv igen om lidt.",
        "The publisher is shutting down; try again shortly.",
    )


def _too_slow(name: str, limits: ValidationLimits) -> TooComplex:
    return TooComplex.because(
        name,
        f"kontrollen tog mere end {limits.timeout_seconds} sekunder og blev stoppet.",
        f"the check took more than {limits.timeout_seconds} seconds and was stopped.",
    )


def _stopped(name: str, limits: ValidationLimits) -> TooComplex:
    return TooComplex.because(
        name,
        f"kontrollen brugte mere end {limits.memory_mb} MB hukommelse og blev stoppet.",
        f"the check used more than {limits.memory_mb} MB of memory and was stopped.",
    )
