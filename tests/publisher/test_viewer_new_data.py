"""An open public map learns of new data: a godkender approves a submission on the approval pages
in another tab of the same browser, the background build worker publishes it, and the map tab
offers "Kortet er opdateret – vis nye data"; choosing it shows the new site. Real store, real
build worker and tippecanoe, real Chromium."""

from __future__ import annotations

import time

import pytest

from loopback import free_port
from publisher.api import create_app
from publisher.auth import add_user
from publisher_support import HVIDOVRE, serve_in_thread, site_attributes

pytestmark = pytest.mark.browser
READY = "() => window.overblikskort && window.overblikskort.ready"


@pytest.fixture
def backend() -> str:
    return "sqlite"


def submit(client_headers, server_url: str, path, requests_module) -> int:
    with open(path, "rb") as handle:
        answer = requests_module.post(
            f"{server_url}/api/v1/submissions",
            data={"kommune": HVIDOVRE},
            files={"file": ("a.gpkg", handle)},
            headers=client_headers,
            timeout=120,
        )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]


def wait_live(server_url: str, headers: dict, requests_module) -> None:
    deadline = time.monotonic() + 180
    while not requests_module.get(
        f"{server_url}/api/v1/kommuner/{HVIDOVRE}/releases", headers=headers, timeout=30
    ).json()["public"]["live"]:
        assert time.monotonic() < deadline
        time.sleep(0.3)


def test_the_map_offers_new_data_after_an_approval_in_another_tab(
    settings, make_submission, browser
):
    import requests

    app = create_app(settings)
    store = app.extensions["overblikskort.store"]
    submitter = {
        "Authorization": f"Bearer {add_user(store, 'kommune', 'indsender', HVIDOVRE, 'test')[1]}"
    }
    approver_token = add_user(store, "erst", "godkender", None, "test")[1]
    approver = {"Authorization": f"Bearer {approver_token}"}
    port = free_port()
    http_server, thread = serve_in_thread(app, port)
    url = f"http://127.0.0.1:{port}"
    try:
        path, _ = make_submission(
            HVIDOVRE, rows=[site_attributes(HVIDOVRE, navn="Første grund")], count=1
        )
        first = submit(submitter, url, path, requests)
        assert (
            requests.post(
                f"{url}/api/v1/submissions/{first}/approve", json={}, headers=approver, timeout=120
            ).status_code
            == 200
        )
        wait_live(url, approver, requests)

        context = browser.new_context(viewport={"width": 1280, "height": 800})
        viewer = context.new_page()
        viewer.goto(f"{url}/kort/")
        viewer.wait_for_function(READY, timeout=60_000)
        assert viewer.locator("#results .site-name").all_text_contents() == ["Første grund"]
        assert viewer.locator("#new-data").is_hidden()

        rows = [
            site_attributes(HVIDOVRE, navn="Første grund"),
            site_attributes(HVIDOVRE, navn="Ny grund"),
        ]
        path, _ = make_submission(HVIDOVRE, rows=rows, count=2)
        second = submit(submitter, url, path, requests)
        review = context.new_page()
        review.goto(f"{url}/godkend/")
        review.fill("#token", approver_token)
        review.click("#login button[type=submit]")
        review.click(f"button[data-submission='{second}']")
        review.wait_for_selector("body[data-map-loaded='true']", timeout=30_000)
        review.click("#approve")
        review.click("dialog.confirm[open] button[data-confirm='yes']")  # what becomes public: yes
        review.wait_for_selector("#result:has-text('offentliggjort')", timeout=180_000)

        prompt = viewer.locator("#new-data button")
        prompt.wait_for(state="visible", timeout=30_000)
        assert prompt.text_content() == "Kortet er opdateret – vis nye data"
        with viewer.expect_navigation():
            prompt.click()
        viewer.wait_for_function(READY, timeout=60_000)
        assert sorted(viewer.locator("#results .site-name").all_text_contents()) == [
            "Første grund",
            "Ny grund",
        ]
        assert viewer.locator("#new-data").is_hidden()
        context.close()
    finally:
        app.extensions["overblikskort.publication"].stop()
        http_server.shutdown()
        thread.join(timeout=5)
