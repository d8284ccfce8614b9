"""SIGKILL of the real `serve` process in the middle of an approval or rollback: the store stays
consistent (the change is all there or not at all) and works on afterwards."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from publisher.auth import add_user
from publisher.store import Store
from publisher.workflow import Workflow

from publisher_support import HVIDOVRE, start_serve


def _kill_while_paused(process: subprocess.Popen, marker: Path, request) -> None:
    """Send the request from a thread, wait until the server hangs at the checkpoint, SIGKILL."""
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("answer", _try(request)))
    thread.start()
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert time.monotonic() < deadline, "the server never reached the checkpoint"
        assert process.poll() is None, process.stdout.read().decode()
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    thread.join(timeout=30)
    assert isinstance(outcome["answer"], requests.ConnectionError), outcome


def _try(request):
    try:
        return request()
    except requests.ConnectionError as error:
        return error


@pytest.fixture
def prepared(settings, make_submission):
    store = Store.open(settings.database)
    workflow = Workflow(store, settings, [])
    indsender, _ = add_user(store, "indsender", "indsender", HVIDOVRE, "test")
    _, token = add_user(store, "godkender", "godkender", None, "test")

    def pending() -> int:
        path, _ = make_submission(HVIDOVRE, count=2)
        answer = workflow.submit(indsender, HVIDOVRE, path.name, path.read_bytes())
        assert answer["status"] == "til_godkendelse"
        return answer["id"]

    return store, token, pending


@pytest.mark.parametrize("pause_at", ["approve.after_release", "approve.before_commit"])
def test_kill_during_approval_leaves_the_store_consistent(settings, prepared, tmp_path, pause_at):
    store, token, pending = prepared
    submission_id = pending()
    marker = tmp_path / "paused"
    process, url = start_serve(settings, {"OVERBLIKSKORT_PAUSE_AT": pause_at,
                                            "OVERBLIKSKORT_PAUSE_MARKER": str(marker)})
    _kill_while_paused(process, marker, lambda: requests.post(
        f"{url}/submissions/{submission_id}/approve", json={"comment": "ok"},
        headers={"Authorization": f"Bearer {token}"}, timeout=120))

    reopened = Store.open(settings.database)
    assert reopened.submission(submission_id).status == "til_godkendelse"
    assert reopened.releases(HVIDOVRE) == []
    assert reopened.kommune_state(HVIDOVRE).version == 0
    with reopened.transaction() as tx:
        assert tx.one("SELECT COUNT(*) FROM release_features")[0] == 0
    assert "godkendt" not in [e.action for e in reopened.audit_log()]
    release, state = reopened.approve(submission_id, "godkender", expected_version=0)
    assert (release.number, release.feature_count, state.version) == (1, 2, 1)


def test_kill_during_rollback_leaves_the_pointer_where_it_was(settings, prepared, tmp_path):
    store, token, pending = prepared
    first = store.approve(pending(), "godkender")[0]
    second = store.approve(pending(), "godkender")[0]
    marker = tmp_path / "paused"
    process, url = start_serve(settings, {
        "OVERBLIKSKORT_PAUSE_AT": "rollback.before_commit", "OVERBLIKSKORT_PAUSE_MARKER": str(marker)})
    _kill_while_paused(process, marker, lambda: requests.post(
        f"{url}/kommuner/{HVIDOVRE}/rollback",
        json={"release_id": first.id, "confirm_republish": True},
        headers={"Authorization": f"Bearer {token}"}, timeout=120))

    reopened = Store.open(settings.database)
    state = reopened.kommune_state(HVIDOVRE)
    assert (state.release_id, state.version) == (second.id, 2)
    assert "rullet_tilbage" not in [e.action for e in reopened.audit_log(HVIDOVRE)]
    assert reopened.rollback(HVIDOVRE, first.id, "godkender", expected_version=2).version == 3
