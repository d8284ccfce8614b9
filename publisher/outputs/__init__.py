"""The public build: vector tiles, style, legend, downloads and indexes of the current releases.

`build_public(releases, references, public_dir)` is the one entry point; the build worker
(`publisher.publication`) calls it in the background after every approval and rollback.
"""

from .public_build import (
    BuildFailed,
    BuildResult,
    assembly_key,
    build_public,
    clean_leftovers,
    current_build,
)
from .public_data import KommuneRelease, StoredRelease
from .tiles import TileBuildError
from .tools import TileTools

__all__ = [
    "BuildFailed",
    "BuildResult",
    "KommuneRelease",
    "StoredRelease",
    "TileBuildError",
    "TileTools",
    "assembly_key",
    "build_public",
    "clean_leftovers",
    "current_build",
]
