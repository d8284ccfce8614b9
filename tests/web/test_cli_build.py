"""`python -m publisher build` against a real embedded store seeded through the real workflow."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def publisher(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_build_command_rebuilds_the_public_map_from_the_store(tmp_path):
    empty = publisher(tmp_path / "empty", "build")
    assert empty.returncode == 1 and "nothing to build" in empty.stderr

    seeded = publisher(tmp_path / "demo", "demo", "--no-serve")
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    first = json.loads((tmp_path / "demo" / "public" / "current" / "manifest.json").read_text())

    in_step = publisher(tmp_path / "demo", "build")
    assert in_step.returncode == 0, in_step.stderr[-2000:]
    assert "already in step" in in_step.stdout and first["build_id"] in in_step.stdout

    shutil.rmtree(tmp_path / "demo" / "public")  # the public side lost: rebuilt from the store
    rebuilt = publisher(tmp_path / "demo", "build")
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    second = json.loads((tmp_path / "demo" / "public" / "current" / "manifest.json").read_text())
    assert second["build_id"] != first["build_id"] and second["build_id"] in rebuilt.stdout
    assert second["releases"] == first["releases"] and second["counts"] == first["counts"]
    assert second["counts"]["erhvervsareal"] > 0
