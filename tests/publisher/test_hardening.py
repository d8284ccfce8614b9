"""Small hardening points: nosniff on every answer, a private data folder and database, and
temporary uploads a killed process left behind removed at start-up."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from loopback import stop_process
from publisher.settings import Settings
from publisher.store import Store
from publisher.workflow.uploads import remove_stale_uploads, upload_folder

from publisher_support import start_serve


def test_every_part_sends_nosniff(settings):
    from publisher.api import create_app

    client = create_app(settings).test_client()
    for path in (
        "/api/v1/openapi.json",
        "/api/v1/me",
        "/api/v1/submissions/1",
        "/kort/",
        "/kort/config.json",
        "/kort/app/app.js",
        "/kort/data/20260101T000000000000Z-abcdef/x.json",
        "/ogc",
        "/ogc/collections",
        "/godkend/",
        "/godkend/app/review.js",
    ):
        answer = client.get(path)
        assert answer.headers.get("X-Content-Type-Options") == "nosniff", (path, answer.status_code)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_data_folder_and_database_are_private(tmp_path, backend):
    data_dir = tmp_path / "ny" / "data"
    settings = Settings.load(data_dir=data_dir, environ={})
    Store.open(settings.database).record("test", "noget")
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for name in os.listdir(data_dir):
        assert stat.S_IMODE((data_dir / name).stat().st_mode) & 0o077 == 0, name


def dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def test_uploads_of_a_killed_process_are_removed_and_live_ones_kept(tmp_path):
    with upload_folder(tmp_path) as ours:  # what a restarted process with our pid finds stale
        assert ours.name.startswith(f"upload-{os.getpid()}-")
    running = tmp_path / "tmp" / f"upload-{os.getppid()}-x0"  # another process, still running
    stale = tmp_path / "tmp" / f"upload-{dead_pid()}-x1"
    for folder in (running, stale):
        folder.mkdir()
        (folder / "indsendelse.gpkg").write_bytes(b"GPKG")
    assert remove_stale_uploads(tmp_path) == [stale.name]
    assert running.is_dir() and not stale.exists()


@pytest.mark.parametrize("backend", ["sqlite"])
def test_serve_removes_uploads_left_by_a_killed_process(settings):
    stale = settings.data_dir / "tmp" / f"upload-{dead_pid()}-x2"
    stale.mkdir(parents=True)
    (stale / "indsendelse.gpkg").write_bytes(b"GPKG")
    process, _ = start_serve(settings)
    try:
        assert not stale.exists()
    finally:
        stop_process(process)
