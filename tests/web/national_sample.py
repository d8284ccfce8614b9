"""A national context from the real files in ../shared/data, loaded as ERST loads it (the
`references import` command), and a real Hvidovre release whose sites are Hvidovre's own
lokalplaner for erhverv (anvgen 31)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import geopandas as gpd
import shapely

from publisher.outputs import KommuneRelease

REPO = Path(__file__).resolve().parents[2]
HVIDOVRE = Path("hofor_tgvwebgis/hvidovre/GeoJSON-data")
GRID = Path("power_grid_osm_complexnettsp/Countries/Denmark")
DAGI = Path("kommuner_dagi_neogeografen/geojson")
IMPORTS = (
    ("kommunegraenser", DAGI / "kommuner.geojson", ()),
    ("regioner", DAGI / "regioner.geojson", ()),
    ("lokalplaner", HVIDOVRE / "Hvidovre_lokalplaner.geojson", ("--date", "2024-05-01")),
    ("natur", HVIDOVRE / "Habitat_omraader.geojson", ("--kind", "natura2000")),
    ("natur", HVIDOVRE / "Hvidovre_bekyttedenaturtyperparagraf3.geojson", ()),
    ("natur", HVIDOVRE / "Fredede_omraader.geojson", ("--kind", "fredning")),
    ("kloakoplande", HVIDOVRE / "Ingen_kloakering.geojson", ("--source", "hvidovre-ingen")),
    (
        "kloakoplande",
        HVIDOVRE / "Overfladevandskloakeret.geojson",
        ("--source", "hvidovre-overflade"),
    ),
    (
        "kloakoplande",
        HVIDOVRE / "Spildevandskloakeret.geojson",
        ("--source", "hvidovre-spildevand"),
    ),
    ("fjernvarme", Path("district_heating_nicklasvrede/data/plants.geojson"), ()),
    ("elnet", GRID / "Nodes/heuristic_vertices.csv", ()),
    ("elnet", GRID / "Edges/highvoltage_links.csv", ()),
)
"""Every kind with real data; the 60 kV substations of the heuristic grid stay myndigheder."""


def run_publisher(data_dir: Path, *args) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "OVERBLIKSKORT_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), *map(str, args)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def import_national_context(data_dir: Path, shared_data: Path) -> None:
    for kind, path, options in IMPORTS:
        answer = run_publisher(data_dir, "references", "import", kind, shared_data / path, *options)
        assert answer.returncode == 0, answer.stderr


def hvidovre_plans(shared_data: Path) -> gpd.GeoDataFrame:
    plans = gpd.read_file(shared_data / HVIDOVRE / "Hvidovre_lokalplaner.geojson")
    return plans[(plans["anvgen"] == 31) & (plans["komnr"] == 167)].reset_index(drop=True)


def hvidovre_release(shared_data: Path, release_id: str = "r1-0167") -> KommuneRelease:
    """Hvidovre's business lokalplaner as public sites, and one authorities-only site."""
    plans = hvidovre_plans(shared_data)
    rows = gpd.GeoDataFrame(
        {
            "objekt_id": [
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"plandata:{p}")) for p in plans["planid"]
            ],
            "kommunekode": "0167",
            "navn": plans["plannavn"],
            "status": "ledig",
            "ledigt_areal_m2": (plans.geometry.area * 0.3).round(0),
            "anvendelse_generel": 31,
            "miljoeklasse_min": 2,
            "miljoeklasse_max": 4,
            "lokalplan_id": plans["planid"].astype(str),
            "tilslutning_el": True,
            "tilslutning_kloak": True,
            "sidst_bekraeftet": "2026-10-01",
            "synlighed": "offentlig",
        },
        geometry=shapely.force_2d(plans.geometry.to_numpy()),
        crs=plans.crs,
    )
    rows.loc[len(rows) - 1, ["synlighed", "navn"]] = ["myndigheder", "Hemmelig grund"]
    return KommuneRelease(release_id, {"erhvervsareal": rows})


def site_id(planid) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"plandata:{planid}"))
