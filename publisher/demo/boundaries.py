"""Kommune boundaries for the demo: the real DAGI polygons when available, plausible ones if not."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from datamodel import CRS

from .kommuner import DEMO_KOMMUNER, DemoKommune

SHARED_DATA_VARIABLE = "OVERBLIKSKORT_SHARED_DATA"
DAGI_KOMMUNER = Path("kommuner_dagi_neogeografen") / "geojson" / "kommuner.geojson"
DAGI_LABEL = "DAGI"
"""How the boundary source note starts when the real boundaries were used."""


def default_shared_data() -> Path | None:
    """The folder of real Danish data that $OVERBLIKSKORT_SHARED_DATA names, or None. The
    publisher never guesses it from where it runs (scripts/demo.sh sets it for a checkout)."""
    configured = os.environ.get(SHARED_DATA_VARIABLE)
    return Path(configured) if configured else None


def fictitious_boundary(kommune: DemoKommune, rng: np.random.Generator) -> Polygon:
    """An irregular, convex-ish polygon around the town: plausible, not the real border."""
    corners = 16
    angles = np.sort(rng.uniform(0, 2 * math.pi, corners))
    radii = kommune.radius_m * rng.uniform(0.82, 1.15, corners)
    x0, y0 = kommune.centre
    ring = [
        (round(x0 + r * math.cos(a), 2), round(y0 + r * math.sin(a), 2))
        for a, r in zip(angles, radii)
    ]
    return shapely.make_valid(Polygon(ring))


def real_boundaries(shared_data: Path, kommunekoder: list[str]) -> dict[str, BaseGeometry] | None:
    """The DAGI polygons of the given kommuner in EPSG:25832, or None when the file is absent."""
    source = shared_data / DAGI_KOMMUNER
    if not source.is_file():
        return None
    import geopandas as gpd

    frame = gpd.read_file(source, engine="pyogrio")
    frame = frame[frame["KOMKODE"].isin(kommunekoder)]
    if set(frame["KOMKODE"]) != set(kommunekoder):
        return None
    frame = frame.set_geometry(shapely.force_2d(frame.geometry.values)).to_crs(CRS)
    return {
        code: shapely.union_all(part.geometry.values) for code, part in frame.groupby("KOMKODE")
    }


def demo_boundaries(
    rng: np.random.Generator, shared_data: Path | None
) -> tuple[dict[str, BaseGeometry], str]:
    """Boundaries of DEMO_KOMMUNER and a note on where they came from."""
    codes = [kommune.kommunekode for kommune in DEMO_KOMMUNER]
    drawn = {kommune.kommunekode: fictitious_boundary(kommune, rng) for kommune in DEMO_KOMMUNER}
    if shared_data is not None:
        real = real_boundaries(shared_data, codes)
        if real is not None:
            return real, f"{DAGI_LABEL} ({shared_data / DAGI_KOMMUNER})"
    return drawn, "fiktive demo-grænser / fictitious demo boundaries"
