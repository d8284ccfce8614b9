"""`python -m publisher serve` as deployed (waitress): the API, the pages, and the size limit."""

from __future__ import annotations

import select
import socket
import time

import pytest
import requests

from publisher.api.serving import MULTIPART_OVERHEAD, WAITRESS_CAP_FACTOR
from publisher.auth import add_user
from publisher.store import Store

from publisher_support import HVIDOVRE, declare_huge_upload, start_serve

BASEMAP = "https://basemap.example.dk/wmts/{z}/{x}/{y}.png"
LIMIT = 100_000


@pytest.fixture
def served(settings):
    store = Store.open(settings.database)
    _, token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    process, url = start_serve(settings, {"OVERBLIKSKORT_MAX_UPLOAD_BYTES": str(LIMIT)})
    yield url, token, store
    process.terminate()
    process.wait(timeout=30)


def test_serve_answers_api_and_pages(served, make_submission):
    url, token, store = served
    root = url.removesuffix("/api/v1")
    assert requests.get(f"{root}/godkend/", timeout=30).status_code == 200
    assert requests.get(f"{root}/kort/", timeout=30).status_code == 200
    path, _ = make_submission(HVIDOVRE, count=1)
    with open(path, "rb") as handle:
        answer = requests.post(
            f"{url}/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": ("a.gpkg", handle)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
    assert answer.status_code == 201, answer.text
    assert [s.id for s in store.submissions()] == [answer.json()["id"]]


def test_the_bare_address_leads_to_the_public_map(served):
    url, _, _ = served
    root = url.removesuffix("/api/v1")
    first = requests.get(f"{root}/", allow_redirects=False, timeout=30)
    assert first.status_code == 302 and first.headers["Location"].endswith("/kort/")
    landed = requests.get(f"{root}/", timeout=30)
    assert landed.url == f"{root}/kort/" and landed.status_code == 200
    assert "text/html" in landed.headers["Content-Type"]


def _assert_json_too_large(answer: requests.Response) -> None:
    assert answer.status_code == 413, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["code"] == "fil_for_stor"
    assert error["message_da"] == "Filen er større end grænsen på 0,1 MB."
    assert error["message_en"] == "The file is larger than the limit of 0.1 MB."


# Without nginx in front (deploy/ sets the limit there), `serve` keeps two layers: the app's
# JSON 413 for any body up to waitress's cap (WAITRESS_CAP_FACTOR times the limit), and past
# the cap waitress's own plain 413, at once, as the last guard.
CAP = WAITRESS_CAP_FACTOR * (LIMIT + MULTIPART_OVERHEAD)


def test_serve_answers_an_oversized_upload_with_the_json_error(served):
    url, token, store = served
    for size in (2 * LIMIT, CAP - 2 * MULTIPART_OVERHEAD):
        answer = requests.post(
            f"{url}/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": ("stor.gpkg", b"\0" * size)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
        _assert_json_too_large(answer)
    assert store.submissions() == []
    assert "indsendt" not in {e.action for e in store.audit_log()}


def test_serve_answers_a_chunked_upload_over_the_limit_with_the_json_error(served):
    url, token, store = served

    def chunks():
        for _ in range(5):  # 320 kB against a limit of 100 kB, under waitress's cap
            yield b"\0" * 65536

    answer = requests.post(
        f"{url}/submissions",
        data=chunks(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "multipart/form-data; boundary=x",
        },
        timeout=60,
    )
    _assert_json_too_large(answer)
    assert store.submissions() == []


def test_waitress_refuses_a_huge_declared_upload_at_once(served):
    url, token, store = served
    host, port = url.removeprefix("http://").removesuffix("/api/v1").split(":")
    head = declare_huge_upload(host, int(port), token)
    assert head.startswith("HTTP/1.1 413"), head
    assert store.submissions() == []


def test_waitress_stops_an_endless_chunked_upload_at_its_cap(served):
    """The last guard: waitress stops reading at its cap and closes, so an upload that never
    ends neither runs on nor fills the disk (the client sees the 413 or a closed connection)."""
    url, token, store = served
    host, port = url.removeprefix("http://").removesuffix("/api/v1").split(":")
    head = (
        f"POST /api/v1/submissions HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\n\r\n"
    ).encode()
    chunk = b"10000\r\n" + b"\0" * 65536 + b"\r\n"
    sent, budget, answer = 0, 2000 * len(chunk), b""  # 128 MB, far past the cap
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        try:
            connection.sendall(head)
            deadline = time.monotonic() + 60
            while sent < budget and time.monotonic() < deadline:
                if select.select([connection], [], [], 0)[0]:
                    break
                connection.sendall(chunk)
                sent += len(chunk)
            answer = connection.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            pass
    assert sent < budget, "the server read on past its cap"
    assert answer == b"" or answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert store.submissions() == []


def test_a_configured_basemap_reaches_the_public_map(settings):
    process, url = start_serve(
        settings,
        {
            "OVERBLIKSKORT_BASEMAP_TILES_URL": BASEMAP,
            "OVERBLIKSKORT_BASEMAP_ATTRIBUTION": "© Klimadatastyrelsen",
        },
    )
    try:
        root = url.removesuffix("/api/v1")
        config = requests.get(f"{root}/kort/config.json", timeout=30).json()
        assert config["basemap"] == {
            "tiles": BASEMAP,
            "attribution": "© Klimadatastyrelsen",
            "pmtiles": "",
            "flavor": "light",
        }
        policy = requests.get(f"{root}/kort/", timeout=30).headers["Content-Security-Policy"]
        assert "img-src 'self' data: blob: https://basemap.example.dk;" in policy
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_on_postgis_gives_its_pooled_connections_back_when_stopped(
    store_templates, tmp_path, request
):
    import psycopg

    settings = store_templates("postgis", request).copy_to(tmp_path / "pg", request)
    store = Store.open(settings.database)
    _, token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    store.close()
    process, url = start_serve(settings, {})
    try:
        for _ in range(5):
            answer = requests.get(
                f"{url}/submissions", timeout=30, headers={"Authorization": f"Bearer {token}"}
            )
            assert answer.status_code == 200 and answer.json()["submissions"] == []
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    deadline, left = time.monotonic() + 10, None
    while left != 0 and time.monotonic() < deadline:
        with psycopg.connect(settings.database_url) as probe:
            left = probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                "current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]
        time.sleep(0.1 if left else 0)
    assert left == 0
