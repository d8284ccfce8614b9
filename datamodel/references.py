"""The national context ERST loads (reference kinds), declared once.

Each kind says which fields it keeps and where an import finds them in the authorities' files,
which geometry it takes, how the public map shows it (layers, zooms, what a layer is classified
by; the colours are in ``symbology.json`` under ``reference_layers``), which fields reach the
tiles, whether its objects may be public, and the default licence and attribution of its source.
The import (``publisher.references``), the rulebook (which kinds feed R01–R06), the public build
(context tiles, planned business areas, ``omgivelser``, OGC collections, downloads) and the
viewer (layer list, legend, attribution) all read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Mapping

from .schema import Field, FieldType, Visibility

T, R, D = FieldType.TEXT, FieldType.REAL, FieldType.DATE


class Shape(str, Enum):
    POLYGON = "polygon"
    LINE = "line"
    POINT = "point"


GEOMETRY_TYPES = {
    Shape.POLYGON: ("Polygon", "MultiPolygon"),
    Shape.LINE: ("LineString", "MultiLineString"),
    Shape.POINT: ("Point", "MultiPoint"),
}


@dataclass(frozen=True)
class KindField:
    field: Field
    sources: tuple[str, ...] = ()
    """Column names an authority's file uses for it, tried after the field's own name
    (case-insensitive)."""
    tile: bool = False
    """Carried in the context tiles (what the style, the map filter and a popup need)."""

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class MapLayer:
    """One layer of the public map made from a kind (a kind may give several, e.g. lines and
    substations)."""

    id: str
    label_da: str
    label_en: str
    shape: Shape
    minzoom: int
    """From this zoom the layer is in the tiles and drawn."""
    where: tuple[str, tuple[str, ...]] | None = None
    """Only the kind's objects whose field has one of these values, e.g. ("elnet_type", ("station",))."""
    classify_by: str | None = None
    """A field with a code list; its classes get the colours of symbology.json."""
    default_on: bool = False
    group: str = "kontekst"
    points_below: int | None = None
    """Below this zoom each object is also a point (layer ``<id>_punkt``), so small areas stay
    visible on the national map."""


@dataclass(frozen=True)
class VisibilityRule:
    """Which objects of a kind may be public. An object that arrives marked anything but
    ``offentlig`` in its own ``synlighed`` column is never public, whatever the rule says."""

    default: Visibility
    public_from_kv: float | None = None
    """With default ``myndigheder``: objects with ``spaending_kv`` of at least this are public."""

    def decide(self, attributes: Mapping[str, object]) -> Visibility:
        if self.public_from_kv is not None:
            voltage = attributes.get("spaending_kv")
            if isinstance(voltage, (int, float)) and voltage >= self.public_from_kv:
                return Visibility.OFFENTLIG
        return self.default

    def describe(self, language: str = "da") -> str:
        if self.public_from_kv is not None:
            return (
                f"offentlig fra {self.public_from_kv:g} kV, ellers myndigheder"
                if language == "da"
                else f"public from {self.public_from_kv:g} kV, else authorities only"
            )
        return self.default.value


@dataclass(frozen=True)
class ReferenceKind:
    name: str
    label_da: str
    label_en: str
    description_da: str
    description_en: str
    shapes: tuple[Shape, ...]
    fields: tuple[KindField, ...]
    required: tuple[str, ...]
    licence: str
    attribution: str
    visibility: VisibilityRule = VisibilityRule(Visibility.OFFENTLIG)
    replaces_whole_kind: bool = False
    """True: an import replaces every object of the kind (else only those of the same source)."""
    layers: tuple[MapLayer, ...] = ()
    collection: bool = True
    """Served as an OGC API collection and a download (when it has public objects)."""
    importable: bool = True
    """False for kinds the build derives (planned business areas)."""
    unique_by: str | None = None
    """Objects appearing in several sources (a plan in two kommuners' files) are kept once."""
    dissolve_by: str | None = None
    """Parts of one object spread over several features (a kommune's islands) become one."""
    type_by_shape: tuple[str, tuple[tuple[Shape, str], ...]] | None = None
    """A type field filled from the geometry where the file has none, e.g. lines are ledning."""

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def tile_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.tile)

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate.field
        raise KeyError(f"{self.name} has no field {name!r}")

    def label(self, language: str = "da") -> str:
        return self.label_da if language == "da" else self.label_en


def _f(
    name: str,
    kind: FieldType,
    da: str,
    en: str,
    *sources: str,
    tile: bool = False,
    codelist: str | None = None,
) -> KindField:
    return KindField(Field(name, kind, da, en, codelist=codelist), tuple(sources), tile)


PLANDATA_LICENCE = "Vilkår for brug af frie geografiske data"
PLANDATA = "Plandata.dk, Erhvervsstyrelsen"
MILJOEPORTAL = "Danmarks Miljøportal / Miljøstyrelsen"
DAGI = "DAGI, Klimadatastyrelsen"
OSM = "© OpenStreetMap contributors, ODbL"
ODBL = "ODbL 1.0"
ENERGISTYRELSEN = "Energistyrelsen"

ERHVERV_ANVGEN = ("31", "21")
"""Plandata anvendelse generel of planned business areas: erhverv, blandet bolig og erhverv."""
PLANNED_STATUSES = ("V", "F")
"""Plan statuses a planned business area may have (adopted or proposed, not cancelled)."""


@dataclass(frozen=True)
class NaturType:
    code: str
    temakode: int
    name_field: str
    """Where Danmarks Miljøportal's files keep the area's name."""


NATUR_TYPES: dict[str, NaturType] = {
    t.code: t
    for t in (
        NaturType("natura2000", 2019, "Objektnavn"),
        NaturType("paragraf3", 2013, "Natyp_navn"),
        NaturType("fredning", 2009, "Fred_navn"),
    )
}
"""The nature protections the rules (R01–R03), the import, the plugin and omgivelser know."""


def _plan_fields(with_dates: bool) -> tuple[KindField, ...]:
    dates = (
        (
            _f("datoforsl", D, "Dato for forslag", "Proposed on"),
            _f("datovedt", D, "Vedtaget", "Adopted on"),
            _f("datoikraft", D, "I kraft", "In force from"),
            _f("datoaflyst", D, "Aflyst", "Cancelled on"),
        )
        if with_dates
        else (_f("datovedt", D, "Vedtaget", "Adopted on"),)
    )
    return (
        _f("planid", T, "Plan-id", "Plan id", tile=True),
        _f("plannavn", T, "Plannavn", "Plan name", tile=True),
        _f("plannr", T, "Plannummer", "Plan number"),
        _f(
            "anvgen",
            T,
            "Generel anvendelse",
            "General use",
            tile=True,
            codelist="anvendelse_generel",
        ),
        _f("status", T, "Status", "Status", tile=True, codelist="plan_status"),
        _f("kommunekode", T, "Kommunekode", "Municipality code", "komnr", tile=True),
        *dates,
        _f("doklink", T, "Plan (PDF)", "Plan (PDF)", tile=True),
    )


NOT_A_KOMMUNE = frozenset({"0411"})
"""Codes in DAGI's kommune layer that are no kommune: 0411 Christiansø is administered by the
state. The map draws its land; the finder, the search and ERST's dashboard list the 98 kommuner."""

KINDS: dict[str, ReferenceKind] = {
    kind.name: kind
    for kind in (
        ReferenceKind(
            "kommunegraenser",
            "Kommunegrænser",
            "Municipal boundaries",
            "Alle 98 kommuner (DAGI): land, grænser og navne i grundkortet.",
            "All 98 municipalities (DAGI): land, boundaries and names in the basemap.",
            (Shape.POLYGON,),
            (
                _f("kommunekode", T, "Kommunekode", "Municipality code", "KOMKODE", tile=True),
                _f("navn", T, "Navn", "Name", "KOMNAVN", "kommunenavn", tile=True),
            ),
            ("kommunekode", "navn"),
            "Vilkår for brug af frie geografiske data",
            DAGI,
            replaces_whole_kind=True,
            collection=False,
            dissolve_by="kommunekode",
            layers=(
                MapLayer(
                    "kommunegraenser",
                    "Kommunegrænser",
                    "Municipal boundaries",
                    Shape.POLYGON,
                    3,
                    default_on=True,
                    group="grundkort",
                ),
            ),
        ),
        ReferenceKind(
            "regioner",
            "Regioner",
            "Regions",
            "De fem regioner (DAGI), med navn i grundkortet.",
            "The five regions (DAGI), named in the basemap.",
            (Shape.POLYGON,),
            (
                _f("regionskode", T, "Regionskode", "Region code", "REGIONKODE", tile=True),
                _f("navn", T, "Navn", "Name", "REGIONNAVN", "regionsnavn", tile=True),
            ),
            ("regionskode", "navn"),
            "Vilkår for brug af frie geografiske data",
            DAGI,
            replaces_whole_kind=True,
            collection=False,
            dissolve_by="regionskode",
            layers=(
                MapLayer(
                    "regioner",
                    "Regioner",
                    "Regions",
                    Shape.POLYGON,
                    3,
                    default_on=True,
                    group="grundkort",
                ),
            ),
        ),
        ReferenceKind(
            "planlagte_erhvervsomraader",
            "Planlagte erhvervsområder",
            "Planned business areas",
            "Lokalplaner og kommuneplanrammer til erhverv (anvgen 31) og blandet bolig og erhverv "
            "(21), vedtaget eller i forslag, for alle kommuner; afledt af Plandata ved hver bygning.",
            "Local plans and municipal plan frameworks for business (anvgen 31) and mixed housing "
            "and business (21), adopted or proposed, for every municipality; derived from Plandata "
            "at every build.",
            (Shape.POLYGON,),
            (
                _f("planid", T, "Plan-id", "Plan id", tile=True),
                _f("plannavn", T, "Plannavn", "Plan name", tile=True),
                _f("plantype", T, "Plantype", "Plan type", tile=True, codelist="plan_type"),
                _f(
                    "anvgen",
                    T,
                    "Generel anvendelse",
                    "General use",
                    tile=True,
                    codelist="anvendelse_generel",
                ),
                _f("status", T, "Status", "Status", tile=True, codelist="plan_status"),
                _f("kommunekode", T, "Kommunekode", "Municipality code", tile=True),
                _f("doklink", T, "Plan (PDF)", "Plan (PDF)", tile=True),
            ),
            ("planid",),
            PLANDATA_LICENCE,
            PLANDATA,
            importable=False,
            layers=(
                MapLayer(
                    "planlagte_erhvervsomraader",
                    "Planlagte erhvervsområder (alle kommuner)",
                    "Planned business areas (all municipalities)",
                    Shape.POLYGON,
                    9,
                    classify_by="anvgen",
                    default_on=True,
                    group="planer",
                    points_below=10,
                ),
            ),
        ),
        ReferenceKind(
            "lokalplaner",
            "Lokalplaner",
            "Local plans",
            "Plandata-lokalplaner i alle statusser: vedtaget, forslag, aflyst og kladde.",
            "Plandata local plans in every status: adopted, proposed, cancelled and draft.",
            (Shape.POLYGON,),
            _plan_fields(with_dates=True),
            ("planid", "plannavn", "status"),
            PLANDATA_LICENCE,
            PLANDATA,
            unique_by="planid",
            layers=(
                MapLayer(
                    "lokalplaner",
                    "Lokalplaner efter status",
                    "Local plans by status",
                    Shape.POLYGON,
                    10,
                    classify_by="status",
                    group="planer",
                ),
            ),
        ),
        ReferenceKind(
            "kommuneplanrammer",
            "Kommuneplanrammer",
            "Municipal plan frameworks",
            "Plandata-kommuneplanrammer med anvendelse og status; indgår også i regel R04.",
            "Plandata municipal plan frameworks with use and status; rule R04 reads them too.",
            (Shape.POLYGON,),
            _plan_fields(with_dates=False),
            ("planid", "plannavn", "status"),
            PLANDATA_LICENCE,
            PLANDATA,
            unique_by="planid",
            layers=(
                MapLayer(
                    "kommuneplanrammer",
                    "Kommuneplanrammer",
                    "Municipal plan frameworks",
                    Shape.POLYGON,
                    9,
                    classify_by="status",
                    group="planer",
                ),
            ),
        ),
        ReferenceKind(
            "natur",
            "Beskyttet natur",
            "Protected nature",
            "Natura 2000-områder, §3-beskyttede naturtyper og fredninger.",
            "Natura 2000 sites, protected habitats (§3) and conservation orders.",
            (Shape.POLYGON,),
            (
                _f(
                    "natur_type",
                    T,
                    "Beskyttelse",
                    "Protection",
                    "kind",
                    tile=True,
                    codelist="natur_type",
                ),
                _f(
                    "navn",
                    T,
                    "Navn",
                    "Name",
                    *(t.name_field for t in NATUR_TYPES.values()),
                    "Temanavn",
                    tile=True,
                ),
            ),
            ("natur_type", "navn"),
            "Vilkår for brug af frie geografiske data",
            MILJOEPORTAL,
            layers=(
                MapLayer(
                    "natur",
                    "Beskyttet natur (Natura 2000, §3, fredninger)",
                    "Protected nature (Natura 2000, §3, conservation orders)",
                    Shape.POLYGON,
                    7,
                    classify_by="natur_type",
                    group="natur",
                ),
            ),
        ),
        ReferenceKind(
            "kloakoplande",
            "Kloakoplande",
            "Sewerage catchments",
            "Spildevandsplanernes kloakoplande (Plandata temakode 1201) med eksisterende og "
            "planlagt kloakeringsform.",
            "The wastewater plans' sewerage catchments (Plandata theme 1201) with the existing and "
            "the planned sewerage form.",
            (Shape.POLYGON,),
            (
                _f("navn", T, "Opland", "Catchment", "navn1201", tile=True),
                _f(
                    "kloakering_eksisterende",
                    T,
                    "Eksisterende kloakering",
                    "Existing sewerage",
                    "type1201a",
                    "vaerd1201a",
                    tile=True,
                    codelist="kloakeringsform",
                ),
                _f(
                    "kloakering_planlagt",
                    T,
                    "Planlagt kloakering",
                    "Planned sewerage",
                    "type1201b",
                    "vaerd1201b",
                    tile=True,
                    codelist="kloakeringsform",
                ),
                _f("status", T, "Planstatus", "Plan status"),
                _f("doklink", T, "Spildevandsplan (PDF)", "Wastewater plan (PDF)"),
            ),
            ("kloakering_eksisterende",),
            PLANDATA_LICENCE,
            PLANDATA,
            layers=(
                MapLayer(
                    "kloakoplande",
                    "Kloakoplande efter kloakeringsform",
                    "Sewerage catchments by sewerage form",
                    Shape.POLYGON,
                    11,
                    classify_by="kloakering_eksisterende",
                    group="forsyning",
                ),
            ),
        ),
        ReferenceKind(
            "fjernvarme",
            "Fjernvarme",
            "District heating",
            "Fjernvarmens forsyningsområder (flader) og værker (punkter) med navn og hovedbrændsel.",
            "District heating supply areas (polygons) and plants (points) with name and main fuel.",
            (Shape.POLYGON, Shape.POINT),
            (
                _f("fjernvarme_type", T, "Type", "Type", tile=True, codelist="fjernvarme_type"),
                _f("navn", T, "Navn", "Name", "name", tile=True),
                _f(
                    "braendsel",
                    T,
                    "Hovedbrændsel",
                    "Main fuel",
                    "current_main_fuel",
                    "hovedbraendsel",
                    tile=True,
                ),
                _f("forsyid", T, "Forsynings-id", "Supply id"),
                _f("adresse", T, "Adresse", "Address", "address"),
            ),
            ("fjernvarme_type", "navn"),
            "Vilkår for brug af Energistyrelsens data",
            ENERGISTYRELSEN,
            type_by_shape=("fjernvarme_type", ((Shape.POLYGON, "omraade"), (Shape.POINT, "vaerk"))),
            layers=(
                MapLayer(
                    "fjernvarme_omraader",
                    "Fjernvarmeområder",
                    "District heating areas",
                    Shape.POLYGON,
                    8,
                    where=("fjernvarme_type", ("omraade",)),
                    group="forsyning",
                ),
                MapLayer(
                    "fjernvarme_vaerker",
                    "Fjernvarmeværker",
                    "District heating plants",
                    Shape.POINT,
                    7,
                    where=("fjernvarme_type", ("vaerk",)),
                    group="forsyning",
                ),
            ),
        ),
        ReferenceKind(
            "elnet",
            "Elnet",
            "Power grid",
            "Transmissions- og distributionsledninger med spænding og transformerstationer med navn "
            "og spændinger (fx OpenStreetMap). Ledninger og stationer fra 132 kV er offentlige som i "
            "OpenStreetMap; resten kun for myndigheder.",
            "Transmission and distribution lines with voltage and substations with name and "
            "voltages (e.g. OpenStreetMap). Lines and substations from 132 kV are public as in "
            "OpenStreetMap; the rest are for authorities only.",
            (Shape.LINE, Shape.POINT),
            (
                _f(
                    "elnet_type",
                    T,
                    "Type",
                    "Type",
                    "typ",
                    "type",
                    "power",
                    tile=True,
                    codelist="elnet_type",
                ),
                _f("navn", T, "Navn", "Name", "name", tile=True),
                _f("spaending_kv", R, "Højeste spænding (kV)", "Highest voltage (kV)", tile=True),
                _f("spaendinger", T, "Spændinger", "Voltages", tile=True),
                _f(
                    "spaendingsniveau",
                    T,
                    "Spændingsniveau",
                    "Voltage level",
                    tile=True,
                    codelist="spaendingsniveau",
                ),
                _f("operatoer", T, "Operatør", "Operator", "operator"),
            ),
            ("elnet_type",),
            ODBL,
            OSM,
            visibility=VisibilityRule(Visibility.MYNDIGHEDER, public_from_kv=132),
            type_by_shape=("elnet_type", ((Shape.LINE, "ledning"), (Shape.POINT, "station"))),
            layers=(
                MapLayer(
                    "elnet_ledninger",
                    "Elledninger efter spænding",
                    "Power lines by voltage",
                    Shape.LINE,
                    5,
                    where=("elnet_type", ("ledning",)),
                    classify_by="spaendingsniveau",
                    group="forsyning",
                ),
                MapLayer(
                    "elnet_stationer",
                    "Transformerstationer",
                    "Substations",
                    Shape.POINT,
                    7,
                    where=("elnet_type", ("station",)),
                    group="forsyning",
                ),
            ),
        ),
        ReferenceKind(
            "gasnet",
            "Gasnet",
            "Gas grid",
            "Gasledninger og måler- og regulatorstationer. Kritisk infrastruktur: kun for myndigheder, "
            "medmindre ERST vælger andet ved importen.",
            "Gas pipelines and metering and regulator stations. Critical infrastructure: authorities "
            "only unless ERST chooses otherwise at import.",
            (Shape.LINE, Shape.POINT),
            (
                _f("gasnet_type", T, "Type", "Type", tile=True, codelist="gasnet_type"),
                _f("navn", T, "Navn", "Name", "name", tile=True),
                _f("tryk_bar", R, "Tryk (bar)", "Pressure (bar)", "pressure", tile=True),
                _f("operatoer", T, "Operatør", "Operator", "operator"),
            ),
            ("gasnet_type",),
            "Efter aftale med ledningsejeren",
            "Evida / Energinet",
            visibility=VisibilityRule(Visibility.MYNDIGHEDER),
            type_by_shape=("gasnet_type", ((Shape.LINE, "ledning"), (Shape.POINT, "station"))),
            layers=(
                MapLayer(
                    "gasnet_ledninger",
                    "Gasledninger",
                    "Gas pipelines",
                    Shape.LINE,
                    7,
                    where=("gasnet_type", ("ledning",)),
                    group="forsyning",
                ),
                MapLayer(
                    "gasnet_stationer",
                    "Gasstationer",
                    "Gas stations",
                    Shape.POINT,
                    9,
                    where=("gasnet_type", ("station",)),
                    group="forsyning",
                ),
            ),
        ),
        ReferenceKind(
            "energiparker",
            "Energiparker",
            "Energy parks",
            "Arealer planlagt eller udpeget til vind- og solenergiparker.",
            "Areas planned or designated for wind and solar energy parks.",
            (Shape.POLYGON,),
            (
                _f("navn", T, "Navn", "Name", "name", tile=True),
                _f(
                    "energipark_type",
                    T,
                    "Energiform",
                    "Energy",
                    "type",
                    tile=True,
                    codelist="energipark_type",
                ),
                _f("status", T, "Status", "Status", tile=True, codelist="energipark_status"),
                _f("kommunekode", T, "Kommunekode", "Municipality code", "komnr", tile=True),
                _f("kapacitet_mw", R, "Kapacitet (MW)", "Capacity (MW)"),
                _f("link", T, "Link", "Link"),
            ),
            ("navn", "energipark_type"),
            PLANDATA_LICENCE,
            "Energistyrelsen / kommunerne",
            layers=(
                MapLayer(
                    "energiparker",
                    "Energiparker (vind og sol)",
                    "Energy parks (wind and solar)",
                    Shape.POLYGON,
                    6,
                    classify_by="energipark_type",
                    group="forsyning",
                ),
            ),
        ),
    )
}

IMPORTABLE_KINDS = tuple(name for name, kind in KINDS.items() if kind.importable)
"""What `python -m publisher references import KIND` takes."""
RULE_KINDS = ("kommunegraenser", "natur", "lokalplaner", "kommuneplanrammer")
"""The kinds the rulebook checks against: G07–G09, R01–R03, R04 (plans of both kinds), R05–R06
(lokalplaner only)."""
PROJECT_REFERENCE_TAGS = ("kommunegraenser", *NATUR_TYPES, "lokalplaner", "kommuneplanrammer")
"""What a QGIS project layer may be tagged as a reference for (the plugin's pre-flight check)."""
MAP_LAYERS: dict[str, tuple[ReferenceKind, MapLayer]] = {
    layer.id: (kind, layer) for kind in KINDS.values() for layer in kind.layers
}
