"""The store under concurrent use: changes of one kommune serialize through explicit versions
(both backends, PostGIS through a deliberately small connection pool); the PostGIS pool reuses a
few connections and gives them all back when the store closes."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest

from publisher.store import Conflict, Store, StoreUnavailable
from publisher.store.store import Rebase
from publisher.store.backends import PostgisBackend

from publisher_support import HVIDOVRE, KOEBENHAVN, add_stored_submission, at_once

THREADS = 8


@pytest.fixture
def small_pool_store(settings, backend):
    """The test's store; on PostGIS with a pool of 3 connections for 8 threads."""
    store = (
        Store(PostgisBackend(settings.database_url, pool_size=3))
        if backend == "postgis"
        else Store.open(settings.database)
    )
    yield store
    store.close()


def _approve_until_it_lands(store: Store, submission_id: int, kommune: str) -> tuple[int, int]:
    """Read the kommune's state, approve against its current release and version, and on a
    conflict read again and retry (each submission was queued before any release existed, so
    once one lands the others are approved explicitly against the newer release)."""
    for _ in range(100):
        current = store.kommune_state(kommune)
        rebase = (
            None
            if current.release_id is None
            else Rebase(
                current.release_id,
                "1.0.0",
                {"summary": {"blokerende": 0}},
                "abc",
                store.submission_features(submission_id),
                {},
            )
        )
        try:
            release, state = store.approve(
                submission_id, "godkender", expected_version=current.version, rebase=rebase
            )
            return release.number, state.version
        except Conflict:
            continue
    raise AssertionError("never landed")


def test_concurrent_approvals_of_one_kommune_are_serialized_with_no_lost_update(small_pool_store):
    store = small_pool_store
    ids = [add_stored_submission(store, HVIDOVRE) for _ in range(THREADS)]
    landed = at_once([lambda i=i: _approve_until_it_lands(store, i, HVIDOVRE) for i in ids])
    assert sorted(number for number, _ in landed) == list(range(1, THREADS + 1))
    assert sorted(version for _, version in landed) == list(range(1, THREADS + 1))
    state = store.kommune_state(HVIDOVRE)
    assert state.version == THREADS
    releases = store.releases(HVIDOVRE)
    assert [r.number for r in releases] == list(range(THREADS, 0, -1))
    assert state.release_id == releases[0].id and releases[0].current
    approvals = [e for e in store.audit_log(HVIDOVRE) if e.action == "godkendt"]
    assert sorted(e.details["version"] for e in approvals) == list(range(1, THREADS + 1))


def test_concurrent_approvals_at_one_version_let_exactly_one_win(small_pool_store):
    store = small_pool_store
    ids = [add_stored_submission(store, HVIDOVRE) for _ in range(THREADS)]

    def approve(submission_id):
        try:
            return store.approve(submission_id, "godkender", expected_version=0)[1].version
        except Conflict:
            return "konflikt"

    outcomes = at_once([lambda i=i: approve(i) for i in ids])
    assert sorted(outcomes, key=str) == [1] + ["konflikt"] * (THREADS - 1)
    assert len(store.releases(HVIDOVRE)) == 1
    assert [s.status for s in store.submissions(HVIDOVRE)].count("godkendt") == 1


def test_kommuner_approved_at_once_do_not_block_each_other(small_pool_store):
    store = small_pool_store
    work = [
        (kommune, add_stored_submission(store, kommune))
        for kommune in (HVIDOVRE, KOEBENHAVN)
        for _ in range(THREADS // 2)
    ]
    at_once([lambda k=k, i=i: _approve_until_it_lands(store, i, k) for k, i in work])
    states = {s.kommunekode: s.version for s in store.kommune_states()}
    assert states == {HVIDOVRE: THREADS // 2, KOEBENHAVN: THREADS // 2}


@pytest.fixture
def postgis_dsn(store_templates, tmp_path, request) -> str:
    return store_templates("postgis", request).copy_to(tmp_path / "pg", request).database_url


def _connections_to(dsn: str) -> int:
    with psycopg.connect(dsn) as probe:
        return probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = "
            "current_database() AND pid <> pg_backend_pid()"
        ).fetchone()[0]


def _no_connections_left(dsn: str) -> bool:
    """A server process ends a moment after its client closed the connection."""
    deadline = time.monotonic() + 10
    while _connections_to(dsn) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _connections_to(dsn) == 0


def test_the_pool_reuses_a_few_connections_and_closes_them_all(postgis_dsn):
    store = Store(PostgisBackend(postgis_dsn, pool_size=3))

    def backend_pid(_):
        with store.transaction() as tx:
            pid = tx.one("SELECT pg_backend_pid()")[0]
            time.sleep(0.01)
            return pid

    with ThreadPoolExecutor(THREADS) as pool:
        pids = set(pool.map(backend_pid, range(60)))
    assert 1 <= len(pids) <= 3
    assert 1 <= _connections_to(postgis_dsn) <= 3
    store.close()
    assert _no_connections_left(postgis_dsn)
    with pytest.raises(StoreUnavailable) as refused:
        store.kommune_state(HVIDOVRE)
    assert "Databasen er ikke tilgængelig" in refused.value.message_da


def test_a_failed_transaction_gives_back_a_clean_connection(postgis_dsn):
    store = Store(PostgisBackend(postgis_dsn, pool_size=1))
    try:
        with pytest.raises(psycopg.errors.UndefinedTable), store.transaction() as tx:
            tx.execute("SELECT * FROM findes_ikke")
        assert store.kommune_state(HVIDOVRE).version == 0
        with pytest.raises(Conflict):
            store.approve(add_stored_submission(store, HVIDOVRE), "godkender", expected_version=5)
        assert store.kommune_state(HVIDOVRE).version == 0
        assert store.releases(HVIDOVRE) == []
    finally:
        store.close()


def test_the_api_answers_503_in_both_languages_when_the_database_is_gone(postgis_dsn, tmp_path):
    import requests
    from loopback import LoopbackServer

    from publisher.api import create_app
    from publisher.settings import Settings

    settings = Settings.load(data_dir=tmp_path / "data", environ={}, database_url=postgis_dsn)
    store = Store.open(postgis_dsn)
    app = create_app(settings, store=store, release_hooks=[], blueprints=[])
    store.close()
    with LoopbackServer(app) as running:
        answer = requests.get(
            f"{running.url}/api/v1/submissions",
            timeout=30,
            headers={"Authorization": "Bearer noget"},
        )
    assert answer.status_code == 503
    error = answer.json()["error"]
    assert error["code"] == "database_utilgaengelig"
    assert error["message_en"] == "The database is not available right now; try again shortly."
