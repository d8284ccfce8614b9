"""Joining PMTiles v3 vector archives (gzip-compressed MVT) into one.

The container (header, directories, leaves) is read and written with the `pmtiles` package. The
inputs' directories are walked together in tile-id order, one directory at a time, and the tiles
go to disk as they are made, so memory does not grow with the national archive (only the
output's directory is held). A tile that only one input has is copied byte for byte; only tiles
several inputs share (at kommune borders) are decompressed and merged (`mvt_merge`: layer by
layer, thinned to `max_tile_bytes` as tippecanoe would).
"""

from __future__ import annotations

import gzip
import heapq
import itertools
import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from functools import cached_property
from pathlib import Path

from pmtiles.reader import Reader
from pmtiles.tile import Compression, TileType, deserialize_directory, tileid_to_zxy
from pmtiles.writer import Writer

from .mvt_merge import JoinError, merge_tiles

MAX_DIRECTORY_DEPTH = 3
"""PMTiles readers follow at most this many leaf levels below the root (the spec's readers: 3)."""


class Archive:
    """An open PMTiles v3 archive of gzip MVT tiles, read with `os.pread`: what is read stays in
    the page cache, not in this process's memory (a memory map would count every page read)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_RDONLY)
        reader = Reader(self.read)
        try:
            self.header = reader.header()
            self.metadata = reader.metadata()
        except Exception as error:
            self.close()
            raise JoinError(f"{path} er ikke PMTiles v3 / is not PMTiles v3: {error!r}") from error
        header = self.header
        if (
            header["tile_type"] != TileType.MVT
            or header["tile_compression"] != Compression.GZIP
            or header["internal_compression"] != Compression.GZIP
        ):
            self.close()
            raise JoinError(f"{path}: kun gzip-MVT / only gzip MVT archives can be joined")

    @classmethod
    def open(cls, path: Path) -> Archive:
        return cls(path)

    def read(self, offset: int, length: int) -> bytes:
        return os.pread(self._fd, length, offset)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def entries(self) -> Iterator[tuple[int, int, int]]:
        """(tile id, offset in the file, length) of every tile in tile-id order, read one
        directory at a time (PMTiles sorts every directory by tile id)."""
        header = self.header
        yield from self._directory(header["root_offset"], header["root_length"], depth=0)

    def _directory(self, offset: int, length: int, depth: int) -> Iterator[tuple[int, int, int]]:
        if depth > MAX_DIRECTORY_DEPTH:
            raise JoinError(f"{self.path}: for dybe mapper / directories nested too deep")
        header = self.header
        for entry in deserialize_directory(self.read(offset, length)):
            if entry.run_length == 0:
                yield from self._directory(
                    header["leaf_directory_offset"] + entry.offset, entry.length, depth + 1
                )
            else:
                start = header["tile_data_offset"] + entry.offset
                for step in range(entry.run_length):
                    yield entry.tile_id + step, start, entry.length

    @cached_property
    def tiles(self) -> dict[int, tuple[int, int]]:
        """Tile id -> (offset, length) of every tile (for inspection; the join streams)."""
        return {tile_id: (offset, length) for tile_id, offset, length in self.entries()}

    def blob(self, tile_id: int) -> bytes:
        return self.read(*self.tiles[tile_id])


def _merged_metadata(archives: Sequence[Archive], name: str) -> dict:
    layers: dict[str, dict] = {}
    for archive in archives:
        for layer in archive.metadata.get("vector_layers", []):
            known = layers.setdefault(
                layer["id"], {**layer, "fields": dict(layer.get("fields", {}))}
            )
            known["minzoom"] = min(known.get("minzoom", 99), layer.get("minzoom", 99))
            known["maxzoom"] = max(known.get("maxzoom", 0), layer.get("maxzoom", 0))
            known["fields"].update(layer.get("fields", {}))
    return {
        "name": name,
        "format": "pbf",
        "type": "overlay",
        "generator": "overblikskort pmtiles_join",
        "vector_layers": list(layers.values()),
    }


def _stale_tiles(inputs: Sequence[Path], previous_inputs: Sequence[Path]) -> set[int]:
    """Tile ids an added or a removed input touches: only these can differ from the previous join."""
    changed = set(map(Path, inputs)) ^ set(map(Path, previous_inputs))
    stale: set[int] = set()
    for path in changed:
        with Archive.open(path) as archive:
            stale.update(tile_id for tile_id, _, _ in archive.entries())
    return stale


def _numbered(number: int, archive: Archive) -> Iterator[tuple[int, int, int, int]]:
    for tile_id, offset, length in archive.entries():
        yield tile_id, number, offset, length


class _Previous:
    """The previous archive's tiles, looked up in ascending tile-id order (a merge join)."""

    def __init__(self, archive: Archive):
        self.archive = archive
        self.entries = archive.entries()
        self.current = next(self.entries, None)

    def blob(self, tile_id: int) -> bytes | None:
        while self.current is not None and self.current[0] < tile_id:
            self.current = next(self.entries, None)
        if self.current is not None and self.current[0] == tile_id:
            return self.archive.read(self.current[1], self.current[2])
        return None


def join(
    inputs: Sequence[Path],
    out: Path,
    name: str,
    *,
    previous: Path | None = None,
    previous_inputs: Sequence[Path] = (),
    max_tile_bytes: int | None = None,
) -> dict:
    """Write the join of `inputs` to `out`; returns counts of tiles, merged and reused ones.

    `previous` is an archive this function wrote from `previous_inputs` (with the same
    `max_tile_bytes`): every tile that no added or removed input touches is taken from it as it
    is, so the result equals a join from scratch. The inputs' directories are read as they are
    walked (in tile-id order, all inputs at once) and tiles go to disk as they are made: only
    the output's directory is held.
    """
    with ExitStack() as stack:
        archives = [stack.enter_context(Archive.open(Path(path))) for path in inputs]
        old = stack.enter_context(Archive.open(Path(previous))) if previous is not None else None
        stale = _stale_tiles(inputs, previous_inputs) if old is not None else set()
        previous_tiles = _Previous(old) if old is not None else None
        merged = reused = written = 0
        first_tile = None
        streams = [_numbered(number, archive) for number, archive in enumerate(archives)]
        partial = Path(out).with_suffix(".partial")
        with open(partial, "wb") as handle:
            writer = Writer(handle)
            for tile_id, group in itertools.groupby(
                heapq.merge(*streams), key=lambda item: item[0]
            ):
                sources = list(group)
                kept = (
                    previous_tiles.blob(tile_id)
                    if previous_tiles is not None and tile_id not in stale
                    else None
                )
                if kept is not None:
                    reused += 1
                    blob = kept
                elif len(sources) == 1:
                    _, number, offset, length = sources[0]
                    blob = archives[number].read(offset, length)
                else:
                    merged += 1
                    blob = merge_tiles(
                        [
                            gzip.decompress(archives[number].read(offset, length))
                            for _, number, offset, length in sources
                        ],
                        max_tile_bytes,
                        sum(length for *_, length in sources),
                    )
                writer.write_tile(tile_id, blob)
                written += 1
                first_tile = tile_id if first_tile is None else first_tile
            writer.finalize(
                {
                    "tile_type": TileType.MVT,
                    "tile_compression": Compression.GZIP,
                    "min_lon_e7": min(a.header["min_lon_e7"] for a in archives),
                    "min_lat_e7": min(a.header["min_lat_e7"] for a in archives),
                    "max_lon_e7": max(a.header["max_lon_e7"] for a in archives),
                    "max_lat_e7": max(a.header["max_lat_e7"] for a in archives),
                    "center_zoom": tileid_to_zxy(first_tile)[0] if first_tile is not None else 0,
                },
                _merged_metadata(archives, name),
            )
    partial.replace(out)
    return {"tiles": written, "merged": merged, "reused": reused}
