"""The public side follows the store: approvals answer once committed, the background build
worker publishes, coalesces, retries and audits failures, and never builds in two processes at
once. Real store (SQLite and PostGIS), real tippecanoe, real Flask app."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from pathlib import Path

from publisher.api import create_app
from publisher.auth import add_user
from publisher.outputs import TileTools, current_build
from publisher.publication import BuildWorker, published_manifest
from publisher.store import Store
from publisher.workflow import Workflow

from publisher_support import HVIDOVRE, KOEBENHAVN, site_attributes

DEADLINE_SECONDS = 180


def wait_until_live(client, kommune: str, headers: dict) -> dict:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        answer = client.get(f"/api/v1/kommuner/{kommune}/releases", headers=headers).get_json()
        if answer["public"]["live"]:
            return answer
        assert time.monotonic() < deadline, answer["public"]
        time.sleep(0.2)


def test_approval_answers_at_once_and_the_worker_publishes_and_rolls_back(
    settings, make_submission
):
    app = create_app(settings)
    client = app.test_client()
    store = app.extensions["overblikskort.store"]
    _, submitter = add_user(store, "kommune", "indsender", HVIDOVRE, "test")
    _, approver = add_user(store, "erst", "godkender", None, "test")
    godkender = {"Authorization": f"Bearer {approver}"}
    releases = []
    for name in ("Offentligt areal", "Omdøbt areal"):
        rows = [
            site_attributes(HVIDOVRE, navn=name),
            site_attributes(HVIDOVRE, navn="Hemmeligt areal", synlighed="myndigheder"),
        ]
        path, _ = make_submission(HVIDOVRE, rows=rows, count=len(rows))
        with open(path, "rb") as handle:
            submitted = client.post(
                "/api/v1/submissions",
                data={"kommune": HVIDOVRE, "file": (handle, "a.gpkg")},
                headers={"Authorization": f"Bearer {submitter}"},
            )
        assert submitted.status_code == 201, submitted.get_json()
        approved = client.post(
            f"/api/v1/submissions/{submitted.get_json()['id']}/approve", json={}, headers=godkender
        )
        assert approved.status_code == 200 and approved.get_json()["public_build"] == "i_koe"
        release_id = approved.get_json()["release"]["id"]
        releases.append(release_id)
        shown = wait_until_live(client, HVIDOVRE, godkender)["public"]
        assert shown["release_id"] == release_id and shown["published_at"]
        published = (
            current_build(settings.public_path) / "downloads" / "erhvervsareal.geojson"
        ).read_text()
        assert "Hemmeligt areal" not in published and name in published
    rolled_back = client.post(
        f"/api/v1/kommuner/{HVIDOVRE}/rollback",
        json={"release_id": releases[0], "confirm_republish": True},
        headers=godkender,
    )
    assert rolled_back.get_json()["public_build"] == "i_koe"
    assert wait_until_live(client, HVIDOVRE, godkender)["public"]["release_id"] == releases[0]
    features = json.loads(
        (current_build(settings.public_path) / "downloads" / "erhvervsareal.geojson").read_text()
    )["features"]
    assert [f["properties"]["navn"] for f in features] == ["Offentligt areal"]
    app.extensions["overblikskort.publication"].stop()


def failing_tippecanoe(folder: Path) -> str:
    script = folder / "tippecanoe"
    script.write_text("#!/bin/sh\necho 'tippecanoe: out of disk space (simulated)' >&2\nexit 1\n")
    script.chmod(0o755)
    return str(script)


def approved_release(store: Store, settings, make_submission, kommune: str = HVIDOVRE) -> int:
    """A release of the kommune made through the workflow (no build: the tests run the worker)."""
    submitter, _ = add_user(store, f"kommune{time.monotonic_ns()}", "indsender", kommune, "test")
    approver = (
        next((u for u in store.users() if u.role == "godkender"), None)
        or add_user(store, "erst", "godkender", None, "test")[0]
    )
    workflow = Workflow(store, settings)
    path, _ = make_submission(kommune, count=1)
    submitted = workflow.submit(submitter, kommune, "a.gpkg", path.read_bytes())
    return workflow.approve(approver, submitted["id"])["release"]["id"]


def test_a_failed_build_is_audited_and_retried_until_the_public_side_is_in_step(
    settings, make_submission, tmp_path
):
    store = Store.open(settings.database)
    release_id = approved_release(store, settings, make_submission)
    broken = replace(TileTools.locate(), tippecanoe=failing_tippecanoe(tmp_path))
    worker = BuildWorker(store, settings, tools=broken)

    assert worker.reconcile() == "fejlede"
    assert current_build(settings.public_path) is None
    failure = store.audit_log(HVIDOVRE)[0]
    assert failure.action == "offentlig_build_fejlede"
    assert "out of disk space" in failure.details["error"] and failure.details["kommuner"] == [
        HVIDOVRE
    ]
    status = worker.status()
    assert status["state"] == "fejlede" and status["retry_at"]
    assert store.kommune_state(HVIDOVRE).release_id == release_id  # the release stands

    worker.tools = TileTools.locate()  # the disk has room again: the retry publishes
    assert worker.reconcile() == "udgivet"
    assert published_manifest(settings.public_path)["releases"] == {HVIDOVRE: str(release_id)}
    assert worker.status()["state"] == "klar"
    assert worker.reconcile() == "uaendret"


def test_requests_during_a_build_are_coalesced_into_one_more_build(settings, make_submission):
    store = Store.open(settings.database)
    approved_release(store, settings, make_submission, HVIDOVRE)
    in_join, go_on = threading.Event(), threading.Event()
    switches = []

    def checkpoint(name: str) -> None:
        if name == "build.join" and not in_join.is_set():
            in_join.set()
            go_on.wait(120)
        if name == "build.switch":
            switches.append(name)

    worker = BuildWorker(store, settings, checkpoint=checkpoint, poll_seconds=3600)
    worker.request(HVIDOVRE)
    assert in_join.wait(120)
    assert worker.status()["state"] == "bygger" and worker.status()["phase"] == "join"
    newer = approved_release(store, settings, make_submission, KOEBENHAVN)
    for _ in range(5):
        worker.request(KOEBENHAVN)
    go_on.set()
    deadline = time.monotonic() + DEADLINE_SECONDS
    while (published_manifest(settings.public_path) or {}).get("releases", {}).get(
        KOEBENHAVN
    ) != str(newer):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    time.sleep(1)
    worker.stop()
    assert len(switches) == 2


def test_two_processes_never_build_at_once(settings, make_submission):
    """Two workers, each with its own store connection as two publisher processes have."""
    first_store = Store.open(settings.database)
    approved_release(first_store, settings, make_submission)
    in_join, go_on = threading.Event(), threading.Event()

    def hold(name: str) -> None:
        if name == "build.join":
            in_join.set()
            go_on.wait(120)

    first = BuildWorker(first_store, settings, checkpoint=hold)
    second = BuildWorker(Store.open(settings.database), settings)
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.setdefault("first", first.reconcile()))
    thread.start()
    assert in_join.wait(120)
    assert second.reconcile(wait=False) == "optaget"
    go_on.set()
    thread.join(DEADLINE_SECONDS)
    assert outcome["first"] == "udgivet"
    assert second.reconcile() == "uaendret"  # the first already published this state
