"""`python -m publisher serve` as deployed (waitress): the API, the pages, and the size limit."""
from __future__ import annotations

import pytest
import requests

from publisher.auth import add_user
from publisher.store import Store

from publisher_support import HVIDOVRE, declare_huge_upload, start_serve

BASEMAP = "https://basemap.example.dk/wmts/{z}/{x}/{y}.png"


@pytest.fixture
def served(settings):
    store = Store.open(settings.database)
    _, token = add_user(store, "hvidovre", "indsender", HVIDOVRE, "test")
    process, url = start_serve(settings, {"OVERBLIKSKORT_MAX_UPLOAD_BYTES": "100000"})
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
    assert store.submissions() == []


def test_a_configured_basemap_reaches_the_public_map(settings):
    process, url = start_serve(settings, {"OVERBLIKSKORT_BASEMAP_TILES_URL": BASEMAP,
                                          "OVERBLIKSKORT_BASEMAP_ATTRIBUTION": "© Klimadatastyrelsen"})
    try:
        root = url.removesuffix("/api/v1")
        config = requests.get(f"{root}/kort/config.json", timeout=30).json()
        assert config["basemap"] == {"tiles": BASEMAP, "attribution": "© Klimadatastyrelsen"}
        policy = requests.get(f"{root}/kort/", timeout=30).headers["Content-Security-Policy"]
        assert "img-src 'self' data: blob: https://basemap.example.dk;" in policy
    finally:
        process.terminate()
        process.wait(timeout=30)
