"""Merging vector tiles (MVT) of one z/x/y that several kommune archives share, for the national
join (`pmtiles_join`).

Layers of one name are merged with their feature tags re-indexed to merged key and value tables
(a part whose tables are already the merged ones is copied as it is). A merged tile over
`max_tile_bytes` loses its densest features as tippecanoe's --drop-densest-as-needed would: those
closest, in the tile's Z-order, to the feature kept before them; the kept features are then
re-indexed once, straight to tables of only the keys and values they use.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

MAX_THINNING_ROUNDS = 12
"""A merged tile over the limit is thinned at most this many times (each round keeps less)."""
CLEARLY_OVER = 1.5
"""Inputs whose compressed bytes add up to this many times the limit make a merged tile over it
(merging saves far less: shared key and value tables, one gzip header)."""


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
            value = buffer[position : position + length]
            position += length
        elif wire == 1:
            value, position = buffer[position : position + 8], position + 8
        elif wire == 5:
            value, position = buffer[position : position + 4], position + 4
        else:
            raise JoinError(f"ukendt protobuf-felttype / unknown protobuf wire type {wire}")
        yield number, wire, value, start, position


_VARINTS = [bytes([value]) for value in range(0x80)] + [
    bytes([(value & 0x7F) | 0x80, value >> 7]) for value in range(0x80, 0x4000)
]
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


def _split_tags(feature: bytes) -> tuple[bytes, list[int] | None, bytes]:
    """The feature's bytes before its tags field, its tags (key, value, key, value, ...; None
    without a tags field) and the bytes after it. A feature's field keys (id 1, tags 2, type 3,
    geometry 4) are one byte each."""
    position, end = 0, len(feature)
    while position < end:
        start, key = position, feature[position]
        position += 1
        wire = key & 7
        if key == 0x12:
            length, position = _varint(feature, position)
            return (
                feature[:start],
                _packed_varints(feature[position : position + length]),
                feature[position + length :],
            )
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
    return feature, None, b""


def _with_tags(
    split: tuple[bytes, list[int] | None, bytes], key_map: list[int], value_map: list[int]
) -> bytes:
    """The feature of `_split_tags` with its tags pointing into other key and value tables."""
    before, tags, after = split
    if tags is None:
        return before
    tags = tags[:]
    tags[0::2] = [key_map[tag] for tag in tags[0::2]]
    tags[1::2] = [value_map[tag] for tag in tags[1::2]]
    table = _VARINTS if max(tags, default=0) < 0x4000 else None
    packed = b"".join([table[tag] for tag in tags] if table else map(_varint_bytes, tags))
    return before + b"\x12" + _varint_bytes(len(packed)) + packed + after


def _remap_feature(feature: bytes, key_map: list[int], value_map: list[int]) -> bytes:
    """The feature with its tags pointing into the merged tables."""
    return _with_tags(_split_tags(feature), key_map, value_map)


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
            fields.append((key >> 3, layer[position : position + length]))
            position += length
        elif wire == 0:
            value, position = _varint(layer, position)
            fields.append((key >> 3, value))
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            fields.append((key >> 3, layer[position : position + size]))
            position += size
        else:
            raise JoinError(f"ukendt protobuf-felttype / unknown protobuf wire type {wire}")
    return fields


@dataclass
class _Part:
    """One input's layer: its features with maps from its key and value indices to the merged ones."""

    features: list[bytes]
    key_map: list[int]
    value_map: list[int]

    @property
    def is_merged_already(self) -> bool:
        return self.key_map == list(range(len(self.key_map))) and self.value_map == list(
            range(len(self.value_map))
        )


@dataclass
class _Layer:
    name: bytes
    parts: list[_Part]
    keys: list[bytes]
    values: list[bytes]
    extent: int
    version: int

    def encode(self, kept: set[tuple[int, int]] | None = None) -> bytes:
        """The layer with all its features, or with those `kept` ((part, number) pairs) and
        only the keys and values they use."""
        if kept is None:
            features = []
            for part in self.parts:
                features += (
                    part.features
                    if part.is_merged_already
                    else [_remap_feature(f, part.key_map, part.value_map) for f in part.features]
                )
            keys, values = self.keys, self.values
        else:
            features, keys, values = self._compacted(kept)
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

    def _compacted(
        self, kept: set[tuple[int, int]]
    ) -> tuple[list[bytes], list[bytes], list[bytes]]:
        chosen = [
            (part, _split_tags(feature))
            for index, part in enumerate(self.parts)
            for number, feature in enumerate(part.features)
            if (index, number) in kept
        ]
        used_keys: dict[int, int] = {}
        used_values: dict[int, int] = {}
        for part, (_, tags, _) in chosen:
            for key in (tags or [])[0::2]:
                used_keys.setdefault(part.key_map[key], len(used_keys))
            for value in (tags or [])[1::2]:
                used_values.setdefault(part.value_map[value], len(used_values))
        maps = {
            id(part): (
                [used_keys.get(index, 0) for index in part.key_map],
                [used_values.get(index, 0) for index in part.value_map],
            )
            for part in self.parts
        }
        return (
            [_with_tags(split, *maps[id(part)]) for part, split in chosen],
            [self.keys[index] for index in used_keys],
            [self.values[index] for index in used_values],
        )


def _merge_layers(name: bytes, layers: Sequence[bytes]) -> _Layer:
    keys: dict[bytes, int] = {}
    values: dict[bytes, int] = {}
    parts: list[_Part] = []
    extent, version = 4096, 2
    extents = set()
    for layer in layers:
        local_keys, local_values, local_features = [], [], []
        for number, value in _layer_fields(layer):
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
        parts.append(
            _Part(
                local_features,
                [keys.setdefault(key, len(keys)) for key in local_keys],
                [values.setdefault(val, len(values)) for val in local_values],
            )
        )
    if len(extents) > 1:
        raise JoinError(f"lag {name!r} har forskellige extents / layers differ in extent")
    return _Layer(name, parts, list(keys), list(values), extent, version)


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
                return feature[position : position + length]
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


def _spread_bits(value: int) -> int:
    """The 16 low bits of `value` moved to the even bit positions (for the Z-order)."""
    value &= 0xFFFF
    value = (value | value << 8) & 0x00FF00FF
    value = (value | value << 4) & 0x0F0F0F0F
    value = (value | value << 2) & 0x33333333
    return (value | value << 1) & 0x55555555


def _z_order(x: int, y: int) -> int:
    return _spread_bits(x) | _spread_bits(y) << 1


def _thinned(layers: Sequence[_Layer], budget: int) -> list[set[tuple[int, int]]]:
    """The features to keep per layer ((part, number) pairs) so that their bytes stay within
    `budget`: walking all of the tile's features in Z-order, a feature is kept only if it is at
    least `gap` from the one kept before it, with the smallest gap that fits (tippecanoe's
    drop-densest-as-needed)."""
    order = sorted(
        (
            _z_order(*_first_point(feature, layer.extent)),
            len(feature) + 3,
            (index, part_index, number),
        )
        for index, layer in enumerate(layers)
        for part_index, part in enumerate(layer.parts)
        for number, feature in enumerate(part.features)
    )

    def size(gap: int) -> int:
        total, last = 0, None
        for key, length, _ in order:
            if last is None or key - last >= gap:
                total += length
                last = key
        return total

    low, high = 0, order[-1][0] - order[0][0] + 1 if order else 0
    while low < high:  # at most 32 halvings: Z-order keys of 16-bit coordinates
        middle = (low + high) // 2
        if size(middle) <= budget:
            high = middle
        else:
            low = middle + 1
    kept: list[set[tuple[int, int]]] = [set() for _ in layers]
    last = None
    for key, _, (index, part_index, number) in order:
        if last is None or key - last >= low:
            kept[index].add((part_index, number))
            last = key
    return kept


def _compressed(layers: Sequence[_Layer], kept: Sequence[set[tuple[int, int]] | None]) -> bytes:
    out = bytearray()
    for layer, chosen in zip(layers, kept):
        if chosen is None or chosen:
            out += _length_delimited(3, layer.encode(chosen))
    return gzip.compress(bytes(out), compresslevel=6, mtime=0)


def merge_tiles(
    tiles: Sequence[bytes], max_tile_bytes: int | None = None, compressed_inputs: int | None = None
) -> bytes:
    """Several uncompressed MVT tiles of one z/x/y as one gzip-compressed tile (layers of one
    name merged), thinned to at most `max_tile_bytes` compressed when it would be larger.

    `compressed_inputs` (the inputs' compressed bytes together): when it is over
    CLEARLY_OVER times the limit, the tile is thinned without first being encoded whole."""
    by_name: dict[bytes, list[bytes]] = {}
    for tile in tiles:
        for number, _, layer, _, _ in _fields(tile):
            if number == 3:
                name = next(bytes(v) for n, _, v, _, _ in _fields(layer) if n == 1)
                by_name.setdefault(name, []).append(layer)
    layers = [_merge_layers(name, parts) for name, parts in by_name.items()]
    if max_tile_bytes is None:
        return _compressed(layers, [None] * len(layers))
    if compressed_inputs is not None and compressed_inputs > CLEARLY_OVER * max_tile_bytes:
        size = compressed_inputs
    else:
        blob = _compressed(layers, [None] * len(layers))
        if len(blob) <= max_tile_bytes:
            return blob
        size = len(blob)
    raw = sum(
        len(feature) + 3 for layer in layers for part in layer.parts for feature in part.features
    )
    budget = int(raw * max_tile_bytes / size * 0.95)
    for _ in range(MAX_THINNING_ROUNDS):
        blob = _compressed(layers, _thinned(layers, budget))
        if len(blob) <= max_tile_bytes:
            return blob
        budget = int(budget * 0.85)
    raise JoinError(
        f"en delt tile kunne ikke gøres mindre end / a shared tile could not be made "
        f"smaller than {max_tile_bytes} bytes"
    )
