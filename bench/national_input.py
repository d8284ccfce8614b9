"""National-size input for the publishing and tile benchmarks: the 98 real DAGI kommuner,
generated business sites inside them, and every reference layer that can be had here.

References: national-size ones from `bench/national_references.py` (generated from the real
per-kommune files) when it is there, else the real DAGI kommunegrænser and the real
lokalplan/nature files of ../shared/data as they are (a few kommuner west of Copenhagen). What
was loaded is returned as text, so that every benchmark prints it.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
KOMMUNER_FILE = SHARED / "kommuner_dagi_neogeografen" / "geojson" / "kommuner.geojson"
STATUSES = np.array(["ledig", "delvist_ledig", "reserveret", "i_udbud", "fremtidig"])


def kommune_boundaries(count: int) -> gpd.GeoDataFrame:
    raw = gpd.read_file(KOMMUNER_FILE)
    raw = raw[raw["KOMKODE"] != "0411"]
    raw = raw.set_geometry(shapely.force_2d(raw.geometry.to_numpy()))
    dissolved = raw.dissolve(by="KOMKODE", as_index=False).to_crs("EPSG:25832")
    dissolved = dissolved.sort_values("KOMKODE").head(count)
    return gpd.GeoDataFrame(
        {
            "kommunekode": dissolved["KOMKODE"].to_numpy(),
            "kommunenavn": dissolved["KOMNAVN"].to_numpy(),
        },
        geometry=dissolved.geometry.to_numpy(),
        crs="EPSG:25832",
    )


def generated_sites(
    boundary, kommunekode: str, count: int, seed: int, suffix: str = ""
) -> gpd.GeoDataFrame:
    """`count` round sites (33 vertices, radius 20-60 m) inside one kommune; 2 % not public."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = boundary.bounds
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < count:
        x = rng.uniform(minx, maxx, count * 3)
        y = rng.uniform(miny, maxy, count * 3)
        inside = shapely.contains_xy(boundary, x, y)
        xs, ys = np.concatenate([xs, x[inside]]), np.concatenate([ys, y[inside]])
    xs, ys = xs[:count], ys[:count]
    geometry = shapely.buffer(shapely.points(xs, ys), rng.uniform(20, 60, count), quad_segs=8)
    index = np.arange(count)
    return gpd.GeoDataFrame(
        {
            "objekt_id": [str(uuid.UUID(int=int(rng.integers(1 << 62)) << 64 | i)) for i in index],
            "kommunekode": kommunekode,
            "navn": [f"Erhvervsgrund {kommunekode}-{i}{suffix}" for i in index],
            "status": STATUSES[index % 5],
            "ledigt_areal_m2": rng.uniform(500, 50000, count).round(),
            "anvendelse_generel": np.where(index % 3 == 0, 21, 31),
            "miljoeklasse_max": 1 + index % 7,
            "tilslutning_el": True,
            "tilslutning_vand": index % 2 == 0,
            "tilslutning_kloak": True,
            "tilslutning_fjernvarme": index % 4 == 0,
            "tilslutning_gas": False,
            "el_kapacitet_mw": (index % 10).astype(float),
            "sidst_bekraeftet": "2026-10-01",
            "synlighed": np.where(index % 50 == 7, "myndigheder", "offentlig"),
        },
        geometry=geometry,
        crs="EPSG:25832",
    )


def load_references(store) -> list[str]:
    """Imports every reference that can be had here into `store` (as `references import`
    does); returns what was loaded, for the benchmark's printout."""
    from publisher.references import import_reference_file

    try:
        from national_references import national_references  # bench/, from the validation work
    except ImportError:
        national_references = None
    if national_references is not None:
        references = national_references()
        references.import_into(store)
        return [references.describe()]
    loaded = [
        f"kommunegraenser {import_reference_file(store, 'kommunegraenser', KOMMUNER_FILE).feature_count} "
        "(DAGI: 98 kommuner + Christiansø)"
    ]
    counts: dict[str, int] = {}
    for path in sorted(SHARED.glob("hofor_tgvwebgis/*/GeoJSON-data/*")):
        kind = (
            "lokalplaner"
            if "lokalplaner" in path.name
            else "natur"
            if any(k in path.name for k in ("paragraf3", "Habitat", "Fredede"))
            else None
        )
        if kind:
            counts[kind] = (
                counts.get(kind, 0) + import_reference_file(store, kind, path).feature_count
            )
    loaded += [
        f"{kind} {count:,} (the real files of ../shared/data as they are, 6 kommuner west of "
        f"Copenhagen: bench/national_references.py is not on this branch yet)"
        for kind, count in sorted(counts.items())
    ]
    return loaded
