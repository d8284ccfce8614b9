"""Seeding the demo store in-process: idempotent, and it finishes what an interrupted run began."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from publisher.demo.data import generate_demo, write_submission
from publisher.demo.kommuner import DEMO_KOMMUNER
from publisher.demo.seed import (
    GODKENDER,
    ensure_demo_users,
    import_demo_references,
    indsender_name,
    seed_demo,
)
from publisher.settings import Settings
from publisher.store import open_store
from publisher.workflow import Workflow

FIRST_DAY = dt.date(2026, 11, 26)
KOMMUNEKODER = [kommune.kommunekode for kommune in DEMO_KOMMUNER]


def quiet(line: str) -> None:
    """The seeding's progress lines are for people; the tests read the store."""


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings.load(data_dir=tmp_path / "demo", environ={})


def counts(store) -> tuple:
    return (
        len(store.submissions()),
        sum(len(store.releases(code)) for code in KOMMUNEKODER),
        len(store.users()),
    )


def test_a_later_run_on_another_day_with_other_data_changes_nothing(settings):
    first = seed_demo(settings, shared_data=None, today=FIRST_DAY, say=quiet)
    assert set(first.published) == set(KOMMUNEKODER)
    store = open_store(settings)
    before = counts(store)
    assert before == (4, 3, 5)
    assert first.awaiting_approval is not None
    build = first.public_build

    shared = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
    again = seed_demo(
        settings, shared_data=shared, today=FIRST_DAY + dt.timedelta(days=400), say=quiet
    )
    assert again.published == {} and again.already_published == first.published
    assert again.awaiting_approval is None
    assert again.references_imported == []
    assert again.boundary_source == first.boundary_source
    assert again.public_build == build
    assert counts(store) == before
    assert [user.token for user in again.users] == [user.token for user in first.users]


def test_a_run_interrupted_before_approval_is_finished_without_a_second_submission(settings):
    store = open_store(settings)
    dataset = generate_demo(today=FIRST_DAY)
    import_demo_references(store, dataset, Path(settings.data_dir) / "referencer", quiet)
    ensure_demo_users(store, dataset.kommunekoder, Path(settings.data_dir))
    users = {user.name: user for user in store.users()}
    path = write_submission(dataset, "0167", Path(settings.data_dir) / "hvidovre.gpkg")
    pending = Workflow(store, settings).submit(
        users[indsender_name("0167")], "0167", path.name, path.read_bytes()
    )
    assert pending["status"] == "til_godkendelse"

    result = seed_demo(settings, shared_data=None, today=FIRST_DAY, say=quiet)
    assert set(result.published) == set(KOMMUNEKODER)
    hvidovre = store.submissions("0167")
    assert [(s.id, s.status) for s in hvidovre] == [(pending["id"], "godkendt")]
    release = store.release(result.published["0167"])
    assert release.source_submission_id == pending["id"] and release.created_by == GODKENDER
