"""Events as e-mail: the real `serve` with SMTP configured mails each event to the kommune's
contact address, received by a local SMTP sink (aiosmtpd) the test starts; without a contact
address the attempt is recorded, not lost."""

from __future__ import annotations

import email
import email.policy
import time

import pytest
import requests
from aiosmtpd.controller import Controller

from loopback import free_port, stop_process
from publisher.auth import add_user
from publisher_support import HVIDOVRE, start_serve


class Sink:
    """Collects every message the publisher sends."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


@pytest.fixture
def smtp_sink():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


def _wait_for(condition, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_every_event_reaches_the_kommunes_contact_address(
    settings, store, smtp_sink, make_submission
):
    sink, port = smtp_sink
    tokens = {
        name: add_user(store, name, role, kommune, "test")[1]
        for name, role, kommune in (
            ("hvidovre", "indsender", HVIDOVRE),
            ("erst", "godkender", None),
            ("admin", "admin", None),
        )
    }
    process, url = start_serve(
        settings,
        {
            "OVERBLIKSKORT_SMTP_HOST": "127.0.0.1",
            "OVERBLIKSKORT_SMTP_PORT": str(port),
            "OVERBLIKSKORT_MAIL_FROM": "overblikskort@erst.example",
            "OVERBLIKSKORT_NOTIFY_INTERVAL_SECONDS": "1",
        },
    )
    try:

        def call(method, path, who, **kwargs):
            return requests.request(
                method,
                f"{url}{path}",
                timeout=120,
                **kwargs,
                headers={"Authorization": f"Bearer {tokens[who]}"},
            )

        assert (
            call(
                "PUT",
                f"/kommuner/{HVIDOVRE}/kontakt",
                "admin",
                json={"email": "erhverv@hvidovre.example"},
            ).status_code
            == 200
        )
        path, _ = make_submission(HVIDOVRE, count=1)
        with open(path, "rb") as handle:
            submitted = call(
                "POST",
                "/submissions",
                "hvidovre",
                data={"kommune": HVIDOVRE},
                files={"file": ("arealer.gpkg", handle)},
            ).json()
        _wait_for(lambda: len(sink.messages) >= 2)
        approved = call(
            "POST",
            f"/submissions/{submitted['id']}/approve",
            "erst",
            json={"comment": "Godkendt – tak", "expected_version": 0},
        )
        assert approved.status_code == 200, approved.text
        _wait_for(lambda: len(sink.messages) >= 3)
        time.sleep(2)  # one more round of the notifier: nothing is mailed twice
        assert len(sink.messages) == 3

        recipients = {tuple(to) for to, _ in sink.messages}
        assert recipients == {("erhverv@hvidovre.example",)}
        subjects = [message["Subject"] for _, message in sink.messages]
        assert subjects == [
            f"Overblikskort, Hvidovre: Indsendelse {submitted['id']} er modtaget",
            f"Overblikskort, Hvidovre: Indsendelse {submitted['id']} venter på godkendelse",
            f"Overblikskort, Hvidovre: Indsendelse {submitted['id']} er godkendt og udgivet",
        ]
        body = sink.messages[2][1].get_content()
        assert "udgivelse nr. 1" in body and "Godkendt – tak" in body
        assert "-- English --" in body and "release no. 1 is now on the public map" in body
        assert sink.messages[2][1]["From"] == "overblikskort@erst.example"

        events = call("GET", "/haendelser", "hvidovre").json()["events"]
        assert all(event["mail"]["sent_at"] for event in events)

        # Without a contact address the events are kept with the reason, and not mailed.
        assert (
            call("PUT", f"/kommuner/{HVIDOVRE}/kontakt", "admin", json={"email": ""}).status_code
            == 200
        )
        path, _ = make_submission(HVIDOVRE, count=1)
        with open(path, "rb") as handle:
            call(
                "POST",
                "/submissions",
                "hvidovre",
                data={"kommune": HVIDOVRE},
                files={"file": ("arealer.gpkg", handle)},
            )
        newest = _wait_for(
            lambda: [
                e
                for e in call("GET", "/haendelser", "erst").json()["events"][:2]
                if e["mail"]["error"]
            ]
        )
        assert "no contact address" in newest[0]["mail"]["error"]
        assert len(sink.messages) == 3
    finally:
        stop_process(process)
