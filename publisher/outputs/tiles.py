"""Vector tiles: one PMTiles per kommune with tippecanoe, joined into the national archive.

A kommune's tileset is cached under its release id (and the tippecanoe options), so a change in
one kommune rebuilds that kommune and the join, never the whole country.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pyogrio

from . import pmtiles_join
from .public_data import TILE_FIELDS
from .tools import TileTools

MAX_TILE_BYTES = 500_000
DETAIL_MINZOOM = 12
"""Business sites are polygons from this zoom; below it one point per site (OVERVIEW_LAYER),
thinned by a drop rate towards the low zooms, so low-zoom tiles stay small however many kommuner
meet in them (joined per-kommune polygons would add up to several MB at z5)."""
OVERVIEW_LAYER = "erhvervsareal_punkt"
SITE_TILE_OPTIONS = (
    "-Z5",
    "-z15",
    "-j",
    json.dumps(
        {
            "erhvervsareal": [">=", "$zoom", DETAIL_MINZOOM],
            OVERVIEW_LAYER: ["<", "$zoom", DETAIL_MINZOOM],
        }
    ),
    f"--base-zoom={DETAIL_MINZOOM - 1}",
    "--drop-rate=1.5",
    "--drop-densest-as-needed",
    "--extend-zooms-if-still-dropping",
    f"--maximum-tile-bytes={MAX_TILE_BYTES}",
    "--no-tile-stats",
)
"""One tippecanoe run per kommune makes both the polygons and the overview points; the drop rate
thins points only below the base zoom, where the polygons are filtered out anyway."""


class TileBuildError(RuntimeError):
    """tippecanoe or the join failed; the message carries the tool's own last words."""


def write_geojson_seq(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Newline-delimited GeoJSON in EPSG:4326, the input tippecanoe reads in parallel (-P)."""
    pyogrio.write_dataframe(
        frame, path, driver="GeoJSONSeq", layer_options={"RS": "NO"}, COORDINATE_PRECISION=7
    )


def tile_frame(layer_name: str, frame_wgs84: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    columns = [c for c in TILE_FIELDS[layer_name] if c in frame_wgs84.columns]
    return frame_wgs84[[*columns, frame_wgs84.geometry.name]]


def run_tool(tools: TileTools, command: Sequence[str]) -> None:
    try:
        completed = subprocess.run(
            list(command), capture_output=True, text=True, env=tools.env or None
        )
    except OSError as error:
        raise TileBuildError(
            f"kunne ikke starte / could not start {command[0]}: {error}"
        ) from error
    if completed.returncode != 0:
        last_words = (completed.stderr or completed.stdout).strip()[-800:]
        raise TileBuildError(
            f"{Path(command[0]).name} fejlede / failed (kode / code {completed.returncode}): {last_words}"
        )


def run_tippecanoe(
    tools: TileTools, layer_files: Mapping[str, Path], out: Path, options: Sequence[str], name: str
) -> None:
    command = [
        tools.tippecanoe,
        "-o",
        str(out),
        "--force",
        "--quiet",
        "-P",
        "-n",
        name,
        "-t",
        tools.temp_dir,
        *options,
    ]
    for layer_name, path in layer_files.items():
        command += ["-L", f"{layer_name}:{path}"]
    run_tool(tools, command)


def partial_path(target: Path) -> Path:
    """A hidden name of its own beside `target` to write to before it is renamed into place (a
    tippecanoe that outlived a killed build never writes into the next build's file)."""
    return target.with_name(f".{target.stem}.{secrets.token_hex(4)}.partial{target.suffix}")


def options_digest(options: Sequence[str]) -> str:
    return hashlib.sha256("\0".join(options).encode()).hexdigest()[:10]


def safe_key(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", text)[:80]


class TileCache:
    """Per-kommune tilesets on disk, keyed by kommunekode, release id and tile options."""

    def __init__(self, folder: Path, tools: TileTools, options: Sequence[str] = SITE_TILE_OPTIONS):
        self.folder = folder
        self.tools = tools
        self.options = tuple(options)
        folder.mkdir(parents=True, exist_ok=True)

    def path_for(self, kommunekode: str, release_id: str) -> Path:
        key = f"{safe_key(kommunekode)}-{safe_key(release_id)}-{options_digest(self.options)}"
        return self.folder / f"{key}.pmtiles"

    def kommune_tiles(
        self,
        kommunekode: str,
        release_id: str,
        layers_wgs84: Mapping[str, gpd.GeoDataFrame],
        work_dir: Path,
    ) -> Path | None:
        """The cached tileset of this release, built now if missing; None if nothing is public."""
        non_empty = {name: frame for name, frame in layers_wgs84.items() if not frame.empty}
        if not non_empty:
            return None
        target = self.path_for(kommunekode, release_id)
        if target.exists():
            return target
        inputs = {}
        tile_frames = {name: tile_frame(name, frame) for name, frame in non_empty.items()}
        if "erhvervsareal" in non_empty:
            tile_frames[OVERVIEW_LAYER] = overview_points(non_empty["erhvervsareal"])
        for layer_name, frame in tile_frames.items():
            path = work_dir / f"{safe_key(kommunekode)}-{layer_name}.geojsonl"
            write_geojson_seq(frame, path)
            inputs[layer_name] = path
        partial = partial_path(target)
        run_tippecanoe(self.tools, inputs, partial, self.options, f"overblikskort {kommunekode}")
        partial.replace(target)
        return target

    def prune(self, keep: set[Path]) -> None:
        for path in self.folder.glob("*.pmtiles"):
            if path not in keep:
                path.unlink(missing_ok=True)


def overview_points(sites_wgs84: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One point inside each business site, with the attributes the map filter needs."""
    frame = tile_frame("erhvervsareal", sites_wgs84)
    return frame.set_geometry(frame.geometry.representative_point())


def join_tilesets(
    tilesets: Sequence[Path],
    out: Path,
    name: str,
    *,
    previous: Path | None = None,
    previous_inputs: Sequence[Path] = (),
) -> None:
    """The kommune tilesets as one archive (`pmtiles_join`): tiles only one input has are copied,
    shared ones merged and, over MAX_TILE_BYTES, thinned densest first. With `previous` (the
    last national archive, joined from `previous_inputs`), every tile no added or removed input
    touches is copied from it."""
    if not tilesets:
        raise TileBuildError("ingen offentlige objekter at lave kort af / no public objects to map")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        pmtiles_join.join(
            tilesets,
            out,
            name,
            previous=previous,
            previous_inputs=previous_inputs,
            max_tile_bytes=MAX_TILE_BYTES,
        )
    except (pmtiles_join.JoinError, OSError, ValueError, EOFError) as error:
        raise TileBuildError(
            f"sammenlægning af tiles fejlede / joining tiles failed: {error}"
        ) from error


def copy_into(source: Path, target: Path) -> None:
    """Hard link where the file system allows it (cache and build share a disk), else copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        target.hardlink_to(source)
    except OSError:
        shutil.copyfile(source, target)
