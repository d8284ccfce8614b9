"""The hostile corpus: files built to exhaust a validator, generated here (never committed).

Each maker writes one file into a folder and returns its path; ``make_corpus`` writes them all.
The files are small or merely repetitive, as an attacker's would be; the sites lie in Hvidovre
(0167), and their attributes are valid, so that only the hostile part can trip the check.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

HVIDOVRE = "0167"
CENTRE = (718_400.0, 6_169_400.0)
"""A point well inside Hvidovre (EPSG:25832)."""
REAL_SITE_FILE = (
    Path("hofor_tgvwebgis") / "hvidovre" / "GeoJSON-data" / "Hvidovre_lokalplaner.geojson"
)


def attributes(count: int) -> dict[str, list]:
    """Valid attributes of ``count`` erhvervsarealer in Hvidovre, one column per field."""
    return {
        "objekt_id": [str(uuid.UUID(int=index + 1, version=4)) for index in range(count)],
        "kommunekode": [HVIDOVRE] * count,
        "navn": ["Erhvervsområde Avedøre"] * count,
        "status": ["ledig"] * count,
        "anvendelse_generel": [31] * count,
        "miljoeklasse_min": [3] * count,
        "miljoeklasse_max": [5] * count,
        "ejer": ["kommune"] * count,
        "sidst_bekraeftet": ["2026-11-01"] * count,
        "synlighed": ["offentlig"] * count,
    }


def _write(path: Path, geometries, layer: str = "erhvervsareal", **options) -> Path:
    frame = gpd.GeoDataFrame(
        attributes(len(geometries)), geometry=list(geometries), crs="EPSG:25832"
    )
    frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio", **options)
    return path


def real_site(shared_data: Path) -> shapely.Geometry:
    """The real Hvidovre lokalplan for business with the most vertices (inside Hvidovre)."""
    plans = gpd.read_file(shared_data / REAL_SITE_FILE, engine="pyogrio")
    business = plans[
        (plans["anvgen"] == 31) & (plans["komnr"].astype(str).str.zfill(4) == HVIDOVRE)
    ]
    counts = shapely.get_num_coordinates(business.geometry.values)
    return shapely.force_2d(business.geometry.values[int(np.argmax(counts))])


def view_bomb(folder: Path, shared_data: Path) -> Path:
    """127 KB: `erhvervsareal` is a view that repeats one real polygon 300,000 times."""
    path = _write(folder / "visning.gpkg", [real_site(shared_data)], layer="kilde")
    with closing(sqlite3.connect(path)) as database:
        database.execute(
            "CREATE VIEW erhvervsareal AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
            "FROM n WHERE i < 300000) SELECT n.i AS fid, k.* FROM n, kilde k"
        )
        database.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "VALUES ('erhvervsareal', 'features', 'erhvervsareal', 25832)"
        )
        database.execute(
            "INSERT INTO gpkg_geometry_columns VALUES ('erhvervsareal', 'geom', "
            "'MULTIPOLYGON', 25832, 0, 0)"
        )
        database.commit()
    return path


def identical_polygons(folder: Path, shared_data: Path, count: int = 2000) -> Path:
    """``count`` copies of one real polygon: count × (count − 1) / 2 duplicate pairs."""
    return _write(folder / "kopier.gpkg", [real_site(shared_data)] * count)


def all_overlapping(folder: Path, shared_data: Path, count: int = 50_000) -> Path:
    """``count`` 100 m squares, each shifted 1 mm from the last: every pair overlaps."""
    offsets = np.arange(count) * 0.001
    squares = shapely.box(
        CENTRE[0] + offsets, CENTRE[1], CENTRE[0] + 100 + offsets, CENTRE[1] + 100
    )
    return _write(folder / "overlap.gpkg", squares)


def million_vertices(folder: Path, shared_data: Path, vertices: int = 1_000_000) -> Path:
    """One valid polygon (a circle of 100 m) with a million vertices."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    ring = np.column_stack([CENTRE[0] + 100 * np.cos(angles), CENTRE[1] + 100 * np.sin(angles)])
    return _write(folder / "punkter.gpkg", [shapely.Polygon(ring)])


def heavy_copies(folder: Path, shared_data: Path, copies: int = 25, vertices: int = 99_000) -> Path:
    """Within every size limit, and still a runaway: ``copies`` copies of a polygon of
    ``vertices`` vertices (40 MB), whose 300 overlaps take minutes to intersect."""
    angles = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    ring = np.column_stack([CENTRE[0] + 100 * np.cos(angles), CENTRE[1] + 100 * np.sin(angles)])
    return _write(folder / "tunge.gpkg", [shapely.Polygon(ring)] * copies)


def _nested_wkb(depth: int) -> bytes:
    wkb = shapely.to_wkb(shapely.box(CENTRE[0], CENTRE[1], CENTRE[0] + 100, CENTRE[1] + 100))
    for _ in range(depth):
        wkb = struct.pack("<BII", 1, 7, 1) + wkb  # a GeometryCollection of one geometry
    return wkb


def nested_collections(folder: Path, shared_data: Path, depth: int = 10_000) -> Path:
    """A GeoPackage whose one geometry is a GeometryCollection nested ``depth`` deep."""
    path = _write(folder / "indlejret.gpkg", [shapely.Point(CENTRE)], SPATIAL_INDEX="NO")
    header = b"GP" + bytes([0, 1]) + struct.pack("<i", 25832)  # GeoPackage blob, no envelope
    with closing(sqlite3.connect(path)) as database:
        database.execute("UPDATE erhvervsareal SET geom = ?", (header + _nested_wkb(depth),))
        database.commit()
    return path


def nested_collections_geojson(folder: Path, shared_data: Path, depth: int = 10_000) -> Path:
    """The same nesting as GeoJSON text."""
    geometry = json.dumps(
        shapely.geometry.mapping(shapely.box(*CENTRE, CENTRE[0] + 100, CENTRE[1] + 100))
    )
    for _ in range(depth):
        geometry = f'{{"type": "GeometryCollection", "geometries": [{geometry}]}}'
    properties = json.dumps({key: values[0] for key, values in attributes(1).items()})
    path = folder / "indlejret.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        f'"properties": {properties}, "geometry": {geometry}}}]}}'
    )
    return path


def million_features(folder: Path, shared_data: Path, count: int = 1_000_000) -> Path:
    """A GeoJSON of ``count`` tiny features (points, about 94 bytes each)."""
    path = folder / "erhvervsareal.geojson"
    with path.open("w") as handle:
        handle.write('{"type":"FeatureCollection","features":[')
        handle.write(
            ",".join(
                '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":'
                f"[{CENTRE[0] + index % 1000:.0f},{CENTRE[1] + index // 1000:.0f}]}}}}"
                for index in range(count)
            )
        )
        handle.write("]}")
    return path


def hundred_layers(folder: Path, shared_data: Path, count: int = 100) -> Path:
    """A GeoPackage of ``count`` layers of one feature each (erhvervsareal among them)."""
    path = folder / "lag.gpkg"
    square = shapely.box(CENTRE[0], CENTRE[1], CENTRE[0] + 100, CENTRE[1] + 100)
    for number in range(count):
        layer = "erhvervsareal" if number == 0 else f"lag_{number:03d}"
        pyogrio.write_dataframe(
            gpd.GeoDataFrame(attributes(1), geometry=[square], crs="EPSG:25832"),
            path,
            layer=layer,
            append=path.exists(),
        )
    return path


@dataclass(frozen=True)
class Hostile:
    name: str
    make: Callable[[Path, Path], Path]
    statuses: tuple[int, ...]
    """The answers the API may give: 422, or 201 with a capped report."""
    words_en: str
    """What the message (422) or a finding (201) must say, in English."""


CORPUS = (
    Hostile("view bomb", view_bomb, (422,), "is a view (a stored query), not a table"),
    Hostile(
        "2,000 identical polygons",
        identical_polygons,
        (201,),
        "pairs of objects whose extents overlap",
    ),
    Hostile(
        "50,000 features that all overlap",
        all_overlapping,
        (201,),
        "pairs of objects whose extents overlap",
    ),
    Hostile(
        "a 1,000,000-vertex polygon",
        million_vertices,
        (422,),
        "has 1,000,001 vertices, and at most 100,000 are allowed per geometry",
    ),
    Hostile(
        "deeply nested GeometryCollections",
        nested_collections,
        (422,),
        "cannot be read; the file may be damaged or incomplete (GDAL: Unable to read geometry)",
    ),
    Hostile(
        "deeply nested GeometryCollections as GeoJSON",
        nested_collections_geojson,
        (422,),
        "Too many nested objects",
    ),
    Hostile(
        "a GeoJSON with 10^6 tiny features",
        million_features,
        (422,),
        "has 1,000,000 features, and at most 500,000 are allowed",
    ),
    Hostile(
        "a GeoPackage with 100 layers",
        hundred_layers,
        (422,),
        "it has 100 layers, and at most 20 are allowed",
    ),
)


def make_corpus(folder: Path, shared_data: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {hostile.name: hostile.make(folder, shared_data) for hostile in CORPUS}
