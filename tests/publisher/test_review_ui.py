"""The approval pages in real Chromium: a godkender reviews a submission on the map, comments on
an object, approves it and sees the release; hostile attribute values stay text."""

from __future__ import annotations

import re

import pytest

from publisher_support import HVIDOVRE, add_stored_submission, site_attributes
from review_support import answer_dialog, axe_violations

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1">'


def test_godkender_approves_on_the_map_and_sees_the_release(
    review_server, browser, make_submission
):
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
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((server.url, "data:", "blob:"))
            else None
        ),
    )
    page.goto(f"{server.url}/godkend/")
    page.fill("#token", server.tokens["godkender"])
    page.click("#login button[type=submit]")
    page.click(f"button[data-submission='{submitted['id']}']")
    page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
    assert page.get_attribute("body", "data-map-features") == "2"
    assert page.text_content("[data-count='ny']").strip() == "Ny: 2"
    assert page.locator("#findings li.finding").count() == len(submitted["report"]["findings"])
    assert page.locator("canvas.maplibregl-canvas").count() == 1
    received = page.locator("#facts dd").nth(2).text_content()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", received), received  # local time

    violations = axe_violations(page)
    assert violations == [], violations

    hostile_id = rows[0]["objekt_id"]
    hostile_cell = f"#changes tr[data-objekt-id='{hostile_id}'] td:nth-child(2)"
    assert page.text_content(hostile_cell).startswith(HOSTILE)  # shown as text, not as markup
    page.fill(f"#changes input[data-objekt-id='{hostile_id}']", "Ret navnet <b>her</b>")
    page.fill("#comment", "Godkendt – tak")
    page.click("#approve")
    assert "2 objekter bliver offentlige" in answer_dialog(page, confirm=True)
    page.wait_for_selector("#result:has-text('Udgivelse nr. 1')")
    page.wait_for_selector("#releases li:has-text('(aktuel)')")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x']").count() == 0
    assert failed_requests == [] and outside == [] and errors == []

    current = server.get(f"/kommuner/{HVIDOVRE}/releases", "godkender").json()
    assert current["kommune_state"]["version"] == 1
    decided = server.get(f"/submissions/{submitted['id']}", "indsender_hvidovre").json()
    assert decided["status"] == "godkendt" and decided["comment"] == "Godkendt – tak"
    assert decided["object_comments"] == [
        {"objekt_id": hostile_id, "comment": "Ret navnet <b>her</b>"}
    ]
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
    answer_dialog(page, confirm=True)
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
    shown = page.eval_on_selector_all(
        "#queue-list button[data-submission]",
        "buttons => buttons.map(b => Number(b.dataset.submission))",
    )
    assert shown == waiting[::-1]
    page.close()


def test_the_pages_share_the_viewers_dom_helpers_and_read_words_from_the_data_model(review_server):
    import requests

    from datamodel import LAYERS

    shared = requests.get(f"{review_server.url}/godkend/app/dom.js", timeout=10)
    assert (
        shared.content == requests.get(f"{review_server.url}/kort/app/dom.js", timeout=10).content
    )
    labels = requests.get(f"{review_server.url}/godkend/app/labels.json", timeout=10).json()
    assert labels["fields"]["erhvervsareal"]["synlighed"] == {
        "da": "Synlighed",
        "en": "Visibility",
        "type": "text",
        "codelist": "synlighed",
    }
    assert set(labels["fields"]["infrastruktur"]) == set(LAYERS["infrastruktur"].field_names)
    assert labels["statuses"]["til_godkendelse"]["en"] == "Awaiting approval"
    for name in ("review.js", "overblik.js", "kommune.js", "session.js", "diffview.js"):
        code = requests.get(f"{review_server.url}/godkend/app/{name}", timeout=10).text
        assert "function el(" not in code and "innerHTML" not in code, name
    assert (
        requests.get(f"{review_server.url}/godkend/app/..%2Fsettings.py", timeout=10).status_code
        == 404
    )
