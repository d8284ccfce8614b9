"""What each event says to the kommune, in Danish and English (subject, body lines)."""

from __future__ import annotations

MAX_SITES_LISTED = 50
"""An overdue notice lists at most this many sites by name; the rest are counted."""


def _comment(details: dict, da: bool) -> list[str]:
    comment = (details.get("comment") or "").strip()
    if not comment:
        return []
    return [
        (
            "Kommentar fra Erhvervsstyrelsen: "
            if da
            else "Comment from the Danish Business Authority: "
        )
        + comment
    ]


def _sites(details: dict) -> list[str]:
    sites = details.get("sites") or []
    lines = [
        f"  - {site.get('navn') or site.get('objekt_id')} ({site.get('sidst_bekraeftet') or '?'})"
        for site in sites[:MAX_SITES_LISTED]
    ]
    if len(sites) > MAX_SITES_LISTED:
        lines.append(f"  … +{len(sites) - MAX_SITES_LISTED}")
    return lines


def event_text(kind: str, event: dict, kommune_name: str, da: bool) -> tuple[str, list[str]]:
    """(subject, body lines) of one event in one language."""
    details = event.get("details") or {}
    number = event.get("submission_id")
    release = details.get("release_number")
    file_name = details.get("file_name") or ""
    blocking = (details.get("summary") or {}).get("blokerende", 0)
    count = len(details.get("sites") or [])
    texts = {
        "modtaget": (
            f"Indsendelse {number} er modtaget",
            f"Submission {number} was received",
            [f"Indsendelse {number} ({file_name}) er modtaget og kontrolleres."],
            [f"Submission {number} ({file_name}) was received and is being checked."],
        ),
        "afvist_automatisk": (
            f"Indsendelse {number} er afvist automatisk",
            f"Submission {number} was rejected automatically",
            [
                f"Indsendelse {number} blev afvist ved kontrollen: {blocking} blokerende fund. "
                f"Se rapporten i QGIS under Mine indsendelser, ret fundene og send igen."
            ],
            [
                f"Submission {number} was rejected by the check: {blocking} blocking findings. See "
                f"the report in QGIS under My submissions, fix them and send again."
            ],
        ),
        "til_godkendelse": (
            f"Indsendelse {number} venter på godkendelse",
            f"Submission {number} awaits approval",
            [
                f"Indsendelse {number} har bestået kontrollen og venter på Erhvervsstyrelsens "
                f"godkendelse."
            ],
            [
                f"Submission {number} passed the check and awaits the Danish Business Authority's "
                f"approval."
            ],
        ),
        "godkendt": (
            f"Indsendelse {number} er godkendt og udgivet",
            f"Submission {number} was approved and published",
            [
                f"Indsendelse {number} er godkendt; udgivelse nr. {release} vises nu på det "
                f"offentlige kort.",
                *_comment(details, True),
            ],
            [
                f"Submission {number} was approved; release no. {release} is now on the public map.",
                *_comment(details, False),
            ],
        ),
        "afvist": (
            f"Indsendelse {number} er afvist",
            f"Submission {number} was rejected",
            [
                f"Indsendelse {number} er afvist af Erhvervsstyrelsen; det offentlige kort er "
                f"uændret.",
                *_comment(details, True),
            ],
            [
                f"Submission {number} was rejected by the Danish Business Authority; the public map "
                f"is unchanged.",
                *_comment(details, False),
            ],
        ),
        "rullet_tilbage": (
            f"Udgivelse nr. {release} er igen den offentlige",
            f"Release no. {release} is public again",
            [
                f"Erhvervsstyrelsen har rullet kommunens data tilbage til udgivelse nr. {release}.",
                *_comment(details, True),
            ],
            [
                f"The Danish Business Authority rolled the municipality's data back to release no. "
                f"{release}.",
                *_comment(details, False),
            ],
        ),
        "forfalden": (
            f"{count} arealer skal bekræftes",
            f"{count} sites need confirming",
            [
                "Disse arealer er ikke bekræftet i over 12 måneder. De vises fortsat, men med en "
                "markering. Bekræft dem i QGIS (Mine indsendelser ▸ Bekræft uændret) eller ret dem:",
                *_sites(details),
            ],
            [
                "These sites have not been confirmed for over 12 months. They stay public but are "
                "marked. Confirm them in QGIS (My submissions ▸ Confirm unchanged) or update them:",
                *_sites(details),
            ],
        ),
    }
    subject_da, subject_en, body_da, body_en = texts.get(kind, (kind, kind, [kind], [kind]))
    prefix = f"Overblikskort, {kommune_name}: "
    return (prefix + (subject_da if da else subject_en)), (body_da if da else body_en)
