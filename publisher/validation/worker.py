"""The validation worker: a process that validates one file at a time for the publisher.

It keeps the reference layers of the store loaded, with their spatial indexes built, and loads
them again only when an import has changed them; so a small submission is checked in well under
a second against national references. Its address space is limited to ``validation_memory_mb``;
running out of it ends the worker, never the server (``pool.py`` starts a new one).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import re
import resource
import time
from pathlib import Path
from typing import Any

from .errors import UnreadableSubmission
from .job import Checked, Job
from .limits import ValidationLimits

log = logging.getLogger(__name__)
_OUT_OF_MEMORY = re.compile(r"bad_alloc|out of memory|cannot allocate", re.IGNORECASE)

EXIT_OUT_OF_MEMORY = 3
WARM = "warm"
STOP = None


class StoredReferences:
    """The store's reference layers, reloaded when ``reference_imports`` changes."""

    def __init__(self, settings):
        self.settings = settings
        self.store = None
        self.key: tuple | None = None
        self.references = None

    def current(self):
        store = self._store()
        if store is None:
            return None
        from ..store.reference_layers import reference_imports

        key = tuple(reference_imports(store))
        if key != self.key:
            self.references = self._load(store, key) if key else None
            self.key = key
        return self.references

    def _store(self):
        if self.store is None:
            from ..settings import SQLITE_FILE_NAME
            from ..store import Store

            if (
                not self.settings.uses_postgis
                and not (Path(self.settings.data_dir) / SQLITE_FILE_NAME).is_file()
            ):
                return None  # no store yet, and a check creates none
            self.store = Store.open(self.settings.database)
        return self.store

    def _load(self, store, key: tuple):
        from datamodel.rules.reference_checks import build_indexes

        from ..references import load_references
        from . import reference_cache
        from .shapely_adapter import ShapelyAdapter

        self.references = None
        gc.unfreeze()
        gc.collect()
        cached = reference_cache.cache_path(self.settings.data_dir, key)
        references = reference_cache.read(cached)
        if references is None:
            references = load_references(store)
            if references is not None:
                reference_cache.write(cached, references)
        if references is not None:
            build_indexes(references.rule_input(), ShapelyAdapter())
        gc.collect()
        # Kept until the next import: the collector need not look at them again meanwhile.
        gc.freeze()
        return references

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def serve(connection, settings, limits: ValidationLimits) -> None:
    """The worker's loop: a Job in, a reply out, until the connection closes or says STOP."""
    megabytes = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (megabytes, megabytes))
    references = StoredReferences(settings)
    try:
        while True:
            try:
                job = connection.recv()
            except (EOFError, OSError):
                return
            if job is STOP:
                return
            try:
                reply = answer(job, references, limits)
                connection.send(reply)
            except MemoryError:
                _out_of_memory(connection)
    finally:
        references.close()


def answer(
    job: Job | str, references: StoredReferences, limits: ValidationLimits
) -> tuple[Any, ...]:
    from .run import validate_file

    started = time.perf_counter()
    if isinstance(job, str):  # WARM
        references.current()
        return (WARM,)
    problem = None
    try:
        loaded = references.current()
    except MemoryError:
        raise
    except Exception as error:  # a broken store must not hide the file's own problems
        log.exception("the reference layers could not be loaded")
        loaded, problem = None, f"{type(error).__name__}: {error}"[:300]
    try:
        # Reading and the rules allocate millions of small objects and free none of them
        # early; this process does nothing else meanwhile, so the collector waits until after.
        gc.disable()
        try:
            result = validate_file(
                job.path, job.kommune, loaded, job.today, limits, job.display_name
            )
            rows = _rows(result.layers) if job.with_rows else None
        finally:
            gc.enable()
    except UnreadableSubmission as error:
        return ("unreadable", error.code, error.message_da, error.message_en)
    except MemoryError:
        raise
    except Exception as error:  # a hostile file must never take the worker's loop down
        if _OUT_OF_MEMORY.search(str(error)):  # GEOS and GDAL say so in their own words
            raise MemoryError(str(error)) from error
        return ("failed", type(error).__name__, str(error)[:300])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return ("checked", Checked(result.report, rows, time.perf_counter() - started, peak, problem))


def _rows(layers):
    from ..store.features import rows_from_frames

    return rows_from_frames(layers)


def _out_of_memory(connection) -> None:
    """Says so if it still can, and ends the process: its memory is in an unknown state."""
    with contextlib.suppress(Exception):
        connection.send(("memory",))
    os._exit(EXIT_OUT_OF_MEMORY)
