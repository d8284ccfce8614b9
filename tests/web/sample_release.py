"""Small generated releases inside real kommune boundaries (DAGI, from ../shared/data).

Each kommune gets a grid of business sites with varied attributes (one on "Møllevej"), one hidden
site and one hidden substation (synlighed = myndigheder, carrying SECRET_MARKER in their names),
one site whose name is an HTML injection attempt, one site last confirmed 13 months ago, an
industrial-park candidate and public infrastructure: a point, a power line and a
district-heating area.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, Point, box

from datamodel.freshness import shift_months

SECRET_MARKER = "HEMMELIG-MYNDIGHED-7Q"
PUBLIC_MARKER = "Offentlig-Testgrund"
HOSTILE_NAME = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>Grund'
STATUSES = ("ledig", "delvist_ledig", "reserveret", "i_udbud", "fremtidig")
KOMMUNE_FILE = Path("kommuner_dagi_neogeografen/geojson/kommuner.geojson")


def kommunegraenser(shared_data: Path, koder: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
    """Real DAGI boundaries dissolved per kommune, in EPSG:25832 with kommunekode/kommunenavn."""
    raw = gpd.read_file(shared_data / KOMMUNE_FILE)
    if koder:
        raw = raw[raw["KOMKODE"].isin(koder)]
    raw = raw.set_geometry(shapely.force_2d(raw.geometry.to_numpy()))
    dissolved = raw.dissolve(by=["KOMKODE", "KOMNAVN"], as_index=False)
    return gpd.GeoDataFrame(
        {"kommunekode": dissolved["KOMKODE"], "kommunenavn": dissolved["KOMNAVN"]},
        geometry=dissolved.geometry.to_numpy(),
        crs="EPSG:4326",
    ).to_crs("EPSG:25832")


def natur(shared_data: Path) -> gpd.GeoDataFrame:
    folder = shared_data / "hofor_tgvwebgis" / "hvidovre" / "GeoJSON-data"
    frames = []
    for name, kind in (
        ("Habitat_omraader.geojson", "natura2000"),
        ("Fredede_omraader.geojson", "fredning"),
    ):
        frame = gpd.read_file(folder / name).to_crs("EPSG:25832")
        frames.append(
            gpd.GeoDataFrame(
                {"kind": [kind] * len(frame)}, geometry=frame.geometry.to_numpy(), crs="EPSG:25832"
            )
        )
    return gpd.GeoDataFrame(gpd.pd.concat(frames, ignore_index=True), crs="EPSG:25832")


OVERDUE_SITE = 3
"""The site of each kommune last confirmed 13 months ago (overdue on its card)."""
OVERDUE_DATE = shift_months(date.today(), -13).isoformat()


def _site(kommunekode: str, index: int, geometry, **overrides) -> dict:
    status = STATUSES[index % len(STATUSES)]
    row = {
        "objekt_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"site/{kommunekode}/{index}")),
        "kommunekode": kommunekode,
        "navn": f"Erhvervsgrund {kommunekode}-{index}",
        "status": status,
        "ledigt_areal_m2": float(2000 + 1500 * index),
        "anvendelse_generel": 31 if index % 3 else 21,
        "anvendelse_specifik": 3120,
        "miljoeklasse_min": 1 + index % 3,
        "miljoeklasse_max": 3 + index % 5,
        "max_bebyggelsesprocent": 50.0,
        "max_bygningshoejde_m": 12.0 + index,
        "zonestatus": 1,
        "kommuneplanramme_id": f"{kommunekode}.E{index}",
        "lokalplan_id": f"{1000 + index}",
        "tilslutning_el": True,
        "tilslutning_vand": True,
        "tilslutning_kloak": index % 2 == 0,
        "tilslutning_fjernvarme": index % 4 == 0,
        "tilslutning_gas": False,
        "el_kapacitet_mw": float(index % 6),
        "pris_kr_m2": 350.0 + 10 * index,
        "ejer": "kommune",
        "link": f"https://example.dk/erhverv/{kommunekode}/{index}",
        "kontakt_navn": "Erhvervsservice",
        "kontakt_email": f"erhverv{kommunekode}@example.dk",
        "kontakt_telefon": "+45 36 39 36 39",
        "sidst_bekraeftet": "2026-10-01",
        "synlighed": "offentlig",
        "geometry": geometry,
    }
    row.update(overrides)
    return row


def _grid_inside(boundary, count: int, size: float) -> list:
    minx, miny, maxx, maxy = boundary.bounds
    inner = boundary.buffer(-size)
    squares, step = [], size * 3
    y = miny
    while y < maxy and len(squares) < count:
        x = minx
        while x < maxx and len(squares) < count:
            square = box(x, y, x + size, y + size)
            if inner.contains(square):
                squares.append(square)
            x += step
        y += step
    return squares


def kommune_release(boundary, kommunekode: str, sites: int = 12, *, name_suffix: str = "") -> dict:
    """Layers of one kommune's release in EPSG:25832 (as the store hands them over)."""
    squares = _grid_inside(boundary, sites + 3, 120.0)
    rows = [
        _site(kommunekode, i, squares[i], navn=f"Erhvervsgrund {kommunekode}-{i}{name_suffix}")
        for i in range(sites)
    ]
    rows[OVERDUE_SITE]["sidst_bekraeftet"] = OVERDUE_DATE
    rows[0]["navn"] = f"{PUBLIC_MARKER} {kommunekode}"
    rows[2]["navn"] = f"Møllevej {kommunekode}"
    rows.append(
        _site(
            kommunekode,
            sites,
            squares[sites],
            navn=f"{SECRET_MARKER} grund",
            synlighed="myndigheder",
            status="ledig",
            ledigt_areal_m2=99999.0,
        )
    )
    rows.append(
        _site(
            kommunekode,
            sites + 1,
            squares[sites + 1],
            navn=HOSTILE_NAME,
            status="ledig",
            ledigt_areal_m2=4321.0,
        )
    )
    erhvervsareal = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:25832")
    centre = boundary.representative_point()
    infrastruktur = gpd.GeoDataFrame(
        [
            {
                "objekt_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"infra/{kommunekode}/1")),
                "kommunekode": kommunekode,
                "type": "el_station",
                "navn": f"{SECRET_MARKER} station",
                "ejer_forsyning": "Radius",
                "spaending_kv": 132.0,
                "status": "eksisterende",
                "synlighed": "myndigheder",
                "geometry": centre,
            },
            {
                "objekt_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"infra/{kommunekode}/2")),
                "kommunekode": kommunekode,
                "type": "havn",
                "navn": f"Havn {kommunekode}",
                "ejer_forsyning": "Kommunen",
                "status": "eksisterende",
                "synlighed": "offentlig",
                "geometry": Point(centre.x + 300, centre.y + 300),
            },
            {
                "objekt_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"infra/{kommunekode}/3")),
                "kommunekode": kommunekode,
                "type": "el_ledning",
                "navn": f"Luftledning {kommunekode}",
                "ejer_forsyning": "Energinet",
                "spaending_kv": 400.0,
                "status": "eksisterende",
                "synlighed": "offentlig",
                "geometry": LineString(
                    [(centre.x - 500, centre.y), (centre.x + 500, centre.y + 200)]
                ),
            },
            {
                "objekt_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"infra/{kommunekode}/4")),
                "kommunekode": kommunekode,
                "type": "fjernvarme_omraade",
                "navn": f"Fjernvarme {kommunekode}",
                "ejer_forsyning": "Vestforbrænding",
                "status": "planlagt",
                "synlighed": "offentlig",
                "geometry": Point(centre.x, centre.y - 400).buffer(150),
            },
        ],
        geometry="geometry",
        crs="EPSG:25832",
    )
    park = squares[sites + 2].buffer(40)
    industripark = gpd.GeoDataFrame(
        [
            {
                "objekt_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"park/{kommunekode}")),
                "kommunekode": kommunekode,
                "navn": f"Industripark {kommunekode}",
                "status": "indmeldt",
                "forventet_klar": "2028-01-01",
                "beskrivelse": "Kandidat",
                "synlighed": "offentlig",
                "geometry": park,
            },
        ],
        geometry="geometry",
        crs="EPSG:25832",
    )
    return {
        "erhvervsareal": erhvervsareal,
        "infrastruktur": infrastruktur,
        "industripark_kandidat": industripark,
    }
