"""No stale approval: two updates queued for one kommune; once the newer is approved, approving
the older (which was diffed against the release before) answers 409 ``foraeldet_grundlag``, with
and without expected_version, until the approver approves it against the current release, which
validates and diffs it anew first. The approval page shows it and then when it went live."""

from __future__ import annotations

import re

import pytest

from publisher_support import HVIDOVRE, serve_in_thread, site_attributes
from review_support import answer_dialog


def _queued(server, make_submission, name: str) -> int:
    path, _ = make_submission(HVIDOVRE, rows=[site_attributes(HVIDOVRE, navn=name)], count=1)
    answer = server.submit("indsender_hvidovre", HVIDOVRE, path)
    assert answer.status_code == 201 and answer.json()["status"] == "til_godkendelse", answer.text
    return answer.json()["id"]


def test_an_older_submission_cannot_silently_undo_a_newer_one(server, make_submission):
    older = _queued(server, make_submission, "Ældre udgave")
    newer = _queued(server, make_submission, "Nyere udgave")
    assert server.get(f"/submissions/{older}", "godkender").json()["base_release_id"] is None
    approved = server.post(f"/submissions/{newer}/approve", "godkender", json={})
    assert approved.status_code == 200
    current = approved.json()["release"]["id"]

    for body in ({}, {"expected_version": 1}):
        refused = server.post(f"/submissions/{older}/approve", "godkender", json=body)
        assert refused.status_code == 409, body
        error = refused.json()["error"]
        assert error["code"] == "foraeldet_grundlag"
        assert f"udgivelse {current}" in error["message_da"]
        assert f"release {current}" in error["message_en"]
    detail = server.get(f"/submissions/{older}", "godkender").json()
    assert detail["status"] == "til_godkendelse" and detail["stale_base"] is True
    assert detail["diff"]["against_release_id"] == current
    assert len(server.store.releases(HVIDOVRE)) == 1

    wrong = server.post(
        f"/submissions/{older}/approve", "godkender", json={"against_release_id": current + 100}
    )
    assert wrong.status_code == 409 and wrong.json()["error"]["code"] == "foraeldet_grundlag"
    rebased = server.post(
        f"/submissions/{older}/approve",
        "godkender",
        json={"against_release_id": current, "expected_version": 1},
    )
    assert rebased.status_code == 200, rebased.text
    assert server.store.kommune_state(HVIDOVRE).version == 2
    assert server.get(f"/submissions/{older}", "godkender").json()["base_release_id"] == current
    approval = next(e for e in server.store.audit_log(HVIDOVRE) if e.action == "godkendt")
    assert (
        approval.details["rebased_from"] is None and approval.details["base_release_id"] == current
    )
    assert approval.details["diff"]["new"] == 1 and approval.details["diff"]["deleted"] == 1


def test_a_rollback_also_makes_queued_submissions_stale(server, make_submission):
    first = server.post(
        f"/submissions/{_queued(server, make_submission, 'A')}/approve", "godkender", json={}
    ).json()["release"]["id"]
    server.post(
        f"/submissions/{_queued(server, make_submission, 'B')}/approve", "godkender", json={}
    )
    pending = _queued(server, make_submission, "C")
    server.post(
        f"/kommuner/{HVIDOVRE}/rollback",
        "godkender",
        json={"release_id": first, "confirm_republish": True},
    )
    refused = server.post(f"/submissions/{pending}/approve", "godkender", json={})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "foraeldet_grundlag"


@pytest.mark.browser
@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_approval_page_shows_the_stale_base_and_approves_against_the_current_release(
    server, browser, make_submission
):
    from dataclasses import replace

    from loopback import free_port
    from publisher.api import create_app
    from publisher.review import create_blueprint

    app = create_app(server.settings, store=server.store, blueprints=[create_blueprint()])
    port = free_port()
    http_server, thread = serve_in_thread(app, port)
    review = replace(server, url=f"http://127.0.0.1:{port}")
    try:
        older = _queued(review, make_submission, "Ældre udgave")
        newer = _queued(review, make_submission, "Nyere udgave")
        page = browser.new_page()
        page.goto(f"{review.url}/godkend/")
        page.fill("#token", review.tokens["godkender"])
        page.click("#login button[type=submit]")
        page.click(f"button[data-submission='{older}']")
        page.wait_for_selector("body[data-map-loaded='true']", timeout=30000)
        assert page.locator("#stale").is_hidden()
        assert review.post(f"/submissions/{newer}/approve", "godkender", json={}).status_code == 200

        page.click("#approve")  # the page still shows the diff against no release
        answer_dialog(page, confirm=True)
        page.wait_for_selector("#message:not([hidden])")
        assert "blev sammenlignet med ingen udgivelse" in page.text_content("#message")
        page.wait_for_selector("#stale:not([hidden])")
        assert page.text_content("[data-count='slettet']").strip() == "Slettet: 1"

        page.click("#approve-current")
        answer_dialog(page, confirm=True)
        page.wait_for_function(
            "() => /Offentliggjort kl\\. \\d\\d:\\d\\d/.test("
            "document.getElementById('result').textContent)",
            timeout=180000,
        )
        assert re.search(r"Godkendt\. Udgivelse nr\. 2", page.text_content("#result"))
        assert review.store.kommune_state(HVIDOVRE).version == 2
    finally:
        app.extensions["overblikskort.publication"].stop()
        http_server.shutdown()
        thread.join(timeout=5)
