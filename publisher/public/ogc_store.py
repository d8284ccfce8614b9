"""Features of one GeoPackage table, read for OGC API Features through its R-tree.

The public build's downloads are GeoPackages (EPSG:25832) with GDAL's R-tree per table; builds
are immutable, so each thread keeps a read-only connection (``immutable=1``: no locking). A page
is found by key (the table's ``fid``, in order): the R-tree gives the candidates whose envelope
meets the query box, and only candidates that reach over the box's edge have their geometry
tested exactly. Geometries are transformed and written as GeoJSON once, by GEOS; properties are
written by ``json`` straight from the rows, without a DataFrame in between.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pyproj
import shapely

from datamodel import FieldType

BATCH = 500
"""Candidates read at a time while filling a page; a page needs at most limit + 1 matches."""
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _wkb(blob: bytes) -> bytes | None:
    """The WKB inside a GeoPackage geometry blob (header and envelope skipped); None if empty."""
    flags = blob[3]
    if flags & 0x10:
        return None
    return blob[8 + _ENVELOPE_BYTES[(flags >> 1) & 7]:]


def geometries(blobs: Sequence[bytes | None]) -> np.ndarray:
    return shapely.from_wkb([None if blob is None else _wkb(blob) for blob in blobs])


@dataclass(frozen=True)
class Area:
    """A query box in the table's CRS: `envelope` for the R-tree; a candidate whose envelope lies
    within `inner` matches for sure, others are decided by `exact` on their geometry."""

    envelope: tuple[float, float, float, float]
    inner: tuple[float, float, float, float]
    exact: Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Column:
    name: str
    type: FieldType


@dataclass
class Page:
    rows: list[tuple]
    """(fid, geometry blob, *column values) in key order."""
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

    def __post_init__(self):
        self.present = self.path is not None and self.path.exists()
        self.srs_id, self.geometry_column, self.extent = 25832, "geom", None
        if self.present:
            db = self._db()
            self.geometry_column, self.srs_id = db.execute(
                "SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?",
                (self.table,)).fetchone()
            row = db.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ?",
                             (self.table,)).fetchone()
            self.extent = tuple(row) if row and None not in row else None
            stored = {r[1] for r in db.execute(f"PRAGMA table_info({_quote(self.table)})")}
            self.columns = tuple(c for c in self.columns if c.name in stored)
        self.crs = pyproj.CRS.from_epsg(self.srs_id)
        self._select = ", ".join(["t.fid", f"t.{_quote(self.geometry_column)}",
                                  *(f"t.{_quote(c.name)}" for c in self.columns)])
        self._rtree = _quote(f"rtree_{self.table}_{self.geometry_column}")

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            uri = f"file:{quote(str(self.path))}?mode=ro&immutable=1"
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._local.connection = connection
        return connection

    def _where(self, filters: Sequence[tuple[str, object]]) -> tuple[list[str], list]:
        return [f"t.{_quote(name)} = ?" for name, _ in filters], [value for _, value in filters]

    def find(self, *, filters: Sequence[tuple[str, object]] = (), area: Area | None = None,
             after: int | None = None, offset: int = 0, limit: int = 10) -> Page:
        """The features after key `after` (skipping `offset` matches), at most `limit`, that meet
        the property filters and the area; with the number matched in all."""
        if not self.present:
            return Page([], 0)
        clauses, values = self._where(filters)
        if area is None:
            return self._find_plain(clauses, values, after, offset, limit)
        return self._find_in_area(clauses, values, area, after, offset, limit)

    def _find_plain(self, clauses, values, after, offset, limit) -> Page:
        db = self._db()
        where = " AND ".join(clauses) or "1"
        matched = db.execute(f"SELECT count(*) FROM {_quote(self.table)} t WHERE {where}", values).fetchone()[0]
        rows = db.execute(f"SELECT {self._select} FROM {_quote(self.table)} t WHERE {where} AND t.fid > ? "
                          f"ORDER BY t.fid LIMIT ? OFFSET ?", [*values, after or 0, limit + 1, offset]).fetchall()
        return _page(rows, matched, limit)

    def _find_in_area(self, clauses, values, area: Area, after, offset, limit) -> Page:
        db = self._db()
        minx, miny, maxx, maxy = area.envelope
        overlap = ["r.minx <= ?", "r.maxx >= ?", "r.miny <= ?", "r.maxy >= ?", *clauses]
        overlap_values = [maxx, minx, maxy, miny, *values]
        inside = "r.minx >= ? AND r.maxx <= ? AND r.miny >= ? AND r.maxy <= ?"
        ix0, iy0, ix1, iy1 = area.inner
        joined = f"FROM {self._rtree} r JOIN {_quote(self.table)} t ON t.fid = r.id WHERE " + " AND ".join(overlap)
        sure = db.execute(f"SELECT count(*) {joined} AND {inside}", [*overlap_values, ix0, ix1, iy0, iy1]).fetchone()[0]
        edges = db.execute(f"SELECT t.{_quote(self.geometry_column)} {joined} AND NOT ({inside})",
                           [*overlap_values, ix0, ix1, iy0, iy1]).fetchall()
        matched = sure + int(np.count_nonzero(area.exact(geometries([e[0] for e in edges])))) if edges else sure
        found: list[tuple] = []
        skip, key = offset, after or 0
        while len(found) <= limit:
            batch = db.execute(
                f"SELECT r.minx >= ? AND r.maxx <= ? AND r.miny >= ? AND r.maxy <= ?, {self._select} "
                f"{joined} AND t.fid > ? ORDER BY t.fid LIMIT ?",
                [ix0, ix1, iy0, iy1, *overlap_values, key, BATCH]).fetchall()
            if not batch:
                break
            unsure = [i for i, row in enumerate(batch) if not row[0]]
            hits = np.ones(len(batch), dtype=bool)
            if unsure:
                hits[unsure] = area.exact(geometries([batch[i][2] for i in unsure]))
            for row, hit in zip(batch, hits):
                if not hit:
                    continue
                if skip:
                    skip -= 1
                    continue
                found.append(row[1:])
                if len(found) > limit:
                    break
            key = batch[-1][1]
        return _page(found, matched, limit)

    def by_id(self, feature_id: str) -> tuple | None:
        if not self.present:
            return None
        return self._db().execute(f"SELECT {self._select} FROM {_quote(self.table)} t "
                                  f"WHERE t.{_quote(self.id_column)} = ? LIMIT 1", (feature_id,)).fetchone()


def _page(rows: list[tuple], matched: int, limit: int) -> Page:
    if len(rows) > limit:
        return Page(rows[:limit], matched, rows[limit - 1][0])
    return Page(rows, matched)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class GeoJsonWriter:
    """Writes rows of a FeatureTable as GeoJSON features in one CRS, text assembled once."""

    def __init__(self, table: FeatureTable, target: pyproj.CRS, decimals: int):
        self.table = table
        self.decimals = decimals
        self.transformer = (None if target == table.crs else
                            pyproj.Transformer.from_crs(table.crs, target, always_xy=True))
        self._converters = [_converter(c.type) for c in table.columns]
        self._names = [c.name for c in table.columns]

    def geometries(self, blobs: Sequence[bytes | None]) -> list[str]:
        shapes = geometries(blobs)
        if self.transformer is not None:
            shapes = shapely.transform(shapes, lambda xy: np.column_stack(
                self.transformer.transform(xy[:, 0], xy[:, 1])))
        shapes = shapely.transform(shapes, lambda xy: np.round(xy, self.decimals))
        return ["null" if text is None else text for text in shapely.to_geojson(shapes).tolist()]

    def properties(self, row: tuple) -> dict:
        return {name: convert(value) for name, convert, value in zip(self._names, self._converters, row[2:])}

    def features(self, rows: Sequence[tuple], id_column: str, links: Callable[[str], list] | None = None
                 ) -> list[str]:
        texts = []
        for row, geometry in zip(rows, self.geometries([row[1] for row in rows])):
            properties = self.properties(row)
            identifier = properties.get(id_column, row[0])
            extra = ',"links":' + json.dumps(links(identifier), ensure_ascii=False) if links else ""
            texts.append('{"type":"Feature","id":' + json.dumps(identifier, ensure_ascii=False)
                         + ',"geometry":' + geometry + ',"properties":'
                         + json.dumps(properties, ensure_ascii=False, separators=(",", ":")) + extra + "}")
        return texts


def _converter(kind: FieldType):
    if kind == FieldType.BOOLEAN:
        return lambda value: None if value is None else bool(value)
    return lambda value: value
