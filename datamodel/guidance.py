"""Next steps for a site ("Sådan kommer du videre"): which guidance applies, declared once.

Each topic says when it applies to a public site (from the site's attributes and its
``omgivelser``) and where its national default link points. ERST replaces a default or adds a
kommune's own page with ``python -m publisher vejledning``; the build writes the resolved
catalogue (``guidance.json``) and never fetches a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .rules.reference_checks import ADOPTED, ERHVERV_ANVGEN, PLAN_MIN_SHARE

ENVIRONMENTAL_APPROVAL_FROM_CLASS = 3
"""From this environmental class a production usually needs an environmental approval."""


def _number(value: object) -> float | None:
    try:
        return None if value is None or value == "" else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _needs_environmental_approval(site: Mapping[str, Any], omgivelser: Mapping[str, Any]) -> bool:
    klasse = _number(site.get("miljoeklasse_max"))
    return klasse is not None and klasse >= ENVIRONMENTAL_APPROVAL_FROM_CLASS


def _needs_new_lokalplan(site: Mapping[str, Any], omgivelser: Mapping[str, Any]) -> bool:
    plans = omgivelser.get("lokalplaner")
    if plans is None:
        return False  # lokalplaner not loaded: nothing can be said
    share = sum(
        _number(plan.get("andel_pct")) or 0.0
        for plan in plans
        if plan.get("status") == ADOPTED and str(plan.get("anvgen")) in ERHVERV_ANVGEN
    )
    return share < PLAN_MIN_SHARE * 100


def _is_false(value: object) -> bool:
    """False, also numpy's bool_ (never a missing value)."""
    return value is False or (type(value).__name__ == "bool_" and not value)


def _needs_discharge_permit(site: Mapping[str, Any], omgivelser: Mapping[str, Any]) -> bool:
    if _is_false(site.get("tilslutning_kloak")):
        return True
    if "kloakopland" not in omgivelser:
        return False
    catchment = omgivelser.get("kloakopland")
    return catchment is None or catchment.get("eksisterende") == "ukloakeret"


@dataclass(frozen=True)
class Topic:
    code: str
    label_da: str
    label_en: str
    when_da: str
    when_en: str
    default_url: str
    applies: Callable[[Mapping[str, Any], Mapping[str, Any]], bool]


TOPICS: dict[str, Topic] = {
    topic.code: topic
    for topic in (
        Topic(
            "miljoegodkendelse",
            "Miljøgodkendelse",
            "Environmental approval",
            "Arealet er til miljøklasse 3 eller mere.",
            "The site allows environmental class 3 or more.",
            "https://virksomhedsguiden.dk/erhverv/content/temaer/miljoe/",
            _needs_environmental_approval,
        ),
        Topic(
            "ny_lokalplan",
            "Ny lokalplan",
            "A new local plan",
            "Arealet ligger ikke i en vedtaget lokalplan for erhverv.",
            "The site is not inside an adopted local plan for business.",
            "https://virksomhedsguiden.dk/erhverv/content/temaer/byggeri/",
            _needs_new_lokalplan,
        ),
        Topic(
            "udledningstilladelse",
            "Tilladelse til udledning af spildevand",
            "Wastewater discharge permit",
            "Arealet er ikke kloakeret.",
            "The site has no sewer.",
            "https://virksomhedsguiden.dk/erhverv/content/temaer/miljoe/",
            _needs_discharge_permit,
        ),
    )
}
"""The default links are Virksomhedsguiden's theme pages until ERST sets the exact articles."""


def next_steps(site: Mapping[str, Any], omgivelser: Mapping[str, Any] | None) -> list[str]:
    """The codes of the topics that apply to one site, in catalogue order."""
    return [code for code, topic in TOPICS.items() if topic.applies(site, omgivelser or {})]
