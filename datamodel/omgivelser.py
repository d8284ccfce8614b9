"""What surrounds a public business site (``omgivelser``), declared once.

The public build computes one ``omgivelser`` object per public site from the public objects of
the reference kinds (``references.py``); the site records and the site card carry it as an
object, the downloads and the OGC API items as the flat columns of ``flat_columns()``. A key is present when its kind has public objects loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from .schema import Field, FieldType

T, R, B = FieldType.TEXT, FieldType.REAL, FieldType.BOOLEAN


class Measure(str, Enum):
    COVER = "cover"
    """Every object overlapping the site, with the share of the site it covers (a list)."""
    NEAREST = "nearest"
    """The nearest object, its distance in metres (0 when overlapping) and the share covered."""
    LARGEST_COVER = "largest_cover"
    """The object covering most of the site (none when none overlaps)."""
    HEATING = "heating"
    """Inside a supply area, or the nearest plant with its distance."""


@dataclass(frozen=True)
class Fact:
    key: str
    kind: str
    """The reference kind it is computed from."""
    label_da: str
    label_en: str
    measure: Measure
    fields: tuple[Field, ...]
    where: tuple[str, str] | None = None
    """Only the kind's objects whose field has this value, e.g. ("natur_type", "natura2000")."""

    @property
    def many(self) -> bool:
        return self.measure == Measure.COVER


def _plan_fact(key: str, da: str, en: str) -> Fact:
    return Fact(
        key,
        key,
        da,
        en,
        Measure.COVER,
        (
            Field("planid", T, "Plan-id", "Plan id"),
            Field("plannavn", T, "Plannavn", "Plan name"),
            Field("status", T, "Status", "Status", codelist="plan_status"),
            Field("anvgen", T, "Generel anvendelse", "General use", codelist="anvendelse_generel"),
            Field("doklink", T, "Plan (PDF)", "Plan (PDF)"),
            Field("andel_pct", R, "Andel af arealet (%)", "Share of the site (%)"),
        ),
    )


def _nature_fact(code: str, da: str, en: str) -> Fact:
    return Fact(
        code,
        "natur",
        da,
        en,
        Measure.NEAREST,
        (
            Field("navn", T, "Navn", "Name"),
            Field("afstand_m", R, "Afstand (m)", "Distance (m)"),
            Field("andel_pct", R, "Andel af arealet (%)", "Share of the site (%)"),
        ),
        where=("natur_type", code),
    )


FACTS: tuple[Fact, ...] = (
    _plan_fact("lokalplaner", "Lokalplaner", "Local plans"),
    _plan_fact("kommuneplanrammer", "Kommuneplanrammer", "Municipal plan frameworks"),
    _nature_fact("natura2000", "Nærmeste Natura 2000-område", "Nearest Natura 2000 site"),
    _nature_fact("paragraf3", "Nærmeste §3-natur", "Nearest protected habitat (§3)"),
    _nature_fact("fredning", "Nærmeste fredning", "Nearest conservation order"),
    Fact(
        "kloakopland",
        "kloakoplande",
        "Kloakopland",
        "Sewerage catchment",
        Measure.LARGEST_COVER,
        (
            Field("navn", T, "Opland", "Catchment"),
            Field(
                "eksisterende",
                T,
                "Eksisterende kloakering",
                "Existing sewerage",
                codelist="kloakeringsform",
            ),
            Field(
                "planlagt", T, "Planlagt kloakering", "Planned sewerage", codelist="kloakeringsform"
            ),
        ),
    ),
    Fact(
        "fjernvarme",
        "fjernvarme",
        "Fjernvarme",
        "District heating",
        Measure.HEATING,
        (
            Field("i_omraade", B, "I et fjernvarmeområde", "Inside a district heating area"),
            Field("omraade", T, "Fjernvarmeområde", "District heating area"),
            Field("vaerk", T, "Nærmeste fjernvarmeværk", "Nearest district heating plant"),
            Field("braendsel", T, "Værkets hovedbrændsel", "The plant's main fuel"),
            Field("afstand_m", R, "Afstand til værket (m)", "Distance to the plant (m)"),
        ),
    ),
    Fact(
        "transformerstation",
        "elnet",
        "Nærmeste transformerstation",
        "Nearest substation",
        Measure.NEAREST,
        (
            Field("navn", T, "Navn", "Name"),
            Field("spaending_kv", R, "Højeste spænding (kV)", "Highest voltage (kV)"),
            Field("spaendinger", T, "Spændinger", "Voltages"),
            Field("afstand_m", R, "Afstand (m)", "Distance (m)"),
        ),
        where=("elnet_type", "station"),
    ),
    Fact(
        "gas",
        "gasnet",
        "Nærmeste gasledning",
        "Nearest gas pipeline",
        Measure.NEAREST,
        (
            Field("navn", T, "Navn", "Name"),
            Field("afstand_m", R, "Afstand (m)", "Distance (m)"),
        ),
        where=("gasnet_type", "ledning"),
    ),
    Fact(
        "energipark",
        "energiparker",
        "Nærmeste energipark",
        "Nearest energy park",
        Measure.NEAREST,
        (
            Field("navn", T, "Navn", "Name"),
            Field("energipark_type", T, "Energiform", "Energy", codelist="energipark_type"),
            Field("afstand_m", R, "Afstand (m)", "Distance (m)"),
            Field("andel_pct", R, "Andel af arealet (%)", "Share of the site (%)"),
        ),
    ),
)
FACTS_BY_KEY = {fact.key: fact for fact in FACTS}
FLAT_PREFIX = "omg_"
LIST_SEPARATOR = " | "
"""Joins the values of a list fact (the plans covering a site) in one flat column."""


def _flat_name(fact: Fact, spec: Field) -> str:
    return f"{FLAT_PREFIX}{fact.key}_{spec.name}"


def flat_fields() -> tuple[Field, ...]:
    """The download columns of ``omgivelser`` (``omg_<key>_<field>``, in declaration order) as
    fields: a list fact's values joined as text, labels from the fact and its field."""
    return tuple(
        Field(
            _flat_name(fact, spec),
            T if fact.many else spec.type,
            f"{fact.label_da}: {spec.label_da}",
            f"{fact.label_en}: {spec.label_en}",
        )
        for fact in FACTS
        for spec in fact.fields
    )


def flat_columns() -> tuple[str, ...]:
    return tuple(field.name for field in flat_fields())


def flatten(omgivelser: dict[str, Any] | None) -> dict[str, Any]:
    """One site's ``omgivelser`` as its flat download columns (None where there is nothing)."""
    row: dict[str, Any] = {}
    for fact in FACTS:
        value = (omgivelser or {}).get(fact.key)
        for spec in fact.fields:
            column = _flat_name(fact, spec)
            if value is None:
                row[column] = None
            elif fact.many:
                row[column] = (
                    LIST_SEPARATOR.join(
                        "" if item.get(spec.name) is None else f"{item[spec.name]}"
                        for item in value
                    )
                    if value
                    else None
                )
            else:
                row[column] = value.get(spec.name)
    return row
