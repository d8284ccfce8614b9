"""`python -m publisher serve` as deployed (waitress): the API, the pages, and the size limit."""
from __future__ import annotations

import json
import select
import socket
import time

import pytest
import requests

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
        answer = requests.post(f"{url}/submissions", data={"kommune": HVIDOVRE},
                               files={"file": ("a.gpkg", handle)},
                               headers={"Authorization": f"Bearer {token}"}, timeout=60)
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


def test_serve_refuses_a_huge_upload_before_reading_it(served):
    url, token, store = served
    host, port = url.removeprefix("http://").removesuffix("/api/v1").split(":")
    head = declare_huge_upload(host, int(port), token)
    assert head.startswith("HTTP/1.1 413"), head
    assert "Content-Type: application/json" in head, head
    assert store.submissions() == []


def _assert_json_too_large(answer: requests.Response) -> None:
    assert answer.status_code == 413, answer.text
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["code"] == "fil_for_stor"
    assert error["message_da"] == "Filen er større end grænsen på 0,1 MB."
    assert error["message_en"] == "The file is larger than the limit of 0.1 MB."


def test_serve_answers_an_oversized_upload_with_the_json_error(served):
    url, token, store = served
    for size in (3 * LIMIT, 200 * LIMIT):
        answer = requests.post(f"{url}/submissions", data={"kommune": HVIDOVRE},
                               files={"file": ("stor.gpkg", b"\0" * size)},
                               headers={"Authorization": f"Bearer {token}"}, timeout=60)
        _assert_json_too_large(answer)
    assert store.submissions() == []
    assert "indsendt" not in {e.action for e in store.audit_log()}


def test_serve_cuts_off_a_chunked_upload_without_length(served):
    url, token, store = served

    def endless_body():
        for _ in range(500):  # 32 MB, far more than the limit
            yield b"\0" * 65536

    answer = requests.post(f"{url}/submissions", data=endless_body(),
                           headers={"Authorization": f"Bearer {token}",
                                    "Content-Type": "multipart/form-data; boundary=x"},
                           timeout=60)
    _assert_json_too_large(answer)
    assert store.submissions() == []


def test_serve_answers_a_chunked_upload_while_it_is_still_being_sent(served):
    """The 413 comes while the client is still sending, so the server never waits for the end."""
    url, token, store = served
    host, port = url.removeprefix("http://").removesuffix("/api/v1").split(":")
    head = (f"POST /api/v1/submissions HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Type: multipart/form-data; boundary=x\r\n\r\n").encode()
    chunk = b"10000\r\n" + b"\0" * 65536 + b"\r\n"
    sent, budget = 0, 2000 * len(chunk)  # 128 MB, which the test never expects to send
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(head)
        deadline = time.monotonic() + 60
        while sent < budget and time.monotonic() < deadline:
            if select.select([connection], [], [], 0)[0]:
                break
            connection.sendall(chunk)
            sent += len(chunk)
        answer = b""
        while b"}}" not in answer:
            data = connection.recv(65536)
            if not data:
                break
            answer += data
    assert sent < budget, "the server never answered while the upload went on"
    status, _, body = answer.partition(b"\r\n\r\n")
    assert status.startswith(b"HTTP/1.1 413"), answer[:300]
    assert json.loads(body)["error"]["code"] == "fil_for_stor"
    assert store.submissions() == []


def test_a_configured_basemap_reaches_the_public_map(settings):
    process, url = start_serve(settings, {"OVERBLIKSKORT_BASEMAP_TILES_URL": BASEMAP,
                                          "OVERBLIKSKORT_BASEMAP_ATTRIBUTION": "© Klimadatastyrelsen"})
    try:
        root = url.removesuffix("/api/v1")
        config = requests.get(f"{root}/kort/config.json", timeout=30).json()
        assert config["basemap"] == {"tiles": BASEMAP, "attribution": "© Klimadatastyrelsen",
                                     "pmtiles": "", "flavor": "light"}
        policy = requests.get(f"{root}/kort/", timeout=30).headers["Content-Security-Policy"]
        assert "img-src 'self' data: blob: https://basemap.example.dk;" in policy
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_on_postgis_gives_its_pooled_connections_back_when_stopped(
        store_templates, tmp_path, request):
    import psycopg

    settings = store_templates("postgis", request).copy_to(tmp_path / "pg", request)
    store = Store.open(settings.database)
    _, token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    store.close()
    process, url = start_serve(settings, {})
    try:
        for _ in range(5):
            answer = requests.get(f"{url}/submissions", timeout=30,
                                  headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200 and answer.json()["submissions"] == []
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
    deadline, left = time.monotonic() + 10, None
    while left != 0 and time.monotonic() < deadline:
        with psycopg.connect(settings.database_url) as probe:
            left = probe.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                 "current_database() AND pid <> pg_backend_pid()").fetchone()[0]
        time.sleep(0.1 if left else 0)
    assert left == 0
