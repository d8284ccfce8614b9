"""Joining PMTiles v3 vector archives (gzip-compressed MVT) into one, in pure Python.

A tile that only one input has is copied byte for byte; only tiles several inputs share (at
kommune borders) are decompressed and merged layer by layer, with the feature tags re-indexed to
the merged key and value tables. That keeps the national join proportional to the shared tiles,
where tile-join decodes and re-encodes every tile of the country.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import mmap
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HEADER_BYTES = 127
GZIP, MVT = 2, 1
ROOT_LIMIT = 16384 - HEADER_BYTES


class JoinError(RuntimeError):
    pass


def _varint(data, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def read_directory(data: bytes) -> list[tuple[int, int, int, int]]:
    """(tile_id, run_length, offset, length) of one uncompressed PMTiles directory."""
    count, position = _varint(data, 0)
    columns = []
    for _ in range(3):
        column = []
        for _ in range(count):
            value, position = _varint(data, position)
            column.append(value)
        columns.append(column)
    tile_ids, runs, lengths = columns
    for index in range(1, count):
        tile_ids[index] += tile_ids[index - 1]
    entries: list[tuple[int, int, int, int]] = []
    for index in range(count):
        raw, position = _varint(data, position)
        offset = entries[-1][2] + entries[-1][3] if raw == 0 and index > 0 else raw - 1
        entries.append((tile_ids[index], runs[index], offset, lengths[index]))
    return entries


def write_directory(entries: Sequence[tuple[int, int, int, int]]) -> bytes:
    out = bytearray(_encode_varint(len(entries)))
    previous = 0
    for tile_id, _, _, _ in entries:
        out += _encode_varint(tile_id - previous)
        previous = tile_id
    for _, run, _, _ in entries:
        out += _encode_varint(run)
    for _, _, _, length in entries:
        out += _encode_varint(length)
    for index, (_, _, offset, _) in enumerate(entries):
        follows = index > 0 and offset == entries[index - 1][2] + entries[index - 1][3]
        out += _encode_varint(0 if follows else offset + 1)
    return bytes(out)


@dataclass
class Archive:
    data: mmap.mmap
    header: tuple
    tiles: dict[int, tuple[int, int]]
    metadata: dict

    @classmethod
    def open(cls, path: Path) -> Archive:
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:7] != b"PMTiles" or data[7] != 3:
            raise JoinError(f"{path} er ikke PMTiles v3 / is not PMTiles v3")
        header = struct.unpack_from("<11Q4B2B4iB2i", data, 8)
        if header[13] != GZIP or header[14] != MVT or header[12] != GZIP:
            raise JoinError(f"{path}: kun gzip-MVT / only gzip MVT archives can be joined")
        root_offset, root_length, meta_offset, meta_length, leaf_offset, _, tile_offset = header[:7]

        def directory(offset: int, length: int):
            return read_directory(gzip.decompress(data[offset:offset + length]))

        tiles: dict[int, tuple[int, int]] = {}
        pending = [directory(root_offset, root_length)]
        while pending:
            for tile_id, run, offset, length in pending.pop():
                if run == 0:
                    pending.append(directory(leaf_offset + offset, length))
                else:
                    for step in range(run):
                        tiles[tile_id + step] = (tile_offset + offset, length)
        metadata = json.loads(gzip.decompress(data[meta_offset:meta_offset + meta_length]) or b"{}")
        return cls(data, header, tiles, metadata)

    def blob(self, tile_id: int) -> bytes:
        offset, length = self.tiles[tile_id]
        return self.data[offset:offset + length]


def _fields(buffer: bytes) -> Iterator[tuple[int, int, Any, int, int]]:
    """Protocol-buffer fields: (number, wire type, value, start, end) of each; the value is an
    int (varint) or bytes (the other wire types)."""
    position, end = 0, len(buffer)
    while position < end:
        start = position
        key, position = _varint(buffer, position)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, position = _varint(buffer, position)
        elif wire == 2:
            length, position = _varint(buffer, position)
            value = buffer[position:position + length]
            position += length
        elif wire == 1:
            value, position = buffer[position:position + 8], position + 8
        elif wire == 5:
            value, position = buffer[position:position + 4], position + 4
        else:
            raise JoinError(f"ukendt protobuf-felttype / unknown protobuf wire type {wire}")
        yield number, wire, value, start, position


_VARINTS = [bytes([value]) for value in range(0x80)] + [
    bytes([(value & 0x7F) | 0x80, value >> 7]) for value in range(0x80, 0x4000)]
"""Encoded varints below 2**14: tag indices and feature lengths are nearly always below it."""


def _varint_bytes(value: int) -> bytes:
    return _VARINTS[value] if value < 0x4000 else _encode_varint(value)


def _length_delimited(number: int, payload: bytes) -> bytes:
    return _varint_bytes(number << 3 | 2) + _varint_bytes(len(payload)) + payload


def _packed_varints(data: bytes) -> list[int]:
    values: list[int] = []
    value, shift = 0, 0
    append = values.append
    for byte in data:
        if byte < 0x80:
            append(value | byte << shift)
            value = shift = 0
        else:
            value |= (byte & 0x7F) << shift
            shift += 7
    return values


def _remap_feature(feature: bytes, key_map: list[int], value_map: list[int]) -> bytes:
    """The feature with its tags (key, value, key, value, ...) pointing into the merged tables.

    A feature's field keys (id 1, tags 2, type 3, geometry 4) are one byte each."""
    out, position, end = bytearray(), 0, len(feature)
    while position < end:
        start, key = position, feature[position]
        position += 1
        wire = key & 7
        if key == 0x12:
            length, position = _varint(feature, position)
            tags = _packed_varints(feature[position:position + length])
            position += length
            tags[0::2] = [key_map[tag] for tag in tags[0::2]]
            tags[1::2] = [value_map[tag] for tag in tags[1::2]]
            table = _VARINTS if max(tags, default=0) < 0x4000 else None
            packed = b"".join([table[tag] for tag in tags] if table else map(_varint_bytes, tags))
            out += b"\x12" + _varint_bytes(len(packed)) + packed
            continue
        if key >= 0x80:
            raise JoinError("uventet feltnummer i feature / unexpected field number in a feature")
        if wire == 0:
            _, position = _varint(feature, position)
        elif wire == 2:
            length, position = _varint(feature, position)
            position += length
        elif wire in (1, 5):
            position += 8 if wire == 1 else 4
        else:
            raise JoinError(f"ukendt protobuf-felttype / unknown protobuf wire type {wire}")
        out += feature[start:position]
    return bytes(out)


def _layer_fields(layer: bytes) -> list[tuple[int, Any]]:
    """(number, value) of a layer's fields: what `_fields` gives, read in one loop (the join
    spends its time here on tiles many kommuner share)."""
    fields: list[tuple[int, Any]] = []
    position, end = 0, len(layer)
    while position < end:
        key = layer[position]
        if key < 0x80:
            position += 1
        else:
            key, position = _varint(layer, position)
        wire = key & 7
        if wire == 2:
            length = layer[position]
            if length < 0x80:
                position += 1
            else:
                length, position = _varint(layer, position)
            fields.append((key >> 3, layer[position:position + length]))
            position += length
        elif wire == 0:
            value, position = _varint(layer, position)
            fields.append((key >> 3, value))
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            fields.append((key >> 3, layer[position:position + size]))
            position += size
        else:
            raise JoinError(f"ukendt protobuf-felttype / unknown protobuf wire type {wire}")
    return fields


def _merge_layers(name: bytes, parts: Sequence[bytes]) -> bytes:
    keys: dict[bytes, int] = {}
    values: dict[bytes, int] = {}
    features: list[bytes] = []
    extent, version = 4096, 2
    extents = set()
    for part in parts:
        local_keys, local_values, local_features = [], [], []
        for number, value in _layer_fields(part):
            if number == 2:
                local_features.append(value)
            elif number == 3:
                local_keys.append(value)
            elif number == 4:
                local_values.append(value)
            elif number == 5:
                extents.add(value)
                extent = value
            elif number == 15:
                version = value
        key_map = [keys.setdefault(key, len(keys)) for key in local_keys]
        value_map = [values.setdefault(val, len(values)) for val in local_values]
        features += [_remap_feature(f, key_map, value_map) for f in local_features]
    if len(extents) > 1:
        raise JoinError(f"lag {name!r} har forskellige extents / layers differ in extent")
    out = bytearray(_encode_varint(15 << 3) + _encode_varint(version))
    out += _length_delimited(1, name)
    for feature in features:
        out += _length_delimited(2, feature)
    for key in keys:
        out += _length_delimited(3, key)
    for value in values:
        out += _length_delimited(4, value)
    out += _encode_varint(5 << 3) + _encode_varint(extent)
    return bytes(out)


def merge_tiles(tiles: Sequence[bytes]) -> bytes:
    """Several uncompressed MVT tiles of one z/x/y as one tile (layers of one name merged)."""
    by_name: dict[bytes, list[bytes]] = {}
    for tile in tiles:
        for number, _, layer, _, _ in _fields(tile):
            if number == 3:
                name = next(bytes(v) for n, _, v, _, _ in _fields(layer) if n == 1)
                by_name.setdefault(name, []).append(layer)
    out = bytearray()
    for name, parts in by_name.items():
        out += _length_delimited(3, parts[0] if len(parts) == 1 else _merge_layers(name, parts))
    return bytes(out)


def _merged_metadata(archives: Sequence[Archive], name: str) -> dict:
    layers: dict[str, dict] = {}
    for archive in archives:
        for layer in archive.metadata.get("vector_layers", []):
            known = layers.setdefault(layer["id"], {**layer, "fields": dict(layer.get("fields", {}))})
            known["minzoom"] = min(known.get("minzoom", 99), layer.get("minzoom", 99))
            known["maxzoom"] = max(known.get("maxzoom", 0), layer.get("maxzoom", 0))
            known["fields"].update(layer.get("fields", {}))
    return {"name": name, "format": "pbf", "type": "overlay",
            "generator": "overblikskort pmtiles_join", "vector_layers": list(layers.values())}


def _zoom(tile_id: int) -> int:
    zoom, first = 0, 0
    while tile_id >= first + 4 ** zoom:
        first += 4 ** zoom
        zoom += 1
    return zoom


def _directories(entries: list[tuple[int, int, int, int]]) -> tuple[bytes, bytes]:
    root = gzip.compress(write_directory(entries), mtime=0)
    if len(root) <= ROOT_LIMIT:
        return root, b""
    leaf_size = 4096
    while True:
        leaves, root_entries = bytearray(), []
        for start in range(0, len(entries), leaf_size):
            chunk = entries[start:start + leaf_size]
            leaf = gzip.compress(write_directory(chunk), mtime=0)
            root_entries.append((chunk[0][0], 0, len(leaves), len(leaf)))
            leaves += leaf
        root = gzip.compress(write_directory(root_entries), mtime=0)
        if len(root) <= ROOT_LIMIT:
            return root, bytes(leaves)
        leaf_size *= 2


def _stale_tiles(inputs: Sequence[Path], previous_inputs: Sequence[Path]) -> set[int]:
    """Tile ids an added or a removed input touches: only these can differ from the previous join."""
    changed = set(map(Path, inputs)) ^ set(map(Path, previous_inputs))
    stale: set[int] = set()
    for path in changed:
        archive = Archive.open(path)
        stale.update(archive.tiles)
        archive.data.close()
    return stale


def join(inputs: Sequence[Path], out: Path, name: str, *, previous: Path | None = None,
         previous_inputs: Sequence[Path] = ()) -> dict:
    """Write the join of `inputs` to `out`; returns counts of copied, merged and reused tiles.

    `previous` is an archive this function wrote from `previous_inputs`: every tile that no added
    or removed input touches is taken from it as it is, so the result equals a join from scratch.
    """
    archives = [Archive.open(Path(path)) for path in inputs]
    owners: dict[int, list[Archive]] = {}
    for archive in archives:
        for tile_id in archive.tiles:
            owners.setdefault(tile_id, []).append(archive)
    old = Archive.open(Path(previous)) if previous is not None else None
    stale = _stale_tiles(inputs, previous_inputs) if old is not None else set()
    data, seen = bytearray(), {}
    entries: list[tuple[int, int, int, int]] = []
    merged = reused = 0
    for tile_id in sorted(owners):
        sources = owners[tile_id]
        if old is not None and tile_id not in stale and tile_id in old.tiles:
            reused += 1
            blob = old.blob(tile_id)
        elif len(sources) == 1:
            blob = sources[0].blob(tile_id)
        else:
            merged += 1
            blob = gzip.compress(merge_tiles([gzip.decompress(s.blob(tile_id)) for s in sources]),
                                 compresslevel=6, mtime=0)
        digest = hashlib.blake2b(blob, digest_size=16).digest()
        if digest not in seen:
            seen[digest] = (len(data), len(blob))
            data += blob
        offset, length = seen[digest]
        last = entries[-1] if entries else None
        if last and last[0] + last[1] == tile_id and last[2] == offset:
            entries[-1] = (last[0], last[1] + 1, offset, length)
        else:
            entries.append((tile_id, 1, offset, length))
    root, leaves = _directories(entries)
    metadata = gzip.compress(json.dumps(_merged_metadata(archives, name)).encode(), mtime=0)
    bounds = [min(a.header[17] for a in archives), min(a.header[18] for a in archives),
              max(a.header[19] for a in archives), max(a.header[20] for a in archives)]
    ids = list(owners) or [0]
    min_zoom, max_zoom = _zoom(min(ids)), _zoom(max(ids))
    root_offset = HEADER_BYTES
    meta_offset = root_offset + len(root)
    leaf_offset = meta_offset + len(metadata)
    tile_offset = leaf_offset + len(leaves)
    header = b"PMTiles" + bytes([3]) + struct.pack(
        "<11Q4B2B4iB2i", root_offset, len(root), meta_offset, len(metadata), leaf_offset,
        len(leaves), tile_offset, len(data), len(owners), len(entries), len(seen),
        1, GZIP, GZIP, MVT, min_zoom, max_zoom, *bounds, min_zoom,
        (bounds[0] + bounds[2]) // 2, (bounds[1] + bounds[3]) // 2)
    partial = Path(out).with_suffix(".partial")
    with open(partial, "wb") as handle:
        for part in (header, root, metadata, leaves, data):
            handle.write(part)
    partial.replace(out)
    for archive in archives + ([old] if old is not None else []):
        archive.data.close()
    return {"tiles": len(owners), "merged": merged, "reused": reused, "contents": len(seen)}
