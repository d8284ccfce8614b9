"""The serving index of one build's collection table, for requests in the default CRS (CRS84):
every feature's GeoJSON text written once, its CRS84 geometry (WKB) for the exact test of the few
features that cross a query box's edge, and an R-tree in CRS84, so that a page of items is a few
look-ups by key.

It is made by the first publisher process that opens the build (a background thread; an flock
keeps the other processes from making it too) from the very function a request without it uses
(`FeatureTable.features`), so answers are the same with and without it. Until it is there,
requests use the GeoPackage's own R-tree and write their features as they go. It lives outside
the immutable build folder:

    <public_dir>/cache/ogc/<build_id>/<table>-v<INDEX_VERSION>.sqlite

and indexes of builds that are gone are removed when a new one is made.
"""

from __future__ import annotations

import fcntl
import json
import logging
import shutil
import sqlite3
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import numpy as np
import shapely

from .ogc_store import BATCH, FeatureTable, Page, page_of, rows_by_key

log = logging.getLogger(__name__)

INDEX_VERSION = 6
INDEXED_CRS = "OGC:CRS84"
CHECK_SECONDS = 1.0
"""How often a process that is not making the index looks whether it has appeared."""


def feature_text(key: int, geometry: str, properties: str, identifier) -> bytes:
    """One GeoJSON Feature in UTF-8 (its id: the id column's value, else the key)."""
    return (
        '{"type":"Feature","id":'
        + json.dumps(key if identifier is None else identifier, ensure_ascii=False)
        + ',"geometry":'
        + geometry
        + ',"properties":'
        + properties
        + "}"
    ).encode("utf-8")


class ServingIndex:
    def __init__(self, cache: Path, build: Path, table: FeatureTable):
        self.cache, self.build, self.table = cache, build, table
        self.path = cache / build.name / f"{table.table}-v{INDEX_VERSION}.sqlite"
        self._local = threading.local()
        self._ready = False
        self._checked = 0.0

    def ready(self) -> bool:
        if not self._ready and time.monotonic() - self._checked > CHECK_SECONDS:
            self._checked = time.monotonic()
            self._ready = self.path.exists()
        return self._ready

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                f"file:{quote(str(self.path))}?mode=ro&immutable=1",
                uri=True,
                check_same_thread=False,
            )
            self._local.connection = connection
        return connection

    def find(
        self,
        bbox: tuple[float, float, float, float] | None,
        *,
        after: int | None,
        offset: int,
        limit: int,
    ) -> Page:
        """Like `FeatureTable.find` without property filters, for a box in CRS84."""
        db = self._db()
        if bbox is None:
            matched = db.execute("SELECT features FROM counts").fetchone()[0]
            keys = [
                row[0]
                for row in db.execute(
                    "SELECT fid FROM features WHERE fid > ? ORDER BY fid LIMIT ? OFFSET ?",
                    (after or 0, limit + 1, offset),
                )
            ]
            return page_of(keys, matched, limit)
        west, south, east, north = bbox
        overlap, around = (
            "minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?",
            (east, west, north, south),
        )
        # The R-tree answers in C: the keys of the features inside the box as one text, and the
        # few that cross one of its four edges (those get the exact test).
        inside_text = db.execute(
            f"SELECT group_concat(id) FROM rtree WHERE {overlap} AND minx >= ? AND "
            "maxx <= ? AND miny >= ? AND maxy <= ?",
            (*around, west, east, south, north),
        ).fetchone()[0]
        matched = (
            np.fromstring(inside_text, dtype=np.int64, sep=",")
            if inside_text
            else np.zeros(0, np.int64)
        )
        edges: set[int] = set()
        for crossing, values in (
            ("minx < ? AND maxx >= ?", (west, west)),
            ("minx <= ? AND maxx > ?", (east, east)),
            ("miny < ? AND maxy >= ?", (south, south)),
            ("miny <= ? AND maxy > ?", (north, north)),
        ):
            edges.update(
                row[0]
                for row in db.execute(
                    f"SELECT id FROM rtree WHERE {overlap} AND {crossing}", (*around, *values)
                )
            )
        if edges:
            keys = sorted(edges)
            shapes = dict(self._rows(keys, "fid, wkb"))
            hits = shapely.intersects(
                shapely.from_wkb([shapes[key] for key in keys]), shapely.box(*bbox)
            )
            matched = np.concatenate([matched, np.array(keys, dtype=np.int64)[hits]])
        following = matched[matched > (after or 0)]
        wanted = offset + limit + 1
        if len(following) > wanted:
            following = np.partition(following, wanted - 1)[:wanted]
        following.sort()
        return page_of(following[offset:].tolist(), len(matched), limit)

    def texts(self, keys: Sequence[int]) -> list[bytes]:
        """The features' GeoJSON texts (UTF-8) in the order of `keys`."""
        found = dict(self._rows(list(keys), "fid, feature"))
        return [found[key] for key in keys if key in found]

    def _rows(self, keys: list[int], select: str) -> list[tuple]:
        return rows_by_key(self._db(), "features", "fid", select, keys)

    def start(self) -> None:
        """Makes the index in a background thread, unless it exists or another process makes it."""
        if self.table.present and not self.path.exists():
            threading.Thread(
                target=self._make, name=f"ogc-index-{self.table.table}", daemon=True
            ).start()

    def _make(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            try:
                if not self.path.exists():
                    self._write()
                    _remove_gone_builds(self.cache, self.build.parent)
            except Exception:
                log.exception(
                    "the OGC serving index %s could not be made; features are written per request",
                    self.path,
                )

    def _write(self) -> None:
        partial = self.path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        connection = sqlite3.connect(partial)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute(
                "CREATE TABLE features (fid INTEGER PRIMARY KEY, feature BLOB, wkb BLOB)"
            )
            connection.execute("CREATE VIRTUAL TABLE rtree USING rtree(id, minx, maxx, miny, maxy)")
            keys = self.table.all_keys()
            connection.execute("CREATE TABLE counts (features INTEGER)")
            connection.execute("INSERT INTO counts VALUES (?)", (len(keys),))
            for start in range(0, len(keys), BATCH * 4):
                rows = self.table.features(keys[start : start + BATCH * 4], INDEXED_CRS)
                shapes = shapely.from_geojson([row[1] for row in rows])
                bounds = shapely.bounds(shapes)
                connection.executemany(
                    "INSERT INTO features VALUES (?, ?, ?)",
                    [
                        (row[0], feature_text(*row), wkb)
                        for row, wkb in zip(rows, shapely.to_wkb(shapes))
                    ],
                )
                connection.executemany(
                    "INSERT INTO rtree VALUES (?, ?, ?, ?, ?)",
                    [
                        (row[0], box[0], box[2], box[1], box[3])
                        for row, box in zip(rows, bounds.tolist())
                        if not np.isnan(box[0])
                    ],
                )
            connection.commit()
        finally:
            connection.close()
        partial.rename(self.path)


def _remove_gone_builds(cache: Path, builds: Path) -> None:
    for folder in cache.iterdir():
        if folder.is_dir() and not (builds / folder.name).is_dir():
            shutil.rmtree(folder, ignore_errors=True)
