"""National files assembled from the per-kommune parts (`kommune_parts`) without re-encoding them.

* GeoJSON: the cached feature texts of every kommune between one header and footer.
* JSON with its gzip copy: the parts' texts and their cached deflate blocks stitched into one
  gzip member (each block was flushed with Z_FULL_FLUSH, so blocks need no shared history).
* GeoPackage: rows copied with SQL from the kommune GeoPackages; after a one-kommune change the
  previous national GeoPackage is copied and only that kommune's rows are replaced.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import shapely

from datamodel import LAYERS

from .downloads import geojson_metadata

GEOJSON_HEADER = b'{\n"type": "FeatureCollection",\n"features": [\n'
GEOJSON_FOOTER = b"\n]\n}\n"
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


class AssemblyError(RuntimeError):
    pass


def geojson_features(collection: bytes) -> bytes:
    """The features of a FeatureCollection written by GDAL's GeoJSON driver, as one text."""
    if not collection.startswith(GEOJSON_HEADER) or not collection.endswith(GEOJSON_FOOTER):
        raise AssemblyError("uventet GeoJSON fra GDAL / unexpected GeoJSON layout from GDAL")
    return collection[len(GEOJSON_HEADER) : -len(GEOJSON_FOOTER)]


def write_geojson(parts: Iterable[Path], out: Path, layer_name: str | None = None) -> None:
    """One FeatureCollection from the feature texts of the kommuner, in the order given, with the
    layer's name and README (`downloads.geojson_metadata`; the layer is the file's name unless
    given)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    layer_name = layer_name or out.stem
    members = geojson_metadata(layer_name) if layer_name in LAYERS else {}
    header = (
        b'{\n"type": "FeatureCollection",\n'
        + b"".join(
            json.dumps(key).encode()
            + b": "
            + json.dumps(value, ensure_ascii=False).encode("utf-8")
            + b",\n"
            for key, value in members.items()
        )
        + b'"features": [\n'
    )
    first = True
    with open(out, "wb") as handle:
        handle.write(header)
        for part in parts:
            if part.stat().st_size == 0:
                continue
            if not first:
                handle.write(b",\n")
            with open(part, "rb") as source:
                shutil.copyfileobj(source, handle, 1 << 22)
            first = False
        handle.write(GEOJSON_FOOTER if not first else b"]\n}\n")


def deflate_block(raw: bytes) -> bytes:
    """Raw deflate of `raw`, ended with a full flush: it can be placed anywhere in a stream."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(raw) + compressor.flush(zlib.Z_FULL_FLUSH)


def write_json_pieces(path: Path, pieces: Iterable[tuple[bytes, bytes | None]]) -> None:
    """`path` and `path`.gz from (text, its deflate block or None) pieces, without recompressing
    the pieces that bring their block along. The pieces are read one at a time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    crc, size = 0, 0
    with open(path, "wb") as plain, open(path.with_name(path.name + ".gz"), "wb") as packed:
        packed.write(GZIP_HEADER)
        for raw, block in pieces:
            plain.write(raw)
            packed.write(block if block is not None else deflate_block(raw))
            crc, size = zlib.crc32(raw, crc), size + len(raw)
        packed.write(zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH))
        packed.write(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))


def joined_pieces(
    prefix: bytes, parts: Iterable[tuple[bytes, bytes]], suffix: bytes
) -> Iterator[tuple[bytes, bytes | None]]:
    """prefix, the non-empty parts separated by commas, suffix (parts read as they come)."""
    yield prefix, None
    first = True
    for raw, block in parts:
        if not raw:
            continue
        if not first:
            yield b",", None
        yield raw, block
        first = False
    yield suffix, None


@lru_cache(maxsize=16)
def _envelope(blob: bytes) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a GeoPackage geometry blob; None if empty."""
    flags = blob[3]
    if flags & 0x10:
        return None
    kind = (flags >> 1) & 7
    if kind == 0:
        geometry = shapely.from_wkb(bytes(blob[8:]))
        if geometry.is_empty:
            return None
        minx, miny, maxx, maxy = geometry.bounds
        return minx, maxx, miny, maxy
    return struct.unpack_from("<4d" if flags & 1 else ">4d", blob, 8)


def _connect(path: Path) -> sqlite3.Connection:
    """A connection that can run the GeoPackage's R-tree triggers (ST_* as SQL functions)."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.create_function(
        "ST_IsEmpty",
        1,
        lambda b: None if b is None else int(_envelope(b) is None),
        deterministic=True,
    )
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        connection.create_function(
            name,
            1,
            lambda b, i=index: None if b is None or (box := _envelope(b)) is None else box[i],
            deterministic=True,
        )
    return connection


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _feature_tables(connection: sqlite3.Connection, schema: str = "main") -> dict[str, str]:
    """feature table → its geometry column."""
    return dict(
        connection.execute(
            f"SELECT c.table_name, g.column_name FROM {schema}.gpkg_contents c JOIN {schema}.gpkg_geometry_columns g "
            "ON g.table_name = c.table_name WHERE c.data_type = 'features'"
        )
    )


def patch_gpkg(
    layer_name: str,
    base: Path,
    out: Path,
    *,
    remove_kommuner: Sequence[str],
    add_parts: Sequence[Path],
) -> None:
    """`out` = `base` without the rows of `remove_kommuner`, plus every row of `add_parts`, in
    each feature table of the layer's GeoPackage (one, or one per geometry type); the code-list
    and README tables stay as `base` has them."""
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(base, out)
    connection = _connect(out)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.execute(
            "PRAGMA secure_delete = ON"
        )  # removed rows must not linger in free pages
        tables = _feature_tables(connection)
        if remove_kommuner:
            marks = ",".join("?" * len(remove_kommuner))
            for table in tables:
                connection.execute(
                    f"DELETE FROM {_quote(table)} WHERE kommunekode IN ({marks})",
                    tuple(remove_kommuner),
                )
        for part in add_parts:
            connection.execute("ATTACH DATABASE ? AS part", (str(part),))
            part_tables = _feature_tables(connection, "part")
            for table in tables:
                if table not in part_tables:
                    continue
                columns = [
                    row[1]
                    for row in connection.execute(f"PRAGMA table_info({_quote(table)})")
                    if row[5] == 0
                ]
                part_columns = {
                    row[1] for row in connection.execute(f"PRAGMA part.table_info({_quote(table)})")
                }
                shared = ",".join(_quote(c) for c in columns if c in part_columns)
                connection.execute(
                    f"INSERT INTO main.{_quote(table)} ({shared}) "
                    f"SELECT {shared} FROM part.{_quote(table)}"
                )
            connection.execute("DETACH DATABASE part")
        connection.execute("BEGIN")
        for table, geometry_column in tables.items():
            rtree = _quote(f"rtree_{table}_{geometry_column}")
            connection.execute(
                f"UPDATE gpkg_contents SET min_x = (SELECT min(minx) FROM {rtree}), "
                f"min_y = (SELECT min(miny) FROM {rtree}), max_x = (SELECT max(maxx) FROM {rtree}), "
                f"max_y = (SELECT max(maxy) FROM {rtree}) WHERE table_name = ?",
                (table,),
            )
        connection.execute("COMMIT")
    finally:
        connection.close()
