"""The store's reference layers kept as one GeoPackage beside the store, for quick starts.

A validation worker (and so every `python -m publisher validate`) needs the reference layers.
Read from the store they cost a second or more at national size (a JSON document per feature);
read from this GeoPackage, a third of that. The file is named by a digest of the store's
``reference_imports``, so an import (which changes them) makes a new name and the old file is
never read again; it is removed when the new one is written. Written aside, then renamed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import fields
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_FOLDER = "cache"
PREFIX = "validation-references-"


def cache_path(data_dir: Path, imports: tuple) -> Path:
    key = json.dumps([entry.to_dict() for entry in imports], sort_keys=True, default=str)
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return Path(data_dir) / CACHE_FOLDER / f"{PREFIX}{digest}.gpkg"


def read(path: Path):
    """The cached ``References``, or None when there is no usable file."""
    if not path.is_file():
        return None
    import pyogrio

    from .references import References

    try:
        layers = {str(name) for name, _ in pyogrio.list_layers(path)}
        frames = {
            field.name: pyogrio.read_dataframe(path, layer=field.name)
            for field in fields(References)
            if field.init and field.name in layers
        }
    except Exception:  # a damaged cache is only a slower start
        log.warning("the reference cache %s cannot be read; reading the store", path)
        return None
    return References(**frames)


def write(path: Path, references) -> None:
    """Writes the layers aside and renames them into place; removes older caches."""
    import pyogrio

    from ..store.backends import private_folder

    aside = path.with_name(f".{os.getpid()}-{path.name}")
    try:
        private_folder(path.parent)
        aside.unlink(missing_ok=True)
        for field in fields(references):
            frame = getattr(references, field.name) if field.init else None
            if frame is not None and len(frame):
                pyogrio.write_dataframe(
                    frame, aside, layer=field.name, driver="GPKG", append=aside.exists()
                )
        if aside.exists():
            aside.chmod(0o600)  # the data folder's files are its owner's only
            os.replace(aside, path)
        for old in path.parent.glob(f"{PREFIX}*.gpkg"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception as error:  # e.g. a read-only data folder: no cache, the store answers
        log.warning("the reference cache %s cannot be written: %s", path, error)
        aside.unlink(missing_ok=True)
