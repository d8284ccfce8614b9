"""Reading a PMTiles v3 archive's raw tiles for byte-level checks (no directory parsing needed:
with gzip tile compression every tile is its own gzip member in the tile-data section)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

GZIP = 2


def _section(data: bytes, offset_at: int) -> bytes:
    offset, length = struct.unpack_from("<QQ", data, offset_at)
    return data[offset : offset + length]


def tiles(path: Path) -> list[tuple[int, bytes]]:
    """(compressed size, decompressed bytes) of every stored tile."""
    data = Path(path).read_bytes()
    assert data[:7] == b"PMTiles" and data[7] == 3, f"{path} is not a PMTiles v3 archive"
    assert data[98] == GZIP, "expected gzip tile compression"
    remaining, result = _section(data, 56), []
    while remaining:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        tile = decompressor.decompress(remaining)
        consumed = len(remaining) - len(decompressor.unused_data)
        result.append((consumed, tile))
        remaining = decompressor.unused_data
    return result


def metadata(path: Path) -> bytes:
    data = Path(path).read_bytes()
    section = _section(data, 24)
    return zlib.decompress(section, 16 + zlib.MAX_WBITS) if data[97] == GZIP else section


def all_bytes(path: Path) -> bytes:
    """Every tile decompressed plus the metadata, concatenated: what a reader could ever see."""
    return b"".join(tile for _, tile in tiles(path)) + metadata(path)
