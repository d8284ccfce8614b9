"""Data model v1: the three municipal layers, declared once.

The QGIS forms, the validator, the GeoPackage template, the documentation and the web map's
popups are all generated from these declarations. Change a field here and every consumer follows.
"""

from __future__ import annotations

from typing import Any

from .freshness import OVERDUE_MONTHS
from .schema import (
    Default,
    Field,
    FieldType,
    FilterKind,
    Layer,
    Public,
    PublicFilter,
    PublicSort,
    Surface,
    Visibility,
)

DATAMODEL_VERSION = "1.0.0"
CRS_EPSG = 25832
CRS = f"EPSG:{CRS_EPSG}"

T, I, R, B, D, U = (
    FieldType.TEXT,
    FieldType.INTEGER,
    FieldType.REAL,
    FieldType.BOOLEAN,
    FieldType.DATE,
    FieldType.UUID,
)

EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"
URL_PATTERN = r"https?://\S+"
PHONE_PATTERN = r"\+?[0-9 ]{8,16}"

# Where fields appear publicly (Field.public). A new public field is one declaration here (plus
# its labels); the tiles, the finder rows, the card, the filters and the downloads follow it.
TILE, FINDER, CARD, DOWNLOAD = Surface.TILE, Surface.FINDER, Surface.CARD, Surface.DOWNLOAD
ON_MAP = frozenset({TILE, FINDER, CARD, DOWNLOAD})
"""Drawn and filtered on the map, listed in the finder, on the card and in the downloads."""
ON_CARD = frozenset({CARD, DOWNLOAD})
IN_LIST = frozenset({FINDER, CARD, DOWNLOAD})
"""On the card and in the finder rows (the list shows or sorts by it), not in the tiles."""
IN_DOWNLOADS = frozenset({DOWNLOAD})
ON_TILES = frozenset({TILE, DOWNLOAD})


def _public(surfaces: frozenset[Surface], **details: Any) -> Public:
    return Public(frozenset(surfaces), **details)


def _filter(
    key: str, kind: FilterKind, da: str, en: str, step: float | None = None, **details: Any
) -> PublicFilter:
    return PublicFilter(key, kind, da, en, step, **details)


UTILITY_FILTER = _filter(
    "util",
    FilterKind.ALL_TRUE,
    "Forsyning skal være tilsluttet",
    "Utilities that must be connected",
)
PUBLIC_GROUPS: dict[str, tuple[str, str]] = {
    "miljoeklasse": ("Miljøklasse", "Environmental class"),
    "forsyning": ("Tilsluttet forsyning", "Connected utilities"),
}
"""Danish and English labels of the card rows that show several fields together."""
PUBLIC_SECTIONS: dict[str, tuple[str, str]] = {
    "arealet": ("Om arealet", "About the site"),
    "plan": ("Plan og miljø", "Planning and environment"),
    "forsyning": ("Forsyning", "Utilities"),
    "kontakt": ("Kontakt", "Contact"),
}
"""The sections of the site card, in order, with their Danish and English headings."""


def _identity(surfaces: frozenset[Surface], kommune: Public) -> tuple[Field, ...]:
    return (
        Field(
            "objekt_id",
            U,
            "Objekt-id",
            "Object id",
            required=True,
            default=Default.NEW_UUID,
            description_da="Fast UUID, der følger objektet ved hver eksport.",
            description_en="Stable UUID that follows the object through every export.",
            public=_public(surfaces),
        ),
        Field(
            "kommunekode",
            T,
            "Kommunekode",
            "Municipality code",
            required=True,
            pattern=r"\d{4}",
            default=Default.KOMMUNEKODE,
            description_da="Fire cifre fra DAGI, fx 0167 for Hvidovre.",
            description_en="Four digits from DAGI, e.g. 0167 for Hvidovre.",
            public=kommune,
        ),
    )


def _contact(surfaces: frozenset[Surface]) -> tuple[Field, ...]:
    section = "kontakt" if CARD in surfaces else None
    return (
        Field(
            "kontakt_navn",
            T,
            "Kontaktperson",
            "Contact person",
            max_length=120,
            public=_public(surfaces, section=section),
        ),
        Field(
            "kontakt_email",
            T,
            "Kontakt e-mail",
            "Contact e-mail",
            max_length=254,
            pattern=EMAIL_PATTERN,
            public=_public(surfaces, section=section),
        ),
        Field(
            "kontakt_telefon",
            T,
            "Kontakt telefon",
            "Contact phone",
            max_length=20,
            pattern=PHONE_PATTERN,
            public=_public(surfaces, section=section),
        ),
        Field(
            "link",
            T,
            "Kommunens side",
            "Municipality's page",
            max_length=500,
            pattern=URL_PATTERN,
            description_da="Kommunens side om arealet.",
            description_en="The municipality's page about the site.",
            public=_public(surfaces, section=section),
        ),
    )


def _visibility() -> Field:
    return Field(
        "synlighed",
        T,
        "Synlighed",
        "Visibility",
        required=True,
        codelist="synlighed",
        description_da="'myndigheder' når aldrig det offentlige kort.",
        description_en="'myndigheder' never reaches the public map.",
    )


def _utility(name: str, da: str, en: str, short_en: str) -> Field:
    return Field(
        f"tilslutning_{name}",
        B,
        f"Tilslutning til {da}",
        f"{en} connection",
        public=_public(
            ON_MAP,
            filter=UTILITY_FILTER,
            group="forsyning",
            short_da=da,
            short_en=short_en,
            choice=name,
            section="forsyning",
        ),
    )


ERHVERVSAREAL = Layer(
    "erhvervsareal",
    "Erhvervsareal",
    "Business site",
    ("MultiPolygon", "Polygon"),
    (
        *_identity(
            ON_MAP - {CARD},
            _public(
                ON_MAP,
                section="arealet",
                filter=_filter("kom", FilterKind.EQUALS, "Kommune", "Municipality"),
            ),
        ),
        Field(
            "navn",
            T,
            "Navn",
            "Name",
            required=True,
            max_length=120,
            public=_public(ON_MAP, role="title"),
        ),
        Field(
            "status",
            T,
            "Status",
            "Status",
            required=True,
            codelist="erhvervsareal_status",
            public=_public(
                ON_MAP,
                section="arealet",
                filter=_filter("status", FilterKind.ONE_OF, "Status", "Status"),
            ),
        ),
        Field(
            "areal_m2",
            R,
            "Areal (m²)",
            "Area (m²)",
            derived_from_geometry=True,
            description_da="Beregnes af geometrien.",
            description_en="Derived from the geometry.",
            public=_public(ON_CARD, unit="m²", section="arealet"),
        ),
        Field(
            "ledigt_areal_m2",
            R,
            "Ledigt areal (m²)",
            "Free area (m²)",
            minimum=0,
            public=_public(
                ON_MAP,
                unit="m²",
                section="arealet",
                filter=_filter(
                    "areal",
                    FilterKind.AT_LEAST,
                    "Mindst ledigt areal (m²)",
                    "Minimum free area (m²)",
                    step=100,
                ),
                sort=PublicSort("areal", True, "Største ledige areal", "Largest free area"),
            ),
        ),
        Field(
            "anvendelse_generel",
            I,
            "Generel anvendelse",
            "General use",
            required=True,
            codelist="anvendelse_generel",
            public=_public(
                ON_MAP,
                section="plan",
                filter=_filter("anv", FilterKind.EQUALS, "Anvendelse", "Use"),
            ),
        ),
        Field(
            "anvendelse_specifik",
            I,
            "Specifik anvendelse",
            "Specific use",
            codelist="anvendelse_specifik",
            public=_public(ON_CARD, section="plan"),
        ),
        Field(
            "miljoeklasse_min",
            I,
            "Miljøklasse min.",
            "Environmental class min.",
            codelist="miljoeklasse",
            minimum=1,
            maximum=7,
            public=_public(ON_CARD, group="miljoeklasse", section="plan"),
        ),
        Field(
            "miljoeklasse_max",
            I,
            "Miljøklasse maks.",
            "Environmental class max.",
            codelist="miljoeklasse",
            minimum=1,
            maximum=7,
            public=_public(
                ON_MAP,
                group="miljoeklasse",
                section="plan",
                filter=_filter(
                    "miljo",
                    FilterKind.AT_LEAST,
                    "Miljøklasse mindst",
                    "Environmental class at least",
                ),
            ),
        ),
        Field(
            "max_bebyggelsesprocent",
            R,
            "Maks. bebyggelsesprocent",
            "Max. plot ratio (%)",
            minimum=0,
            maximum=400,
            public=_public(ON_CARD, unit="%", section="plan"),
        ),
        Field(
            "max_bygningshoejde_m",
            R,
            "Maks. bygningshøjde (m)",
            "Max. building height (m)",
            minimum=0,
            maximum=300,
            public=_public(ON_CARD, unit="m", section="plan"),
        ),
        Field(
            "zonestatus",
            I,
            "Zonestatus",
            "Planning zone",
            codelist="zonestatus",
            public=_public(ON_CARD, section="plan"),
        ),
        Field(
            "kommuneplanramme_id",
            T,
            "Kommuneplanramme",
            "Municipal plan framework",
            max_length=40,
            public=_public(ON_CARD, section="plan"),
        ),
        Field(
            "lokalplan_id",
            T,
            "Lokalplan (Plandata planid)",
            "Local plan (Plandata planid)",
            max_length=40,
            public=_public(ON_CARD, section="plan", role="lokalplan"),
        ),
        _utility("el", "el", "Electricity", "electricity"),
        _utility("vand", "vand", "Water", "water"),
        _utility("kloak", "kloak", "Sewer", "sewer"),
        _utility("fjernvarme", "fjernvarme", "District heating", "district heating"),
        _utility("gas", "gas", "Gas", "gas"),
        Field(
            "el_kapacitet_mw",
            R,
            "Ledig elkapacitet (MW)",
            "Available grid capacity (MW)",
            minimum=0,
            maximum=2000,
            public=_public(
                ON_MAP,
                unit="MW",
                section="forsyning",
                filter=_filter(
                    "mw",
                    FilterKind.AT_LEAST,
                    "Ledig elkapacitet mindst (MW)",
                    "Available grid capacity at least (MW)",
                    step=0.5,
                ),
            ),
        ),
        Field(
            "pris_kr_m2",
            R,
            "Pris (kr./m²)",
            "Price (DKK/m²)",
            minimum=0,
            maximum=100000,
            public=_public(
                IN_LIST,
                unit="kr./m²",
                section="arealet",
                sort=PublicSort("pris", False, "Laveste pris", "Lowest price"),
            ),
        ),
        Field(
            "ejer", T, "Ejer", "Owner", codelist="ejer", public=_public(ON_CARD, section="arealet")
        ),
        *_contact(ON_CARD),
        Field(
            "sidst_bekraeftet",
            D,
            "Sidst bekræftet",
            "Last confirmed",
            required=True,
            default=Default.TODAY,
            description_da="Dato hvor kommunen sidst bekræftede oplysningerne.",
            description_en="Date the municipality last confirmed the information.",
            public=_public(
                ON_MAP,
                role="confirmed",
                filter=_filter(
                    "bekr",
                    FilterKind.RECENT,
                    f"Kun bekræftede inden for {OVERDUE_MONTHS} måneder",
                    f"Only confirmed within {OVERDUE_MONTHS} months",
                    months=OVERDUE_MONTHS,
                    optional=True,
                ),
                sort=PublicSort("bekraeftet", True, "Senest bekræftet", "Most recently confirmed"),
            ),
        ),
        _visibility(),
    ),
    description_da="Erhvervsarealer, som kommunen udbyder eller planlægger for produktion.",
    description_en="Business sites the municipality offers or plans for production.",
)

INFRASTRUKTUR = Layer(
    "infrastruktur",
    "Infrastruktur",
    "Infrastructure",
    ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"),
    (
        *_identity(ON_TILES, _public(ON_TILES)),
        Field(
            "type",
            T,
            "Type",
            "Type",
            required=True,
            codelist="infrastruktur_type",
            public=_public(ON_TILES),
        ),
        Field("navn", T, "Navn", "Name", max_length=120, public=_public(ON_TILES)),
        Field(
            "ejer_forsyning",
            T,
            "Ejer / forsyning",
            "Owner / utility",
            max_length=120,
            public=_public(IN_DOWNLOADS),
        ),
        Field(
            "spaending_kv",
            R,
            "Spænding (kV)",
            "Voltage (kV)",
            minimum=0,
            maximum=800,
            public=_public(IN_DOWNLOADS, unit="kV"),
        ),
        Field("kapacitet", R, "Kapacitet", "Capacity", minimum=0, public=_public(IN_DOWNLOADS)),
        Field(
            "kapacitet_enhed",
            T,
            "Kapacitetsenhed",
            "Capacity unit",
            max_length=20,
            public=_public(IN_DOWNLOADS),
        ),
        Field(
            "status",
            T,
            "Status",
            "Status",
            required=True,
            codelist="infrastruktur_status",
            public=_public(ON_TILES),
        ),
        _visibility(),
    ),
    description_da="Forsyning og trafikal infrastruktur af betydning for produktion.",
    description_en="Utilities and transport infrastructure that matter to production.",
    critical_types=frozenset(
        {"el_station", "el_ledning", "gas_ledning", "vandvaerk", "renseanlaeg"}
    ),
)

INDUSTRIPARK_KANDIDAT = Layer(
    "industripark_kandidat",
    "Industripark-kandidat",
    "Industrial park candidate",
    ("MultiPolygon", "Polygon"),
    (
        *_identity(ON_TILES, _public(ON_TILES)),
        Field("navn", T, "Navn", "Name", required=True, max_length=120, public=_public(ON_TILES)),
        Field(
            "status",
            T,
            "Status",
            "Status",
            required=True,
            codelist="industripark_status",
            public=_public(ON_TILES),
        ),
        Field(
            "samlet_areal_m2",
            R,
            "Samlet areal (m²)",
            "Total area (m²)",
            derived_from_geometry=True,
            description_da="Beregnes af geometrien.",
            description_en="Derived from the geometry.",
            public=_public(IN_DOWNLOADS, unit="m²"),
        ),
        Field(
            "forventet_klar", D, "Forventet klar", "Expected ready", public=_public(IN_DOWNLOADS)
        ),
        Field(
            "beskrivelse",
            T,
            "Beskrivelse",
            "Description",
            max_length=2000,
            public=_public(IN_DOWNLOADS),
        ),
        *_contact(IN_DOWNLOADS),
        _visibility(),
    ),
    description_da="Kandidater til statslige og kommunale industriparker.",
    description_en="Candidates for state and municipal industrial parks.",
)

LAYERS: dict[str, Layer] = {
    layer.name: layer for layer in (ERHVERVSAREAL, INFRASTRUKTUR, INDUSTRIPARK_KANDIDAT)
}


def default_visibility(layer: Layer, infrastructure_type: str | None = None) -> Visibility:
    if infrastructure_type in layer.critical_types:
        return Visibility.MYNDIGHEDER
    return layer.default_visibility
