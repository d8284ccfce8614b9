"""Code lists of the national reference kinds (the context ERST loads), apart from the municipal
data model's own lists in ``codelists.py``. Plandata codes were read from the real files in
``../shared/data``; labels that could not be verified there are marked provisional."""

from __future__ import annotations

from .codelists import _codes
from .schema import CodeList


PLAN_STATUS = CodeList(
    "plan_status",
    "Planstatus (Plandata)",
    "Plan status (Plandata)",
    _codes(
        ("V", "Vedtaget", "Adopted"),
        ("F", "Forslag", "Proposed"),
        ("A", "Aflyst", "Cancelled"),
        ("K", "Kladde", "Draft", True),
    ),
    source="Plandata.dk status; K (kladde) provisional",
)

PLAN_TYPE = CodeList(
    "plan_type",
    "Plantype",
    "Plan type",
    _codes(
        ("lokalplan", "Lokalplan", "Local plan"),
        ("kommuneplanramme", "Kommuneplanramme", "Municipal plan framework"),
    ),
)

NATUR_TYPE = CodeList(
    "natur_type",
    "Naturbeskyttelse",
    "Nature protection",
    _codes(
        ("natura2000", "Natura 2000", "Natura 2000"),
        ("paragraf3", "§3-beskyttet natur", "Protected habitat (§3)"),
        ("fredning", "Fredning", "Conservation order"),
    ),
    source="Danmarks Miljøportal temakode 2019 (Natura 2000), 2013 (§3), 2009 (fredninger)",
)

KLOAKERINGSFORM = CodeList(
    "kloakeringsform",
    "Kloakeringsform",
    "Sewerage form",
    _codes(
        ("faelleskloakeret", "Fælleskloakeret", "Combined sewer"),
        ("separatkloakeret", "Separatkloakeret", "Separate sewers"),
        ("spildevandskloakeret", "Kun spildevandskloakeret", "Foul sewer only"),
        ("overfladevandskloakeret", "Kun overfladevandskloakeret", "Surface-water sewer only"),
        ("ukloakeret", "Ukloakeret", "No sewer"),
        ("anden", "Anden kloakering", "Other sewerage"),
    ),
    source="Plandata spildevandsplan temakode 1201, type1201a/b 1–6 with vaerd1201a/b",
)

ELNET_TYPE = CodeList(
    "elnet_type",
    "Elnet",
    "Power grid",
    _codes(("ledning", "Elledning", "Power line"), ("station", "Transformerstation", "Substation")),
)

SPAENDINGSNIVEAU = CodeList(
    "spaendingsniveau",
    "Spændingsniveau",
    "Voltage level",
    _codes(
        ("400", "400 kV", "400 kV"),
        ("220", "220 kV", "220 kV"),
        ("132_150", "132–150 kV", "132–150 kV"),
        ("under_132", "Under 132 kV", "Below 132 kV"),
        ("ukendt", "Ukendt spænding", "Unknown voltage"),
    ),
)

FJERNVARME_TYPE = CodeList(
    "fjernvarme_type",
    "Fjernvarme",
    "District heating",
    _codes(
        ("omraade", "Fjernvarmeområde", "District heating area"),
        ("vaerk", "Fjernvarmeværk", "District heating plant"),
    ),
)

GASNET_TYPE = CodeList(
    "gasnet_type",
    "Gasnet",
    "Gas grid",
    _codes(
        ("ledning", "Gasledning", "Gas pipeline"),
        ("station", "Måler- og regulatorstation", "Metering and regulator station"),
    ),
)

ENERGIPARK_TYPE = CodeList(
    "energipark_type",
    "Energipark",
    "Energy park",
    _codes(
        ("vind", "Vindenergi", "Wind energy"),
        ("sol", "Solenergi", "Solar energy"),
        ("vind_og_sol", "Vind- og solenergi", "Wind and solar energy"),
    ),
)

ENERGIPARK_STATUS = CodeList(
    "energipark_status",
    "Status for energipark",
    "Energy park status",
    _codes(("planlagt", "Planlagt", "Planned"), ("udpeget", "Udpeget", "Designated")),
)

REFERENCE_CODELISTS: dict[str, CodeList] = {
    codelist.name: codelist
    for codelist in (
        PLAN_STATUS,
        PLAN_TYPE,
        NATUR_TYPE,
        KLOAKERINGSFORM,
        ELNET_TYPE,
        SPAENDINGSNIVEAU,
        FJERNVARME_TYPE,
        GASNET_TYPE,
        ENERGIPARK_TYPE,
        ENERGIPARK_STATUS,
    )
}
