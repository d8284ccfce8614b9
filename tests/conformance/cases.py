"""Small submissions with the findings both geometry adapters must produce.

Pure Python (no geometry library): geometries are WKT in EPSG:25832 unless a case names another
CRS; references are WKT too. The publisher's tests write each case to a GeoPackage and run
publisher.validation.validate_file; the QGIS plugin's tests build memory layers from the same
cases and run its own adapter. Both compare (rule, feature number) as a multiset, and check that a
finding on a feature carries that feature's objekt_id.

Layout (metres): kommune 0167 is the square x 700000–710000, y 6160000–6170000; kommune 0101 is
the square east of it. Lokalplan 1001 (erhverv, vedtaget) covers x 701000–712000,
y 6161000–6165000; sites are 100 m squares inside it unless a case says otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

TODAY = date(2026, 6, 15)
KOMMUNE = "0167"


def box(xmin: float, ymin: float, xmax: float, ymax: float) -> str:
    return f"POLYGON (({xmin} {ymin}, {xmax} {ymin}, {xmax} {ymax}, {xmin} {ymax}, {xmin} {ymin}))"


def square(x: float, y: float, size: float = 100) -> str:
    return box(x, y, x + size, y + size)


REFERENCES = {
    "kommuner": {
        "0167": box(700000, 6160000, 710000, 6170000),
        "0101": box(710000, 6160000, 720000, 6170000),
    },
    # (kind, navn, wkt)
    "natur": [
        ("natura2000", "Vestamager og havet syd for", box(702000, 6164500, 703000, 6166000)),
        ("paragraf3", "Eng", box(704000, 6164800, 704200, 6165200)),
        ("fredning", "Damhuså", box(706000, 6164700, 706300, 6165300)),
        (
            "paragraf3",
            "Mose",
            "MULTIPOLYGON (((703000 6163000, 703050 6163000, 703050 6163100, "
            "703000 6163100, 703000 6163000)), ((703100 6163000, 703150 6163000, "
            "703150 6163100, 703100 6163100, 703100 6163000)))",
        ),
    ],
    # (planid, anvgen, status, plannavn, wkt)
    "planer": [
        ("1001", "31", "V", "Erhvervsområde ved Vojensvej", box(701000, 6161000, 712000, 6165000)),
        ("1002", "31", "F", "Forslag til erhvervsområde", box(701000, 6166000, 705000, 6168000)),
        ("1003", "11", "V", "Boligområde", box(706000, 6166000, 709000, 6168000)),
    ],
}


def objekt_id(number: int) -> str:
    return f"6f1c2a3e-0000-4000-8000-{number:012d}"


def site(number: int = 1, wkt: str | None = None, **changes) -> dict:
    """A correct erhvervsareal; ``changes`` replace attributes (None removes nothing: it empties)."""
    attributes = {
        "objekt_id": objekt_id(number),
        "kommunekode": KOMMUNE,
        "navn": f"Erhvervsområde Vojensvej {number}",
        "status": "ledig",
        "ledigt_areal_m2": 5000.0,
        "anvendelse_generel": 31,
        "anvendelse_specifik": 3120,
        "miljoeklasse_min": 2,
        "miljoeklasse_max": 4,
        "max_bebyggelsesprocent": 60.0,
        "max_bygningshoejde_m": 15.0,
        "zonestatus": 1,
        "kommuneplanramme_id": "1.E.1",
        "lokalplan_id": "1001",
        "tilslutning_el": True,
        "tilslutning_vand": True,
        "tilslutning_kloak": True,
        "tilslutning_fjernvarme": False,
        "tilslutning_gas": False,
        "el_kapacitet_mw": 2.5,
        "pris_kr_m2": 650.0,
        "ejer": "kommune",
        "kontakt_navn": "Erhvervsservice",
        "kontakt_email": "erhverv@hvidovre.dk",
        "kontakt_telefon": "+45 36 39 37 00",
        "link": "https://www.hvidovre.dk/erhverv",
        "sidst_bekraeftet": TODAY - timedelta(days=30),
        "synlighed": "offentlig",
        "wkt": wkt if wkt is not None else square(701100 + 200 * number, 6161100),
    }
    attributes.update(changes)
    return attributes


def without(feature: dict, *names: str) -> dict:
    return {key: value for key, value in feature.items() if key not in names}


@dataclass(frozen=True)
class Case:
    name: str
    features: list[dict]
    expected: list[tuple[str, int | None]]
    """(rule, 1-based feature number or None for a layer-wide finding), as a multiset."""
    layer: str = "erhvervsareal"
    crs: str = "EPSG:25832"
    kommune: str = KOMMUNE
    with_references: bool = True
    notes: str = ""
    extra: dict = field(default_factory=dict)


NO_REFERENCES = [("S02", None)] * 4  # G07–G09, R01–R03, R04, R05/R06 cannot run

_LONLAT = "POLYGON ((12.470 55.630, 12.472 55.630, 12.472 55.631, 12.470 55.631, 12.470 55.630))"
_LATLON = "POLYGON ((55.630 12.470, 55.630 12.472, 55.631 12.472, 55.631 12.470, 55.630 12.470))"
_BOWTIE = (
    "POLYGON ((701100 6161100, 701200 6161200, 701200 6161100, 701100 6161200, 701100 6161100))"
)


def _grid_square(number: int) -> str:
    """Squares side by side in rows of 40, inside lokalplan 1001 and away from the nature."""
    return square(701100 + 200 * (number % 40), 6161100 + 200 * (number // 40))


_COLLAPSED = "POLYGON ((701100 6161100, 701150 6161100, 701200 6161100, 701100 6161100))"

CASES: list[Case] = [
    Case(
        "correct sites pass every rule",
        [site(1), site(2), site(3, wkt=square(701500, 6161200))],
        [],
    ),
    Case("G01 missing geometry", [site(1, wkt="")], [("G01", 1)]),
    Case(
        "G02 self-intersecting polygon is repaired",
        [site(1, wkt=_BOWTIE, ledigt_areal_m2=None)],
        [("G02", 1)],
    ),
    Case("G03 collapsed polygon cannot be repaired", [site(1, wkt=_COLLAPSED)], [("G03", 1)]),
    Case("G04 point in a polygon layer", [site(1, wkt="POINT (701150 6161150)")], [("G04", 1)]),
    Case(
        "G05 WGS84 longitude/latitude is reprojected",
        [site(1, wkt=_LONLAT)],
        [("G05", None), *NO_REFERENCES],
        crs="EPSG:4326",
        with_references=False,
    ),
    Case(
        "G05 latitude/longitude (swapped axes) is reprojected",
        [site(1, wkt=_LATLON)],
        [("G05", None), *NO_REFERENCES],
        crs="EPSG:4326",
        with_references=False,
    ),
    Case("G06 coordinates in no known system", [site(1, wkt=square(10, 10))], [("G06", None)]),
    Case("G07 outside Denmark", [site(1, wkt=square(650000, 6000000))], [("G07", 1), ("R04", 1)]),
    Case(
        "G08 mostly in the neighbouring kommune",
        [site(1, wkt=square(709900, 6162500, 300))],
        [("G08", 1)],
    ),
    Case(
        "G09 across the kommune border", [site(1, wkt=square(709800, 6162000, 300))], [("G09", 1)]
    ),
    Case("G10 duplicate geometry", [site(1), site(2, wkt=square(701300, 6161100))], [("G10", 2)]),
    Case("G11 overlapping sites", [site(1), site(2, wkt=square(701350, 6161100))], [("G11", 2)]),
    Case(
        "G10 beyond three duplicates of one object are counted, not listed",
        [site(number, wkt=square(701300, 6161100)) for number in range(1, 6)],
        [
            ("G10", 2),
            ("G10", 3),
            ("G10", 3),
            ("G10", 4),
            ("G10", 4),
            ("G10", 4),
            ("G10", 5),
            ("G10", 5),
            ("G10", 5),
            ("S05", None),
        ],
        notes="object 5 duplicates four earlier ones: three are listed, the fourth counted",
    ),
    Case(
        "G12 too many overlapping pairs to check",
        [site(number, wkt=square(701300, 6161100)) for number in range(1, 151)],
        [("G12", None)],
        notes="150 copies are 11,175 pairs, more than the floor of 10,000 pairs to examine",
    ),
    Case(
        "S05 findings beyond 100 of one rule are counted, not listed",
        [site(number + 1, wkt=_grid_square(number), navn=None) for number in range(101)],
        [("A02", number) for number in range(1, 101)] + [("S05", None)],
    ),
    Case("A01 required field missing from the layer", [without(site(1), "navn")], [("A01", None)]),
    Case("A02 required value empty", [site(1, navn=None)], [("A02", 1)]),
    Case(
        "A03 value not in the code list",
        [site(1, status="solgt"), site(2, zonestatus=9)],
        [("A03", 1), ("A03", 2)],
    ),
    Case("A04 text in a number field", [site(1, miljoeklasse_min="tre")], [("A04", 1)]),
    Case("A05 number out of range", [site(1, max_bygningshoejde_m=500.0)], [("A05", 1)]),
    Case("A06 text too long", [site(1, navn="Erhvervsområde " * 10)], [("A06", 1)]),
    Case("A07 wrong format", [site(1, kontakt_email="ikke en e-mail")], [("A07", 1)]),
    Case("A08 objekt_id is not a UUID", [site(1, objekt_id="areal-1")], [("A08", 1)]),
    Case("A09 duplicate objekt_id", [site(1), site(2, objekt_id=objekt_id(1))], [("A09", 2)]),
    Case("A10 implausible date", [site(1, sidst_bekraeftet=date(1850, 1, 1))], [("A10", 1)]),
    Case(
        "A11 confirmation in the future",
        [site(1, sidst_bekraeftet=TODAY + timedelta(days=30))],
        [("A11", 1)],
    ),
    Case(
        "A12 confirmation older than 12 months",
        [site(1, sidst_bekraeftet=date(2025, 6, 1))],
        [("A12", 1)],
    ),
    Case(
        "A13 environmental class min above max",
        [site(1, miljoeklasse_min=5, miljoeklasse_max=3)],
        [("A13", 1)],
    ),
    Case("A14 free area larger than the site", [site(1, ledigt_areal_m2=20000.0)], [("A14", 1)]),
    Case("A15 damaged text encoding", [site(1, navn="Erhvervsområde ved MÃ¥rvej")], [("A15", 1)]),
    Case("A16 another kommune's code", [site(1, kommunekode="0101")], [("A16", 1)]),
    Case("A17 field outside the data model", [site(1, noter="intern note")], [("A17", None)]),
    Case(
        "R01 R02 R03 sites in protected nature",
        [
            site(1, wkt=square(702100, 6164800)),
            site(2, wkt=square(704000, 6164850)),
            site(3, wkt=square(706100, 6164800)),
        ],
        [("R01", 1), ("R02", 2), ("R03", 3)],
    ),
    Case(
        "R02 not raised by a site that only touches §3 nature",
        [site(1, wkt=square(704200, 6164850))],
        [],
    ),
    Case(
        "R02 share of a site that one part of the nature area overlaps and another touches",
        [site(1, wkt=box(703040, 6163000, 703100, 6163100))],
        [("R02", 1)],
        notes="the overlap is a collection of an area and a line; its area counts (16.7 %)",
    ),
    Case("R04 site in a plan for housing", [site(1, wkt=square(706500, 6166500))], [("R04", 1)]),
    Case("R05 lokalplan only proposed", [site(1, lokalplan_id="1002")], [("R05", 1)]),
    Case("R06 unknown lokalplan", [site(1, lokalplan_id="4242424")], [("R06", 1)]),
    Case(
        "S01 a check that cannot run does not block",
        [site(1, kommunekode="0461")],
        [("S01", None)],
        kommune="0461",
        notes="kommune 0461 is not in the references, so the boundary check fails",
    ),
    Case("S02 no reference layers loaded", [site(1)], NO_REFERENCES, with_references=False),
    Case(
        "infrastruktur points and lines pass",
        [
            {
                "objekt_id": objekt_id(1),
                "kommunekode": KOMMUNE,
                "type": "el_station",
                "navn": "Avedøre station",
                "status": "eksisterende",
                "synlighed": "myndigheder",
                "wkt": "POINT (701500 6161500)",
            },
            {
                "objekt_id": objekt_id(2),
                "kommunekode": KOMMUNE,
                "type": "el_ledning",
                "navn": "132 kV",
                "status": "planlagt",
                "synlighed": "myndigheder",
                "wkt": "LINESTRING (701500 6161500, 703000 6162000)",
            },
        ],
        [],
        layer="infrastruktur",
    ),
    Case(
        "industripark_kandidat in Natura 2000",
        [
            {
                "objekt_id": objekt_id(1),
                "kommunekode": KOMMUNE,
                "navn": "Holmen",
                "status": "indmeldt",
                "synlighed": "offentlig",
                "wkt": box(702500, 6165500, 702700, 6166500),
            }
        ],
        [("R01", 1)],
        layer="industripark_kandidat",
    ),
]
