"""SIGKILL of the real `serve` process at every named stage of an approval and a rollback, on
SQLite and PostGIS: the store stays consistent (a change is all there or not at all), and after a
restart the public side (manifest, OGC API Features counts, tiles) equals the store's current
releases within seconds, with nothing lost.

Stages: before the commit; after the commit, before the build worker was even asked; during the
build (before the join); after the build, before the switch."""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pyogrio
import pytest
import requests

from loopback import stop_process
from publisher.auth import add_user
from publisher.publication import BuildWorker
from publisher.store import Store
from publisher.workflow import Workflow

from publisher_support import HVIDOVRE, site_attributes, start_serve

RESTART_DEADLINE = 120
APPROVAL_STAGES = ("approve.before_commit", "approve.after_commit", "build.join", "build.switch")
ROLLBACK_STAGES = ("rollback.before_commit", "rollback.after_commit", "build.join", "build.switch")


def _kill_while_paused(process: subprocess.Popen, marker: Path, request) -> None:
    """Send the request from a thread, wait until the server hangs at the checkpoint, SIGKILL."""
    thread = threading.Thread(target=lambda: _try(request))
    thread.start()
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert time.monotonic() < deadline, "the server never reached the checkpoint"
        assert process.poll() is None, process.stdout.read().decode()
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    thread.join(timeout=30)


def _try(request):
    try:
        return request()
    except requests.ConnectionError as error:  # killed before it answered
        return error


class Scenario:
    """Hvidovre with release 1 published (sites A and B public); an update that hides B and adds
    C waits for approval."""

    def __init__(self, settings, make_submission):
        self.settings = settings
        self.store = Store.open(settings.database)
        self.workflow = Workflow(self.store, settings)
        self.indsender, _ = add_user(self.store, "indsender", "indsender", HVIDOVRE, "test")
        self.godkender, self.token = add_user(self.store, "godkender", "godkender", None, "test")
        a, b = (site_attributes(HVIDOVRE, navn=name) for name in ("Areal A", "Areal B"))
        self.first = self.approve(self.submit(make_submission, [a, b]))
        hidden = {**b, "synlighed": "myndigheder"}
        self.update = self.submit(
            make_submission, [a, hidden, site_attributes(HVIDOVRE, navn="Areal C")]
        )
        assert BuildWorker(self.store, settings).reconcile() == "udgivet"

    def submit(self, make_submission, rows) -> int:
        path, _ = make_submission(HVIDOVRE, rows=rows, count=len(rows))
        answer = self.workflow.submit(self.indsender, HVIDOVRE, path.name, path.read_bytes())
        assert answer["status"] == "til_godkendelse", answer["report"]["findings"]
        return answer["id"]

    def approve(self, submission_id: int) -> int:
        return self.workflow.approve(self.godkender, submission_id)["release"]["id"]

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


def public_objects(store: Store) -> set[str]:
    ids = set()
    for state in store.kommune_states():
        for row in store.release_features(state.release_id):
            if row.layer == "erhvervsareal" and row.attributes.get("synlighed") == "offentlig":
                ids.add(row.objekt_id)
    return ids


def served_state(base: str) -> tuple[dict, int, set[str]] | None:
    """The served manifest's releases, the OGC count of erhvervsareal and the tiles' objekt_ids
    (None while a switch happened between the requests: the superseded build answers 410)."""
    config = requests.get(f"{base}/kort/config.json", timeout=10).json()
    manifest = requests.get(f"{base}{config['data']}manifest.json", timeout=10)
    items = requests.get(f"{base}/ogc/collections/erhvervsareal/items?limit=1", timeout=10).json()
    archive = requests.get(f"{base}{config['data']}tiles/overblik.pmtiles", timeout=30)
    if manifest.status_code != 200 or archive.status_code != 200:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "overblik.pmtiles"
        path.write_bytes(archive.content)
        tiles = pyogrio.read_dataframe(path, layer="erhvervsareal", ZOOM_LEVEL="15")
    return manifest.json()["releases"], items["numberMatched"], set(tiles["objekt_id"])


def assert_public_side_follows_the_store_after_restart(settings) -> None:
    store = Store.open(settings.database)
    wanted = {s.kommunekode: str(s.release_id) for s in store.kommune_states()}
    expected = public_objects(store)
    process, url = start_serve(settings)
    base = url.removesuffix("/api/v1")
    try:
        deadline = time.monotonic() + RESTART_DEADLINE
        while True:
            seen = served_state(base)
            if seen == (wanted, len(expected), expected):
                break
            assert time.monotonic() < deadline, (seen, wanted, expected)
            time.sleep(0.5)
        live = requests.get(
            f"{url}/kommuner/{HVIDOVRE}/releases",
            timeout=10,
            headers={
                "Authorization": f"Bearer {add_user(store, 'efter', 'godkender', None, 'test')[1]}"
            },
        )
        assert live.json()["public"]["live"] is True
    finally:
        stop_process(process)


@pytest.mark.parametrize("stage", APPROVAL_STAGES)
def test_kill_at_each_stage_of_an_approval(settings, make_submission, tmp_path, stage):
    scenario = Scenario(settings, make_submission)
    marker = tmp_path / "paused"
    process, url = start_serve(settings, pause=(stage, marker))
    _kill_while_paused(
        process,
        marker,
        lambda: requests.post(
            f"{url}/submissions/{scenario.update}/approve",
            json={"comment": "ok"},
            headers=scenario.headers(),
            timeout=120,
        ),
    )

    reopened = Store.open(settings.database)
    committed = stage != "approve.before_commit"
    assert reopened.submission(scenario.update).status == (
        "godkendt" if committed else "til_godkendelse"
    )
    assert len(reopened.releases(HVIDOVRE)) == (2 if committed else 1)
    approvals = [e for e in reopened.audit_log(HVIDOVRE) if e.action == "godkendt"]
    assert len(approvals) == (2 if committed else 1)
    assert_public_side_follows_the_store_after_restart(settings)
    if not committed:  # nothing was lost: the approval can be made now
        release, state = reopened.approve(scenario.update, "godkender", expected_version=1)
        assert (release.number, release.feature_count, state.version) == (2, 3, 2)


@pytest.mark.parametrize("stage", ROLLBACK_STAGES)
def test_kill_at_each_stage_of_a_rollback(settings, make_submission, tmp_path, stage):
    scenario = Scenario(settings, make_submission)
    second = scenario.approve(scenario.update)
    assert BuildWorker(scenario.store, settings).reconcile() == "udgivet"
    marker = tmp_path / "paused"
    process, url = start_serve(settings, pause=(stage, marker))
    _kill_while_paused(
        process,
        marker,
        lambda: requests.post(
            f"{url}/kommuner/{HVIDOVRE}/rollback",
            json={"release_id": scenario.first, "confirm_republish": True},
            headers=scenario.headers(),
            timeout=120,
        ),
    )

    reopened = Store.open(settings.database)
    state = reopened.kommune_state(HVIDOVRE)
    committed = stage != "rollback.before_commit"
    assert (state.release_id, state.version) == ((scenario.first, 3) if committed else (second, 2))
    assert ("rullet_tilbage" in [e.action for e in reopened.audit_log(HVIDOVRE)]) == committed
    assert_public_side_follows_the_store_after_restart(settings)
    if not committed:
        assert (
            reopened.rollback(HVIDOVRE, scenario.first, "godkender", expected_version=2).version
            == 3
        )
