"""Mailing the outbox: each event not mailed yet goes to its kommune's contact address through
the configured SMTP server (smtplib), and the attempt is recorded on the event's row."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from ..store import outbox
from ..store.backends import utc_now
from .texts import event_text

log = logging.getLogger(__name__)

BATCH = 100
"""Events mailed per run at most; the next run takes the rest."""
MAX_ATTEMPTS = 5
MAX_AGE = timedelta(days=2)
"""Events older than this are not mailed (e.g. the backlog from before SMTP was configured)."""
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    failed: int = 0


def compose(event: dict, to: str, sender: str, kommune_name: str) -> EmailMessage:
    """The event as a plain-text e-mail, Danish first and English below."""
    subject, lines_da = event_text(event["kind"], event, kommune_name, da=True)
    _, lines_en = event_text(event["kind"], event, kommune_name, da=False)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(f"haendelse-{event['id']}")
    message["X-Overblikskort-Haendelse"] = f"{event['id']} {event['kind']}"
    message.set_content(
        "\n".join(
            [
                *lines_da,
                "",
                f"Hændelse {event['id']}, {event['at']}.",
                "",
                "-- English --",
                *lines_en,
                "",
            ]
        )
    )
    return message


def deliver_pending(store, settings, kommune_names: dict[str, str] | None = None) -> Delivery:
    """Mail the events not mailed yet (at most BATCH); nothing when SMTP is not configured."""
    if not settings.smtp_host:
        return Delivery()
    events = outbox.unmailed(store, utc_now() - MAX_AGE, MAX_ATTEMPTS, BATCH)
    if not events:
        return Delivery()
    addresses = outbox.contacts(store)
    names = kommune_names or {}
    sent = failed = 0
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS
        ) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for event in events:
                kommune = event.kommunekode or ""
                to = addresses.get(kommune)
                if not to:
                    outbox.mark_mailed(
                        store, event.id, utc_now(), "ingen kontaktadresse / no contact address"
                    )
                    failed += 1
                    continue
                try:
                    smtp.send_message(
                        compose(
                            event.to_dict(), to, settings.mail_from, names.get(kommune, kommune)
                        )
                    )
                except smtplib.SMTPException as error:
                    outbox.mark_mailed(
                        store, event.id, utc_now(), f"{type(error).__name__}: {error}"
                    )
                    failed += 1
                else:
                    outbox.mark_mailed(store, event.id, utc_now(), None)
                    sent += 1
    except (OSError, smtplib.SMTPException) as error:
        log.warning("SMTP %s:%s unreachable: %s", settings.smtp_host, settings.smtp_port, error)
        for event in events[sent + failed :]:
            outbox.mark_mailed(store, event.id, utc_now(), f"{type(error).__name__}: {error}")
        failed = len(events) - sent
    return Delivery(sent, failed)
