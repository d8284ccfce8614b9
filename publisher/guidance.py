"""The guidance catalogue ("Sådan kommer du videre"): national defaults and per-kommune links.

The topics and when each applies are declared in ``datamodel.guidance``; ERST sets the links in
the store with ``python -m publisher vejledning set`` (a national link, or a kommune's own page
with ``--kommune``). The public build writes the resolved catalogue as ``guidance.json``; no
link is ever fetched.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from datamodel.guidance import TOPICS
from datamodel.messages import BilingualError

from .store.backends import utc_now

URL = re.compile(r"https?://[^\s<>\"']{3,500}")
KOMMUNEKODE = re.compile(r"\d{4}")
NATIONAL = ""


class GuidanceError(BilingualError, ValueError):
    """A guidance link that cannot be set; nothing was changed."""


@dataclass(frozen=True)
class GuidanceLink:
    topic: str
    kommunekode: str
    """'' for the national link."""
    url: str
    title_da: str
    title_en: str
    changed_by: str = ""
    changed_at: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _checked(topic: str, url: str, kommunekode: str | None) -> str:
    if topic not in TOPICS:
        codes = ", ".join(TOPICS)
        raise GuidanceError(
            f"Ukendt emne {topic!r}; brug {codes}.", f"Unknown topic {topic!r}; use {codes}."
        )
    if not URL.fullmatch(url or ""):
        raise GuidanceError(
            f"Linket skal begynde med https:// eller http://, ikke {url!r}.",
            f"The link must start with https:// or http://, not {url!r}.",
        )
    if kommunekode is not None and not KOMMUNEKODE.fullmatch(kommunekode):
        raise GuidanceError(
            f"Kommunekoden skal være fire cifre, ikke {kommunekode!r}.",
            f"The municipality code must be four digits, not {kommunekode!r}.",
        )
    return kommunekode or NATIONAL


def set_guidance(
    store,
    topic: str,
    url: str,
    *,
    kommunekode: str | None = None,
    title_da: str | None = None,
    title_en: str | None = None,
    actor: str = "cli",
) -> GuidanceLink:
    """Set (or replace) the national link of a topic, or one kommune's own."""
    kode = _checked(topic, url, kommunekode)
    spec = TOPICS[topic]
    link = GuidanceLink(
        topic,
        kode,
        url,
        (title_da or spec.label_da)[:200],
        (title_en or spec.label_en)[:200],
        actor,
    )
    backend = store.backend
    with store.transaction() as tx:
        tx.execute("DELETE FROM guidance_links WHERE topic = ? AND kommunekode = ?", (topic, kode))
        tx.execute(
            "INSERT INTO guidance_links (topic, kommunekode, url, title_da, title_en, "
            "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                topic,
                kode,
                link.url,
                link.title_da,
                link.title_en,
                actor,
                backend.timestamp(utc_now()),
            ),
        )
        store._audit(
            tx,
            actor,
            "vejledning_sat",
            kommunekode=kode or None,
            details={"topic": topic, "url": url},
        )
    return link


def remove_guidance(store, topic: str, kommunekode: str | None = None, actor: str = "cli") -> bool:
    """Back to the default (national) or to the national link (kommune); False if none was set."""
    kode = kommunekode or NATIONAL
    with store.transaction() as tx:
        if not tx.one(
            "SELECT 1 FROM guidance_links WHERE topic = ? AND kommunekode = ?", (topic, kode)
        ):
            return False
        tx.execute("DELETE FROM guidance_links WHERE topic = ? AND kommunekode = ?", (topic, kode))
        store._audit(
            tx, actor, "vejledning_fjernet", kommunekode=kode or None, details={"topic": topic}
        )
    return True


def guidance_entries(store) -> list[GuidanceLink]:
    with store.transaction() as tx:
        rows = tx.all(
            "SELECT topic, kommunekode, url, title_da, title_en, changed_by, changed_at "
            "FROM guidance_links ORDER BY topic, kommunekode"
        )
    return [
        GuidanceLink(r[0], r[1], r[2], r[3], r[4], r[5], store.backend.timestamp_text(r[6]) or "")
        for r in rows
    ]


def guidance_catalogue(entries: list[GuidanceLink] | None) -> dict:
    """The catalogue the viewer reads: per topic its texts, the national link (ERST's or the
    default) and the kommuner's own links."""
    topics: dict[str, dict[str, Any]] = {}
    for code, spec in TOPICS.items():
        topics[code] = {
            "label_da": spec.label_da,
            "label_en": spec.label_en,
            "when_da": spec.when_da,
            "when_en": spec.when_en,
            "national": {
                "url": spec.default_url,
                "title_da": spec.label_da,
                "title_en": spec.label_en,
            },
            "kommuner": {},
        }
    for entry in entries or []:
        if entry.topic not in topics:
            continue
        link = {"url": entry.url, "title_da": entry.title_da, "title_en": entry.title_en}
        if entry.kommunekode:
            topics[entry.topic]["kommuner"][entry.kommunekode] = link
        else:
            topics[entry.topic]["national"] = link
    return {"topics": topics}


def resolve(catalogue: dict, topic: str, kommunekode: str | None) -> dict:
    """The link a site in this kommune gets for a topic."""
    entry = catalogue["topics"][topic]
    return entry["kommuner"].get(kommunekode or "", entry["national"])
