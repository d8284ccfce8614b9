"""The public build: vector tiles, style, legend, downloads and indexes of the current releases.

`build_public(releases, references, public_dir)` is the one entry point; the workflow calls it
(through `on_release_changed`) after every approval and rollback.
"""
from .public_build import BuildFailed, BuildResult, build_public, current_build
from .public_data import KommuneRelease
from .tiles import TileBuildError
from .tools import TileTools

__all__ = ["BuildFailed", "BuildResult", "KommuneRelease", "TileBuildError", "TileTools",
           "build_public", "current_build"]
