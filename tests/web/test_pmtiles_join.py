"""The national join on archives large enough to have leaf directories (the kommune archives of a
national build have them; the small sample kommuner of the other tests do not), and on a
malformed archive."""

from __future__ import annotations

import gzip
import random

import pytest
from pmtiles.tile import Compression, Entry, TileType, serialize_directory, serialize_header
from pmtiles.writer import Writer

from publisher.outputs import pmtiles_join
from publisher.outputs.pmtiles_join import Archive, JoinError

LAYER = b"erhvervsareal_punkt"


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    return bytes(out + bytes([value]))


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def point_tile(label: str, x: int, y: int) -> bytes:
    """A gzip MVT tile with one point whose `navn` is `label`."""
    geometry = bytes([9]) + _varint(x << 1) + _varint(y << 1)  # MoveTo(1), zigzag of positive x, y
    feature = b"\x08\x01" + _field(2, b"\x00\x00") + b"\x18\x01" + _field(4, geometry)
    layer = (
        b"\x78\x02"
        + _field(1, LAYER)
        + _field(2, feature)
        + _field(3, b"navn")
        + _field(4, _field(1, label.encode()))
        + b"\x28"
        + _varint(4096)
    )
    return gzip.compress(_field(3, layer), mtime=0)


def write_archive(path, tiles: dict[int, bytes]) -> None:
    with open(path, "wb") as handle:
        writer = Writer(handle)
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_lon_e7": 80_000_000,
                "min_lat_e7": 545_000_000,
                "max_lon_e7": 130_000_000,
                "max_lat_e7": 580_000_000,
                "center_zoom": 5,
            },
            {"vector_layers": [{"id": LAYER.decode(), "fields": {"navn": "String"}}]},
        )


def scattered_ids(seed: int, count: int) -> list[int]:
    """Tile ids with irregular gaps, so that the directory does not compress into the root."""
    rng, ids, tile_id = random.Random(seed), [], 1000
    for _ in range(count):
        tile_id += rng.randint(1, 40)
        ids.append(tile_id)
    return ids


def label(prefix: str, tile_id: int) -> str:
    """Labels of many lengths, so that tiles differ in length (and the directory needs leaves)."""
    return f"{prefix}{tile_id} " + random.Random(tile_id).randbytes(tile_id % 61).hex()


def test_a_join_of_archives_with_leaf_directories_holds_every_tile_of_every_input(tmp_path):
    first = {
        tile_id: point_tile(label("a", tile_id), 10, 20) for tile_id in scattered_ids(1, 20000)
    }
    second = {
        tile_id: point_tile(label("b", tile_id), 30, 40) for tile_id in scattered_ids(2, 20000)
    }
    shared = sorted(first.keys() & second.keys())
    only_first = sorted(first.keys() - second.keys())
    only_second = sorted(second.keys() - first.keys())
    write_archive(tmp_path / "a.pmtiles", first)
    write_archive(tmp_path / "b.pmtiles", second)
    for name in ("a.pmtiles", "b.pmtiles"):
        with Archive.open(tmp_path / name) as archive:
            assert archive.header["leaf_directory_length"] > 0  # the inputs do have leaves

    counts = pmtiles_join.join(
        [tmp_path / "a.pmtiles", tmp_path / "b.pmtiles"], tmp_path / "joined.pmtiles", "t"
    )

    with Archive.open(tmp_path / "joined.pmtiles") as joined:
        assert joined.header["leaf_directory_length"] > 0
        assert list(joined.tiles) == sorted(first.keys() | second.keys())
        assert counts == {
            "tiles": len(first.keys() | second.keys()),
            "merged": len(first.keys() & second.keys()),
            "reused": 0,
        }
        for tile_id in shared[:3] + shared[-3:] + only_first[:3] + only_second[-3:]:
            content = gzip.decompress(joined.blob(tile_id))
            assert (f"a{tile_id}".encode() in content) == (tile_id in first)
            assert (f"b{tile_id}".encode() in content) == (tile_id in second)
        for tile_id in only_first[::500]:  # a tile only one input has is copied as it is
            assert joined.blob(tile_id) == first[tile_id]


def test_an_update_from_the_previous_archive_equals_a_join_from_scratch(tmp_path):
    first = {tile_id: point_tile(f"a{tile_id}", 10, 20) for tile_id in range(1000, 41000, 2)}
    second = {tile_id: point_tile(f"b{tile_id}", 30, 40) for tile_id in range(1000, 41000, 3)}
    changed = {tile_id: point_tile(f"c{tile_id}", 50, 60) for tile_id in range(20000, 45000, 5)}
    for name, tiles in (("a", first), ("b", second), ("c", changed)):
        write_archive(tmp_path / f"{name}.pmtiles", tiles)
    a, b, c = (tmp_path / f"{name}.pmtiles" for name in "abc")
    pmtiles_join.join([a, b], tmp_path / "before.pmtiles", "t")

    counts = pmtiles_join.join(
        [a, c],
        tmp_path / "update.pmtiles",
        "t",
        previous=tmp_path / "before.pmtiles",
        previous_inputs=[a, b],
    )
    pmtiles_join.join([a, c], tmp_path / "scratch.pmtiles", "t")

    assert (tmp_path / "update.pmtiles").read_bytes() == (tmp_path / "scratch.pmtiles").read_bytes()
    untouched = first.keys() - second.keys() - changed.keys()
    assert counts["reused"] == len(untouched)


def test_an_archive_whose_leaf_points_at_itself_is_refused(tmp_path):
    """A malformed archive cannot send the join round in circles: leaf levels are bounded."""
    length = 20
    for _ in range(10):
        root = serialize_directory([Entry(0, 0, length, 0)])
        if len(root) == length:
            break
        length = len(root)
    metadata = gzip.compress(b"{}", mtime=0)
    header = serialize_header(
        {
            "root_offset": 127,
            "root_length": len(root),
            "metadata_offset": 127 + len(root),
            "metadata_length": len(metadata),
            "leaf_directory_offset": 127,
            "leaf_directory_length": len(root),
            "tile_data_offset": 127 + len(root) + len(metadata),
            "tile_data_length": 0,
            "clustered": True,
            "internal_compression": Compression.GZIP,
            "tile_compression": Compression.GZIP,
            "tile_type": TileType.MVT,
            "min_zoom": 0,
            "max_zoom": 0,
        }
    )
    (tmp_path / "loop.pmtiles").write_bytes(header + root + metadata)

    with pytest.raises(JoinError, match="too deep"):
        pmtiles_join.join([tmp_path / "loop.pmtiles"], tmp_path / "out.pmtiles", "t")
