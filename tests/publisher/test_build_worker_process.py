"""The production layout's split: API processes started with `serve --no-build-worker` build
nothing and signal the one `build-worker` process (NOTIFY on PostGIS, a request file on SQLite),
which also catches up at start-up with what changed while it was down."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from loopback import stop_process
from publisher.auth import add_user
from publisher.store import Store

from publisher_support import HVIDOVRE, start_serve

DEADLINE_SECONDS = 180


def _start_build_worker(settings) -> subprocess.Popen:
    env = {**os.environ, "OVERBLIKSKORT_DATABASE_URL": settings.database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "publisher", "--data-dir", str(settings.data_dir), "build-worker"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    banner = process.stdout.readline()  # printed once it listens for requests
    assert "build worker:" in banner, banner + process.stdout.read()
    return process


def _live(url: str, token: str) -> dict | None:
    public = requests.get(
        f"{url}/kommuner/{HVIDOVRE}/releases",
        timeout=30,
        headers={"Authorization": f"Bearer {token}"},
    ).json()["public"]
    return public if public["live"] and public["build_id"] else None


def _wait_live(url: str, token: str) -> dict:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not (public := _live(url, token)):
        assert time.monotonic() < deadline, "the public side never came in step"
        time.sleep(0.3)
    return public


def _approve(url: str, token: str, submitter: str, path: Path) -> dict:
    with open(path, "rb") as handle:
        submitted = requests.post(
            f"{url}/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": (path.name, handle)},
            timeout=120,
            headers={"Authorization": f"Bearer {submitter}"},
        )
    assert submitted.status_code == 201, submitted.text
    approved = requests.post(
        f"{url}/submissions/{submitted.json()['id']}/approve",
        json={},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    )
    assert approved.status_code == 200, approved.text
    return approved.json()


def test_api_processes_signal_the_build_worker_process(settings, make_submission):
    store = Store.open(settings.database)
    _, submitter = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    _, approver = add_user(store, "erst", "godkender", None, "test")
    first, first_url = start_serve(settings, options=("--no-build-worker",))
    second, second_url = start_serve(settings, options=("--no-build-worker",))
    worker = None
    try:
        # No build worker yet: the approval stands and waits for one.
        answer = _approve(first_url, approver, submitter, make_submission(HVIDOVRE, count=1)[0])
        assert answer["public_build"] == "i_koe"
        assert _live(second_url, approver) is None
        worker = _start_build_worker(settings)
        before = _wait_live(second_url, approver)  # caught up at start-up
        assert before["worker"]["state"] == "separat_proces"

        # With the worker running, an approval through the other process is signalled to it.
        _approve(second_url, approver, submitter, make_submission(HVIDOVRE, count=2)[0])
        after = _wait_live(first_url, approver)
        assert after["build_id"] != before["build_id"]
        for url in (first_url, second_url):
            config = requests.get(url.removesuffix("/api/v1") + "/kort/config.json", timeout=30)
            assert config.json()["build"] == after["build_id"]
        # Only the start-up found the public side out of step; the second build came from the
        # signal, not from the worker's minute poll.
        assert [e.action for e in store.audit_log(HVIDOVRE)].count(
            "offentlig_side_ude_af_trit"
        ) == 1
        worker.terminate()
        assert worker.wait(timeout=60) == 0
    finally:
        for process in (first, second, worker):
            if process is not None:
                stop_process(process)
        store.close()


def test_the_migrate_command_brings_a_new_store_up_to_date_once(tmp_path):
    def migrate() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "publisher", "--data-dir", str(tmp_path), "migrate"],
            capture_output=True,
            text=True,
            timeout=120,
            env={k: v for k, v in os.environ.items() if not k.startswith("OVERBLIKSKORT_")},
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    first, again = migrate(), migrate()
    version = Store.open(f"sqlite:///{tmp_path / 'overblikskort.sqlite'}").schema_version()
    assert f"schema migrated to version {version}" in first
    assert f"schema already at version {version}" in again
