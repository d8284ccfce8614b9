"""Temporary copies of uploads while they are validated: one folder per upload under
``<data dir>/tmp``, named after the process, so a restart can remove what a killed process left."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from ..store.backends import private_folder

PREFIX = "upload-"
_OWNER = re.compile(rf"{PREFIX}(\d+)-")


def _work_dir(data_dir: Path) -> Path:
    return private_folder(private_folder(Path(data_dir)) / "tmp")


@contextlib.contextmanager
def upload_folder(data_dir: Path) -> Iterator[Path]:
    """A private folder for one upload, removed afterwards."""
    with tempfile.TemporaryDirectory(
        prefix=f"{PREFIX}{os.getpid()}-", dir=_work_dir(data_dir)
    ) as folder:
        yield Path(folder)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of our pid is from an earlier process: this one just started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_uploads(data_dir: Path) -> list[str]:
    """Remove upload folders whose process no longer runs (killed mid-upload); returns their names.

    Call once at start-up, before this process takes uploads."""
    folder = Path(data_dir) / "tmp"
    if not folder.is_dir():
        return []
    removed = []
    for path in folder.glob(f"{PREFIX}*"):
        owner = _OWNER.match(path.name)
        if owner is None or not _alive(int(owner.group(1))):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(
                missing_ok=True
            )
            removed.append(path.name)
    return removed
