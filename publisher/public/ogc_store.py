"""Features of one GeoPackage table, read for OGC API Features through its R-tree.

The public build's downloads are GeoPackages (EPSG:25832) with GDAL's R-tree per table; builds
are immutable, so each thread keeps a read-only connection (``immutable=1``: no locking). A page
is found by key (the table's ``fid``, in order): the R-tree gives the candidates whose envelope
meets the query box, and only candidates that reach over the box's edge have their geometry
tested exactly. A feature is written as GeoJSON once: its geometry by GEOS, its properties by
SQLite's JSON functions, without a DataFrame in between; in CRS84 the texts come ready-made from
the build's serving index (`ogc_index`) once it is there.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import numpy as np
import pyproj
import shapely

from datamodel import FieldType

if TYPE_CHECKING:
    from .ogc_index import ServingIndex

BATCH = 500
"""Rows fetched by key in one statement (SQLite takes at most 32,766 parameters)."""
DECIMALS = {"OGC:CRS84": 7, "EPSG:25832": 2}
"""Decimals of the coordinates written in each CRS: about 1 cm."""
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _wkb(blob: bytes) -> bytes | None:
    """The WKB inside a GeoPackage geometry blob (header and envelope skipped); None if empty."""
    flags = blob[3]
    if flags & 0x10:
        return None
    return blob[8 + _ENVELOPE_BYTES[(flags >> 1) & 7] :]


def geometries(blobs: Sequence[bytes | None]) -> np.ndarray:
    return shapely.from_wkb([None if blob is None else _wkb(blob) for blob in blobs])


@lru_cache(maxsize=32)
def crs_of(name: str) -> pyproj.CRS:
    return pyproj.CRS(name)


@lru_cache(maxsize=32)
def transformer(source: str, target: str) -> pyproj.Transformer:
    """From one CRS (by name, e.g. "EPSG:25832") to another, x/y (lon/lat) order both ways;
    made once per pair, it costs about 10 ms."""
    return pyproj.Transformer.from_crs(crs_of(source), crs_of(target), always_xy=True)


def geojson_geometries(blobs: Sequence[bytes | None], source: str, target: str) -> list[str]:
    """GeoPackage geometries as GeoJSON texts in `target`, coordinates rounded (`DECIMALS`)."""
    decimals = DECIMALS[target]
    move = None if crs_of(source) == crs_of(target) else transformer(source, target)

    def moved(xy: np.ndarray) -> np.ndarray:
        if move is not None:
            xy = np.column_stack(move.transform(xy[:, 0], xy[:, 1]))
        return np.round(xy, decimals)

    shapes = shapely.transform(geometries(blobs), moved)
    return ["null" if text is None else text for text in shapely.to_geojson(shapes).tolist()]


@dataclass(frozen=True)
class Area:
    """A query box in the table's CRS: `envelope` for the R-tree; a candidate whose envelope lies
    within `inner` matches for sure, others are decided by `exact` on their geometry."""

    envelope: tuple[float, float, float, float]
    inner: tuple[float, float, float, float]
    exact: Callable[[np.ndarray], np.ndarray]
    """geometries -> whether each meets the box."""


@dataclass(frozen=True)
class Column:
    name: str
    type: FieldType


COLUMNS_PER_OBJECT = 60
"""SQLite's functions take at most 127 arguments: a name and a value per column."""


def _properties_json(columns: Sequence[Column]) -> str:
    """SQL that writes a row's properties as one JSON object (SQLite's JSON functions, in C);
    yes/no columns, stored as 0/1, as true/false."""

    def value(column: Column) -> str:
        name = f"t.{_quote(column.name)}"
        if column.type == FieldType.BOOLEAN:
            return f"CASE WHEN {name} IS NULL THEN NULL WHEN {name} THEN json('true') ELSE json('false') END"
        return name

    objects = [
        "json_object("
        + ", ".join(
            f"'{column.name}', {value(column)}"
            for column in columns[start : start + COLUMNS_PER_OBJECT]
        )
        + ")"
        for start in range(0, len(columns), COLUMNS_PER_OBJECT)
    ]
    if len(objects) <= 1:
        return objects[0] if objects else "json_object()"
    # Objects of scalar values joined as text (json_patch would drop the null values).
    members = " || ',' || ".join(f"ltrim(rtrim({obj}, '}}'), '{{')" for obj in objects)
    return f"'{{' || {members} || '}}'"


@dataclass
class Page:
    keys: list[int]
    """The features' keys, in order."""
    number_matched: int
    next_key: int | None = None


@dataclass
class FeatureTable:
    """One feature table of a GeoPackage; a missing file is an empty table."""

    path: Path | None
    table: str
    columns: tuple[Column, ...]
    id_column: str
    _local: threading.local = field(default_factory=threading.local, repr=False)
    index: ServingIndex | None = None
    """The build's serving index of this table for CRS84, or None."""

    def __post_init__(self):
        self.present = self.path is not None and self.path.exists()
        self.srs_id, self.geometry_column, self.extent = 25832, "geom", None
        if self.present:
            db = self._db()
            self.geometry_column, self.srs_id = db.execute(
                "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                (self.table,),
            ).fetchone()
            row = db.execute(
                "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?",
                (self.table,),
            ).fetchone()
            self.extent = tuple(row) if row and None not in row else None
            stored = {r[1] for r in db.execute(f"PRAGMA table_info({_quote(self.table)})")}
            self.columns = tuple(c for c in self.columns if c.name in stored)
        self.crs_name = f"EPSG:{self.srs_id}"
        self.crs = crs_of(self.crs_name)
        self.row_sql = (
            f"t.fid, t.{_quote(self.geometry_column)}, {_properties_json(self.columns)}, "
            f"t.{_quote(self.id_column)}"
        )
        """What a feature is made of: key, geometry blob, properties (JSON text), id."""
        self._rtree = _quote(f"rtree_{self.table}_{self.geometry_column}")

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"file:{quote(str(self.path))}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def find(
        self,
        *,
        filters: Sequence[tuple[str, object]] = (),
        area: Area | None = None,
        after: int | None = None,
        offset: int = 0,
        limit: int = 10,
    ) -> Page:
        """The keys of the features after key `after` (skipping `offset` matches), at most
        `limit`, that meet the property filters and the area; with the number matched in all."""
        if not self.present:
            return Page([], 0)
        clauses = [f"t.{_quote(name)} = ?" for name, _ in filters]
        values = [value for _, value in filters]
        if area is None:
            return self._find_plain(clauses, values, after, offset, limit)
        return self._find_in_area(clauses, values, area, after, offset, limit)

    def _find_plain(self, clauses, values, after, offset, limit) -> Page:
        db = self._db()
        where = " AND ".join(clauses) or "1"
        counted = (
            None
            if clauses
            else db.execute(
                "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = ?", (self.table,)
            ).fetchone()
        )
        matched = (
            counted[0]
            if counted and counted[0] is not None
            else db.execute(
                f"SELECT count(*) FROM {_quote(self.table)} t WHERE {where}", values
            ).fetchone()[0]
        )
        keys = [
            row[0]
            for row in db.execute(
                f"SELECT t.fid FROM {_quote(self.table)} t WHERE {where} AND t.fid > ? ORDER BY t.fid LIMIT ? OFFSET ?",
                [*values, after or 0, limit + 1, offset],
            )
        ]
        return page_of(keys, matched, limit)

    def _find_in_area(self, clauses, values, area: Area, after, offset, limit) -> Page:
        """The R-tree's candidates (keys and whether their envelope lies inside), the exact test
        of the edge candidates only, then the page's keys."""
        minx, miny, maxx, maxy = area.envelope
        ix0, iy0, ix1, iy1 = area.inner
        source = f"{self._rtree} r" + (
            f" JOIN {_quote(self.table)} t ON t.fid = r.id" if clauses else ""
        )
        candidates = (
            self._db()
            .execute(
                f"SELECT r.id, r.minx >= ? AND r.maxx <= ? AND r.miny >= ? AND r.maxy <= ? FROM {source} "
                "WHERE "
                + " AND ".join(
                    ["r.minx <= ?", "r.maxx >= ?", "r.miny <= ?", "r.maxy >= ?", *clauses]
                ),
                [ix0, ix1, iy0, iy1, maxx, minx, maxy, miny, *values],
            )
            .fetchall()
        )
        if not candidates:
            return Page([], 0)
        keys, inside = np.array(candidates, dtype=np.int64).T
        matched = keys[inside.astype(bool)]
        edges = keys[~inside.astype(bool)]
        if len(edges):
            blobs = dict(self._rows(edges.tolist(), f"t.fid, t.{_quote(self.geometry_column)}"))
            shapes = geometries([blobs.get(key) for key in edges.tolist()])
            matched = np.concatenate([matched, edges[area.exact(shapes)]])
        matched.sort()
        following = matched[matched > (after or 0)][offset : offset + limit + 1].tolist()
        return page_of(following, len(matched), limit)

    def _rows(self, keys: list[int], select: str) -> list[tuple]:
        """Rows of the given keys (`select` starts with t.fid), in no particular order."""
        return rows_by_key(self._db(), f"{_quote(self.table)} t", "t.fid", select, keys)

    def key_of(self, feature_id: str) -> int | None:
        if not self.present:
            return None
        row = (
            self._db()
            .execute(
                f"SELECT fid FROM {_quote(self.table)} WHERE {_quote(self.id_column)} = ? LIMIT 1",
                (feature_id,),
            )
            .fetchone()
        )
        return row[0] if row else None

    def features(self, keys: Sequence[int], crs: str) -> list[tuple]:
        """(key, geometry as GeoJSON text, properties as JSON text, id) of `keys`, in that order."""
        if not keys:
            return []
        rows = {row[0]: row for row in self._rows(list(keys), self.row_sql)}
        ordered = [rows[key] for key in keys if key in rows]
        texts = geojson_geometries([row[1] for row in ordered], self.crs_name, crs)
        return [(row[0], text, row[2], row[3]) for row, text in zip(ordered, texts)]

    def all_keys(self) -> list[int]:
        return [
            row[0]
            for row in self._db().execute(f"SELECT fid FROM {_quote(self.table)} ORDER BY fid")
        ]


def rows_by_key(
    db: sqlite3.Connection, source: str, key: str, select: str, keys: Sequence[int]
) -> list[tuple]:
    """`select` of the rows of `source` whose `key` is one of `keys` (in batches), in no order."""
    found: list[tuple] = []
    for start in range(0, len(keys), BATCH):
        chunk = list(keys[start : start + BATCH])
        found += db.execute(
            f"SELECT {select} FROM {source} WHERE {key} IN ({','.join('?' * len(chunk))})", chunk
        ).fetchall()
    return found


def page_of(keys: list[int], matched: int, limit: int) -> Page:
    if len(keys) > limit:
        return Page(keys[:limit], matched, keys[limit - 1])
    return Page(keys, matched)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
