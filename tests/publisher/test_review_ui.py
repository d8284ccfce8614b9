"""The approval pages in real Chromium: a godkender reviews a submission on the map, comments on
an object, approves it and sees the release; hostile attribute values stay text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from publisher_support import HVIDOVRE, add_stored_submission, serve_in_thread, site_attributes

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1">'


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def _axe_violations(page) -> list[str]:
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""() => axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result["violations"]]


@pytest.fixture
def review_server(server):
    """The same store behind an app with the approval pages registered."""
    from dataclasses import replace

    from loopback import free_port
    from publisher.api import create_app
    from publisher.review import create_blueprint

    app = create_app(server.settings, store=server.store, release_hooks=[server.released.append],
                     blueprints=[create_blueprint(server.settings.node_modules_path)])
    port = free_port()
    http_server, thread = serve_in_thread(app, port)
    yield replace(server, url=f"http://127.0.0.1:{port}")
    http_server.shutdown()
    thread.join(timeout=5)


def test_godkender_approves_on_the_map_and_sees_the_release(review_server, browser,
                                                             make_submission):
    server = review_server
    rows = [site_attributes(HVIDOVRE, navn=HOSTILE), site_attributes(HVIDOVRE, navn="Avedøre")]
    path, _ = make_submission(HVIDOVRE, rows=rows, count=2)
    submitted = server.submit("indsender_hvidovre", HVIDOVRE, path).json()
    assert submitted["status"] == "til_godkendelse"

    page = browser.new_page(bypass_csp=True)  # only so that the test can inject axe-core
    failed_requests, errors = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: failed_requests.append(request.url))
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((server.url, "data:", "blob:")) else None)
    page.goto(f"{server.url}/godkend/")
    page.fill("#token", server.tokens["godkender"])
    page.click("#login button[type=submit]")
    page.click(f"button[data-submission='{submitted['id']}']")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    assert page.get_attribute("body", "data-map-features") == "2"
    assert page.text_content("[data-count='ny']").strip() == "Ny: 2"
    assert page.locator("#findings tbody tr").count() == len(submitted["report"]["findings"])
    assert page.locator("canvas.maplibregl-canvas").count() == 1
    received = page.locator("#facts dd").nth(2).text_content()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", received), received  # local time

    violations = _axe_violations(page)
    assert violations == [], violations

    hostile_id = rows[0]["objekt_id"]
    hostile_cell = f"#changes tr[data-objekt-id='{hostile_id}'] td:nth-child(2)"
    assert page.text_content(hostile_cell).startswith(HOSTILE)  # shown as text, not as markup
    page.fill(f"#changes input[data-objekt-id='{hostile_id}']", "Ret navnet <b>her</b>")
    page.fill("#comment", "Godkendt – tak")
    page.click("#approve")
    page.wait_for_selector("#result:has-text('Udgivelse nr. 1')")
    page.wait_for_selector("#releases li:has-text('(aktuel)')")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert failed_requests == [] and outside == [] and errors == []

    current = server.get(f"/kommuner/{HVIDOVRE}/releases", "godkender").json()
    assert current["kommune_state"]["version"] == 1
    decided = server.get(f"/submissions/{submitted['id']}", "indsender_hvidovre").json()
    assert decided["status"] == "godkendt" and decided["comment"] == "Godkendt – tak"
    assert decided["object_comments"] == [{"objekt_id": hostile_id,
                                           "comment": "Ret navnet <b>her</b>"}]
    assert server.released == [HVIDOVRE]

    page.click("#language")
    assert page.text_content("#queue-title") == "Awaiting approval"
    page.close()


def test_a_wrong_token_is_told_in_danish(review_server, browser):
    page = browser.new_page()
    page.goto(f"{review_server.url}/godkend/")
    page.fill("#token", "forkert")
    page.click("#login button[type=submit]")
    page.wait_for_selector("#message:not([hidden])")
    assert "adgangstoken" in page.text_content("#message")
    assert page.is_hidden("#workspace")
    page.close()


def test_a_stale_page_cannot_overwrite_a_newer_release(review_server, browser, make_submission):
    """A release made meanwhile wins, clearly: the page's approval is refused as based on an
    older release (409 foraeldet_grundlag) and the submission stays in the queue."""
    server = review_server
    ids = []
    for _ in range(2):
        path, _ = make_submission(HVIDOVRE, count=1)
        ids.append(server.submit("indsender_hvidovre", HVIDOVRE, path).json()["id"])
    page = browser.new_page()
    page.goto(f"{server.url}/godkend/")
    page.fill("#token", server.tokens["godkender"])
    page.click("#login button[type=submit]")
    page.click(f"button[data-submission='{ids[0]}']")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    other = server.post(f"/submissions/{ids[1]}/approve", "godkender", json={})
    assert other.status_code == 200
    page.click("#approve")
    page.wait_for_selector("#message:not([hidden])")
    assert "den aktuelle er nu udgivelse" in page.text_content("#message")
    state = server.store.kommune_state(HVIDOVRE)
    assert state.release_id == other.json()["release"]["id"] and state.version == 1
    assert server.store.submission(ids[0]).status == "til_godkendelse"
    page.close()


def test_the_queue_shows_every_waiting_submission_past_one_page(review_server, browser):
    server = review_server
    waiting = [add_stored_submission(server.store, HVIDOVRE) for _ in range(103)]
    page = browser.new_page()
    page.goto(f"{server.url}/godkend/")
    page.fill("#token", server.tokens["godkender"])
    page.click("#login button[type=submit]")
    page.wait_for_selector(f"button[data-submission='{waiting[0]}']")
    shown = page.eval_on_selector_all("#queue-list button[data-submission]",
                                      "buttons => buttons.map(b => Number(b.dataset.submission))")
    assert shown == waiting[::-1]
    page.close()
