"""Joining PMTiles v3 vector archives (gzip-compressed MVT) into one.

The container (header, directories, leaves) is read and written with the `pmtiles` package, and
the tiles are streamed to disk as they are made, so memory does not grow with the national
archive. What is ours is the tile merge: a tile that only one input has is copied byte for byte;
only tiles several inputs share (at kommune borders) are decompressed and merged layer by layer,
with the feature tags re-indexed to the merged key and value tables. A merged tile over
`max_tile_bytes` loses its densest features as tippecanoe's --drop-densest-as-needed would:
those closest, in the tile's Z-order, to the feature kept before them.
"""
from __future__ import annotations

import gzip
import mmap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmtiles.reader import Reader
from pmtiles.tile import Compression, TileType, deserialize_directory, tileid_to_zxy
from pmtiles.writer import Writer

MAX_THINNING_ROUNDS = 12
"""A merged tile over the limit is thinned at most this many times (each round keeps less)."""


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


@dataclass
class Archive:
    data: mmap.mmap
    header: dict
    tiles: dict[int, tuple[int, int]]
    metadata: dict

    @classmethod
    def open(cls, path: Path) -> Archive:
        with open(path, "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        reader = Reader(lambda offset, length: data[offset:offset + length])
        try:
            header = reader.header()
        except Exception as error:
            raise JoinError(f"{path} er ikke PMTiles v3 / is not PMTiles v3: {error!r}") from error
        if (header["tile_type"] != TileType.MVT or header["tile_compression"] != Compression.GZIP
                or header["internal_compression"] != Compression.GZIP):
            raise JoinError(f"{path}: kun gzip-MVT / only gzip MVT archives can be joined")
        tiles: dict[int, tuple[int, int]] = {}
        pending = [(header["root_offset"], header["root_length"])]
        while pending:
            offset, length = pending.pop()
            for entry in deserialize_directory(data[offset:offset + length]):
                if entry.run_length == 0:
                    pending.append((header["leaf_directory_offset"] + entry.offset, entry.length))
                else:
                    for step in range(entry.run_length):
                        tiles[entry.tile_id + step] = (header["tile_data_offset"] + entry.offset,
                                                       entry.length)
        return cls(data, header, tiles, reader.metadata())

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


@dataclass
class _Layer:
    name: bytes
    features: list[bytes]
    keys: list[bytes]
    values: list[bytes]
    extent: int
    version: int

    def encode(self, features: Sequence[bytes]) -> bytes:
        """The layer with these of its features; after thinning, only the keys and values the
        kept features use."""
        keys, values = self.keys, self.values
        if len(features) < len(self.features):
            features, keys, values = self._compacted(features)
        out = bytearray(_encode_varint(15 << 3) + _encode_varint(self.version))
        out += _length_delimited(1, self.name)
        for feature in features:
            out += _length_delimited(2, feature)
        for key in keys:
            out += _length_delimited(3, key)
        for value in values:
            out += _length_delimited(4, value)
        out += _encode_varint(5 << 3) + _encode_varint(self.extent)
        return bytes(out)

    def _compacted(self, features: Sequence[bytes]):
        used_keys: dict[int, int] = {}
        used_values: dict[int, int] = {}
        for feature in features:
            tags = _tags(feature)
            for key in tags[0::2]:
                used_keys.setdefault(key, len(used_keys))
            for value in tags[1::2]:
                used_values.setdefault(value, len(used_values))
        key_map = [used_keys.get(index, 0) for index in range(len(self.keys))]
        value_map = [used_values.get(index, 0) for index in range(len(self.values))]
        return ([_remap_feature(feature, key_map, value_map) for feature in features],
                [self.keys[index] for index in used_keys],
                [self.values[index] for index in used_values])


def _merge_layers(name: bytes, parts: Sequence[bytes]) -> _Layer:
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
        if len(parts) == 1:
            return _Layer(name, local_features, local_keys, local_values, extent, version)
        key_map = [keys.setdefault(key, len(keys)) for key in local_keys]
        value_map = [values.setdefault(val, len(values)) for val in local_values]
        features += [_remap_feature(f, key_map, value_map) for f in local_features]
    if len(extents) > 1:
        raise JoinError(f"lag {name!r} har forskellige extents / layers differ in extent")
    return _Layer(name, features, list(keys), list(values), extent, version)


def _packed_field(feature: bytes, field_key: int) -> bytes:
    """The payload of one of a feature's length-delimited fields (0x12 tags, 0x22 geometry)."""
    position, end = 0, len(feature)
    while position < end:
        key = feature[position]
        position += 1
        wire = key & 7
        if wire == 0:
            _, position = _varint(feature, position)
        elif wire == 2:
            length, position = _varint(feature, position)
            if key == field_key:
                return feature[position:position + length]
            position += length
        else:
            position += 8 if wire == 1 else 4
    return b""


def _first_point(feature: bytes, extent: int) -> tuple[int, int]:
    """The feature's first vertex in tile coordinates (its geometry starts with a MoveTo)."""
    geometry = _packed_varints(_packed_field(feature, 0x22))
    if len(geometry) < 3:
        return 0, 0
    x, y = ((value >> 1) ^ -(value & 1) for value in geometry[1:3])
    return min(max(x, 0), extent - 1), min(max(y, 0), extent - 1)


def _tags(feature: bytes) -> list[int]:
    """The feature's tags: key index, value index, key index, ..."""
    return _packed_varints(_packed_field(feature, 0x12))


def _z_order(x: int, y: int) -> int:
    key = 0
    for bit in range(16):
        key |= ((x >> bit) & 1) << (2 * bit) | ((y >> bit) & 1) << (2 * bit + 1)
    return key


def _thinned(layers: Sequence[_Layer], budget: int) -> list[list[bytes]]:
    """The features to keep per layer so that their bytes stay within `budget`: walking all of
    the tile's features in Z-order, a feature is kept only if it is at least `gap` from the one
    kept before it, with the smallest gap that fits (tippecanoe's drop-densest-as-needed)."""
    order = sorted((_z_order(*_first_point(feature, layer.extent)), index, number)
                   for index, layer in enumerate(layers)
                   for number, feature in enumerate(layer.features))

    def keep(gap: int) -> tuple[int, set[tuple[int, int]]]:
        kept, total, last = set(), 0, None
        for key, index, number in order:
            if last is None or key - last >= gap:
                kept.add((index, number))
                total += len(layers[index].features[number]) + 3
                last = key
        return total, kept

    low, high = 0, 1 << 32
    while low < high:  # at most 32 halvings
        middle = (low + high) // 2
        if keep(middle)[0] <= budget:
            high = middle
        else:
            low = middle + 1
    kept = keep(low)[1]
    return [[feature for number, feature in enumerate(layer.features) if (index, number) in kept]
            for index, layer in enumerate(layers)]


def _compressed(layers: Sequence[_Layer], features: Sequence[Sequence[bytes]]) -> bytes:
    out = bytearray()
    for layer, kept in zip(layers, features):
        if kept:
            out += _length_delimited(3, layer.encode(kept))
    return gzip.compress(bytes(out), compresslevel=6, mtime=0)


def merge_tiles(tiles: Sequence[bytes], max_tile_bytes: int | None = None) -> bytes:
    """Several uncompressed MVT tiles of one z/x/y as one gzip-compressed tile (layers of one
    name merged), thinned to at most `max_tile_bytes` compressed when it would be larger."""
    by_name: dict[bytes, list[bytes]] = {}
    for tile in tiles:
        for number, _, layer, _, _ in _fields(tile):
            if number == 3:
                name = next(bytes(v) for n, _, v, _, _ in _fields(layer) if n == 1)
                by_name.setdefault(name, []).append(layer)
    layers = [_merge_layers(name, parts) for name, parts in by_name.items()]
    blob = _compressed(layers, [layer.features for layer in layers])
    if max_tile_bytes is None or len(blob) <= max_tile_bytes:
        return blob
    raw = sum(len(feature) + 3 for layer in layers for feature in layer.features)
    budget = int(raw * max_tile_bytes / len(blob) * 0.95)
    for _ in range(MAX_THINNING_ROUNDS):
        blob = _compressed(layers, _thinned(layers, budget))
        if len(blob) <= max_tile_bytes:
            return blob
        budget = int(budget * 0.85)
    raise JoinError(f"en delt tile kunne ikke gøres mindre end / a shared tile could not be made "
                    f"smaller than {max_tile_bytes} bytes")


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
         previous_inputs: Sequence[Path] = (), max_tile_bytes: int | None = None) -> dict:
    """Write the join of `inputs` to `out`; returns counts of tiles, merged and reused ones.

    `previous` is an archive this function wrote from `previous_inputs` (with the same
    `max_tile_bytes`): every tile that no added or removed input touches is taken from it as it
    is, so the result equals a join from scratch. Tiles go to disk as they are made.
    """
    archives = [Archive.open(Path(path)) for path in inputs]
    owners: dict[int, list[Archive]] = {}
    for archive in archives:
        for tile_id in archive.tiles:
            owners.setdefault(tile_id, []).append(archive)
    old = Archive.open(Path(previous)) if previous is not None else None
    stale = _stale_tiles(inputs, previous_inputs) if old is not None else set()
    merged = reused = 0
    partial = Path(out).with_suffix(".partial")
    with open(partial, "wb") as handle:
        writer = Writer(handle)
        for tile_id in sorted(owners):
            sources = owners[tile_id]
            if old is not None and tile_id not in stale and tile_id in old.tiles:
                reused += 1
                blob = old.blob(tile_id)
            elif len(sources) == 1:
                blob = sources[0].blob(tile_id)
            else:
                merged += 1
                blob = merge_tiles([gzip.decompress(s.blob(tile_id)) for s in sources],
                                   max_tile_bytes)
            writer.write_tile(tile_id, blob)
        writer.finalize({
            "tile_type": TileType.MVT, "tile_compression": Compression.GZIP,
            "min_lon_e7": min(a.header["min_lon_e7"] for a in archives),
            "min_lat_e7": min(a.header["min_lat_e7"] for a in archives),
            "max_lon_e7": max(a.header["max_lon_e7"] for a in archives),
            "max_lat_e7": max(a.header["max_lat_e7"] for a in archives),
            "center_zoom": tileid_to_zxy(min(owners))[0] if owners else 0,
        }, _merged_metadata(archives, name))
    partial.replace(out)
    for archive in archives + ([old] if old is not None else []):
        archive.data.close()
    return {"tiles": len(owners), "merged": merged, "reused": reused}
