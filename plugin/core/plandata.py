"""What the import knows about Plandata.dk's lokalplan schema (``pdk:theme_pdk_lokalplan_*``):
which of its fields feed which data-model fields, the proposed value map of each of its code
lists, and the nearest general code an unmapped code falls back to (with a warning).

Plandata's codes for general use (anvgen) are the data model's; its specific uses (anvspec, four
digits, the first one the group: 1 housing, 2 mixed, 3 business, 4 centre, 5 recreation,
7 public, 8 technical, 9 rural) are more than the data model's business codes (31xx); its plan
status (V vedtaget, F forslag, A aflyst) says nothing of a site's availability, so an imported
plan is a future site (``fremtidig``) unless the planner chooses ``ledig``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PLAN_MARKER_FIELDS = frozenset({"planid", "plannavn", "anvgen"})
"""A source with these fields is a Plandata lokalplan layer."""
WFS_URL = "https://geoserver.plandata.dk/geoserver/wfs"
WFS_LAYER = "theme_pdk_lokalplan_vedtaget"
"""Adopted lokalplaner; GeoServer names it ``pdk:theme_pdk_lokalplan_vedtaget``."""
KOMMUNE_FIELD = "komnr"


@dataclass(frozen=True)
class PlandataField:
    source: str
    """Plandata's field name (lower case)."""
    target: str
    values: dict[str, str] = field(default_factory=dict)
    """Plandata code → data-model code, where they differ."""
    fallback: str | None = None
    """The nearest general code for a Plandata code the data model's list lacks."""
    constant: str | None = None
    """The value every row gets unless the planner takes the field from the source."""


PLANDATA_FIELDS = (
    PlandataField("plannavn", "navn"),
    PlandataField("planid", "lokalplan_id"),
    PlandataField("komnr", "kommunekode"),
    PlandataField("anvgen", "anvendelse_generel", fallback="96"),
    PlandataField("anvspec1", "anvendelse_specifik", fallback="3100"),
    PlandataField("zone", "zonestatus"),
    PlandataField(
        "status",
        "status",
        values={"V": "fremtidig", "F": "fremtidig"},
        fallback="fremtidig",
        constant="fremtidig",
    ),
    PlandataField("bebygpct", "max_bebyggelsesprocent"),
    PlandataField("maxbygnhjd", "max_bygningshoejde_m"),
    PlandataField("minmiljo", "miljoeklasse_min"),
    PlandataField("maxmiljo", "miljoeklasse_max"),
)


def is_plandata(field_names: list[str]) -> bool:
    return {name.lower() for name in field_names} >= PLAN_MARKER_FIELDS


def plandata_field(target: str) -> PlandataField | None:
    return next((entry for entry in PLANDATA_FIELDS if entry.target == target), None)
