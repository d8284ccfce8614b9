"""Data model v1: the three municipal layers, declared once.

The QGIS forms, the validator, the GeoPackage template, the documentation and the web map's
popups are all generated from these declarations. Change a field here and every consumer follows.
"""
from __future__ import annotations

from .schema import Default, Field, FieldType, Layer, Visibility

DATAMODEL_VERSION = "1.0.0"
CRS_EPSG = 25832
CRS = f"EPSG:{CRS_EPSG}"

T, I, R, B, D, U = (FieldType.TEXT, FieldType.INTEGER, FieldType.REAL, FieldType.BOOLEAN,
                    FieldType.DATE, FieldType.UUID)

EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"
URL_PATTERN = r"https?://\S+"
PHONE_PATTERN = r"\+?[0-9 ]{8,16}"


def _identity() -> tuple[Field, ...]:
    return (
        Field("objekt_id", U, "Objekt-id", "Object id", required=True, default=Default.NEW_UUID,
              description_da="Fast UUID, der følger objektet ved hver eksport.",
              description_en="Stable UUID that follows the object through every export."),
        Field("kommunekode", T, "Kommunekode", "Municipality code", required=True,
              pattern=r"\d{4}", default=Default.KOMMUNEKODE,
              description_da="Fire cifre fra DAGI, fx 0167 for Hvidovre.",
              description_en="Four digits from DAGI, e.g. 0167 for Hvidovre."),
    )


def _contact() -> tuple[Field, ...]:
    return (
        Field("kontakt_navn", T, "Kontaktperson", "Contact person", max_length=120),
        Field("kontakt_email", T, "Kontakt e-mail", "Contact e-mail", max_length=254,
              pattern=EMAIL_PATTERN),
        Field("kontakt_telefon", T, "Kontakt telefon", "Contact phone", max_length=20,
              pattern=PHONE_PATTERN),
        Field("link", T, "Link", "Link", max_length=500, pattern=URL_PATTERN,
              description_da="Kommunens side om arealet.",
              description_en="The municipality's page about the site."),
    )


def _visibility() -> Field:
    return Field("synlighed", T, "Synlighed", "Visibility", required=True,
                 codelist="synlighed",
                 description_da="'myndigheder' når aldrig det offentlige kort.",
                 description_en="'myndigheder' never reaches the public map.")


def _utility(name: str, da: str, en: str) -> Field:
    return Field(f"tilslutning_{name}", B, f"Tilslutning til {da}", f"{en} connection")


ERHVERVSAREAL = Layer(
    "erhvervsareal", "Erhvervsareal", "Business site", ("MultiPolygon", "Polygon"),
    (
        *_identity(),
        Field("navn", T, "Navn", "Name", required=True, max_length=120),
        Field("status", T, "Status", "Status", required=True, codelist="erhvervsareal_status"),
        Field("areal_m2", R, "Areal (m²)", "Area (m²)", derived_from_geometry=True,
              description_da="Beregnes af geometrien.", description_en="Derived from the geometry."),
        Field("ledigt_areal_m2", R, "Ledigt areal (m²)", "Free area (m²)", minimum=0),
        Field("anvendelse_generel", I, "Generel anvendelse", "General use", required=True,
              codelist="anvendelse_generel"),
        Field("anvendelse_specifik", I, "Specifik anvendelse", "Specific use",
              codelist="anvendelse_specifik"),
        Field("miljoeklasse_min", I, "Miljøklasse min.", "Environmental class min.",
              codelist="miljoeklasse", minimum=1, maximum=7),
        Field("miljoeklasse_max", I, "Miljøklasse maks.", "Environmental class max.",
              codelist="miljoeklasse", minimum=1, maximum=7),
        Field("max_bebyggelsesprocent", R, "Maks. bebyggelsesprocent", "Max. plot ratio (%)",
              minimum=0, maximum=400),
        Field("max_bygningshoejde_m", R, "Maks. bygningshøjde (m)", "Max. building height (m)",
              minimum=0, maximum=300),
        Field("zonestatus", I, "Zonestatus", "Planning zone", codelist="zonestatus"),
        Field("kommuneplanramme_id", T, "Kommuneplanramme", "Municipal plan framework",
              max_length=40),
        Field("lokalplan_id", T, "Lokalplan (Plandata planid)", "Local plan (Plandata planid)",
              max_length=40),
        _utility("el", "el", "Electricity"),
        _utility("vand", "vand", "Water"),
        _utility("kloak", "kloak", "Sewer"),
        _utility("fjernvarme", "fjernvarme", "District heating"),
        _utility("gas", "gas", "Gas"),
        Field("el_kapacitet_mw", R, "Ledig elkapacitet (MW)", "Available grid capacity (MW)",
              minimum=0, maximum=2000),
        Field("pris_kr_m2", R, "Pris (kr./m²)", "Price (DKK/m²)", minimum=0, maximum=100000),
        Field("ejer", T, "Ejer", "Owner", codelist="ejer"),
        *_contact(),
        Field("sidst_bekraeftet", D, "Sidst bekræftet", "Last confirmed", required=True,
              default=Default.TODAY,
              description_da="Dato hvor kommunen sidst bekræftede oplysningerne.",
              description_en="Date the municipality last confirmed the information."),
        _visibility(),
    ),
    description_da="Erhvervsarealer, som kommunen udbyder eller planlægger for produktion.",
    description_en="Business sites the municipality offers or plans for production.",
)

INFRASTRUKTUR = Layer(
    "infrastruktur", "Infrastruktur", "Infrastructure",
    ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"),
    (
        *_identity(),
        Field("type", T, "Type", "Type", required=True, codelist="infrastruktur_type"),
        Field("navn", T, "Navn", "Name", max_length=120),
        Field("ejer_forsyning", T, "Ejer / forsyning", "Owner / utility", max_length=120),
        Field("spaending_kv", R, "Spænding (kV)", "Voltage (kV)", minimum=0, maximum=800),
        Field("kapacitet", R, "Kapacitet", "Capacity", minimum=0),
        Field("kapacitet_enhed", T, "Kapacitetsenhed", "Capacity unit", max_length=20),
        Field("status", T, "Status", "Status", required=True, codelist="infrastruktur_status"),
        _visibility(),
    ),
    description_da="Forsyning og trafikal infrastruktur af betydning for produktion.",
    description_en="Utilities and transport infrastructure that matter to production.",
    critical_types=frozenset({"el_station", "el_ledning", "gas_ledning", "vandvaerk",
                              "renseanlaeg"}),
)

INDUSTRIPARK_KANDIDAT = Layer(
    "industripark_kandidat", "Industripark-kandidat", "Industrial park candidate",
    ("MultiPolygon", "Polygon"),
    (
        *_identity(),
        Field("navn", T, "Navn", "Name", required=True, max_length=120),
        Field("status", T, "Status", "Status", required=True, codelist="industripark_status"),
        Field("samlet_areal_m2", R, "Samlet areal (m²)", "Total area (m²)",
              derived_from_geometry=True,
              description_da="Beregnes af geometrien.", description_en="Derived from the geometry."),
        Field("forventet_klar", D, "Forventet klar", "Expected ready"),
        Field("beskrivelse", T, "Beskrivelse", "Description", max_length=2000),
        *_contact(),
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
