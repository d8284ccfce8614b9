"""One public build: every artefact of the current releases, written aside and switched in.

Layout under the public folder:

    builds/<build_id>/      tiles/overblik.pmtiles, tiles/reference.pmtiles, style.json,
                            legend.json, labels.json, sites.json, search.json, manifest.json,
                            downloads/<layer>.gpkg|.geojson
    current -> builds/<build_id>     (a symlink replaced atomically with os.replace)
    cache/kommuner/*.pmtiles         one tileset per kommune and release id

A build that fails removes its half-written folder; `current` keeps pointing at the last good one.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import shapely

from . import artefacts, style, tiles
from .public_data import PUBLIC_LAYERS, KommuneRelease, public_features, to_wgs84

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 3
REFERENCE_KINDS = ("kommunegraenser", "natur")


class BuildFailed(RuntimeError):
    """The public build could not be made; the previous artefacts are still served."""

    def __init__(self, cause: Exception):
        self.message_da = f"Det offentlige kort kunne ikke bygges; det forrige vises stadig. Årsag: {cause}"
        self.message_en = f"The public map could not be built; the previous one is still served. Cause: {cause}"
        super().__init__(self.message_da)


@dataclass
class BuildResult:
    build_id: str
    path: Path
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    rebuilt_kommuner: list[str] = field(default_factory=list)


def current_build(public_dir: Path) -> Path | None:
    link = Path(public_dir) / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def _new_build_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def _prepare_references(references: Mapping[str, gpd.GeoDataFrame] | None) -> dict[str, gpd.GeoDataFrame]:
    prepared = {}
    for kind in REFERENCE_KINDS:
        frame = (references or {}).get(kind)
        if frame is None or frame.empty:
            continue
        frame = frame if frame.crs is not None else frame.set_crs("EPSG:25832")
        frame = frame.to_crs("EPSG:4326")
        keep = [c for c in ("kommunekode", "kommunenavn", "navn", "kind") if c in frame.columns]
        geometry = shapely.force_2d(frame.geometry.to_numpy())
        prepared[kind] = gpd.GeoDataFrame(frame[keep].reset_index(drop=True), geometry=geometry,
                                          crs="EPSG:4326")
    return prepared


def _switch_current(public_dir: Path, build_path: Path) -> None:
    link = public_dir / CURRENT
    temporary = public_dir / f".{CURRENT}.{secrets.token_hex(4)}"
    os.symlink(Path(BUILDS) / build_path.name, temporary)
    os.replace(temporary, link)


def _prune(public_dir: Path, cache: tiles.TileCache, keep_builds: int) -> None:
    builds_dir = public_dir / BUILDS
    current = current_build(public_dir)
    finished = sorted((p for p in builds_dir.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name)
    retained = set(finished[-keep_builds:]) | ({current} if current else set())
    for path in finished:
        if path not in retained:
            shutil.rmtree(path, ignore_errors=True)
    for partial in builds_dir.glob(".*"):
        if partial.is_dir() and time.time() - partial.stat().st_mtime > 3600:
            shutil.rmtree(partial, ignore_errors=True)
    wanted: set[Path] = set()
    for path in retained:
        manifest = path / "manifest.json"
        if manifest.exists():
            wanted |= {cache.folder / name for name in json.loads(manifest.read_text())["cache_files"]}
    cache.prune(wanted)


def build_public(releases: Mapping[str, KommuneRelease],
                 references: Mapping[str, gpd.GeoDataFrame] | None,
                 public_dir: Path, *, tools: tiles.TileTools | None = None,
                 keep_builds: int = KEEP_BUILDS) -> BuildResult:
    """Build every public artefact of `releases` (kommunekode -> current release) and switch it in.

    Raises BuildFailed; the previous build then stays current and nothing half-made is served.
    """
    public_dir = Path(public_dir)
    tools = tools or tiles.TileTools.locate()
    (public_dir / BUILDS).mkdir(parents=True, exist_ok=True)
    cache = tiles.TileCache(public_dir / "cache" / "kommuner", tools)
    build_id = _new_build_id()
    partial = public_dir / BUILDS / f".{build_id}.partial"
    partial.mkdir()
    result = BuildResult(build_id, public_dir / BUILDS / build_id)
    try:
        with tempfile.TemporaryDirectory(prefix="overblik-build-", dir=tools.temp_dir) as work:
            _write_build(releases, references, partial, Path(work), cache, tools, result)
        partial.rename(result.path)
    except Exception as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise BuildFailed(error) from error
    _switch_current(public_dir, result.path)
    _prune(public_dir, cache, keep_builds)
    return result


def _write_build(releases, references, folder: Path, work: Path, cache: tiles.TileCache,
                 tools: tiles.TileTools, result: BuildResult) -> None:
    clock = time.perf_counter()
    national_25832: dict[str, list] = {name: [] for name in PUBLIC_LAYERS}
    national_wgs84: dict[str, list] = {name: [] for name in PUBLIC_LAYERS}
    kommune_layers: dict[str, dict] = {}
    for kommunekode, release in sorted(releases.items()):
        layers_wgs84 = {}
        for layer_name in PUBLIC_LAYERS:
            frame = public_features(layer_name, release.layers.get(layer_name))
            wgs84 = to_wgs84(frame)
            national_25832[layer_name].append(frame)
            national_wgs84[layer_name].append(wgs84)
            layers_wgs84[layer_name] = wgs84
        kommune_layers[kommunekode] = layers_wgs84
    missing = [kode for kode in kommune_layers
               if not cache.path_for(kode, releases[kode].release_id).exists()]
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        built = dict(zip(kommune_layers, pool.map(
            lambda kode: cache.kommune_tiles(kode, releases[kode].release_id, kommune_layers[kode], work),
            kommune_layers)))
    kommune_tilesets = [path for path in built.values() if path is not None]
    result.seconds["kommune_tiles"] = time.perf_counter() - clock

    clock = time.perf_counter()
    release_key = ";".join(f"{kode}={releases[kode].release_id}" for kode in sorted(releases))
    overview = tiles.overview_tiles(tools, [layers["erhvervsareal"] for layers in kommune_layers.values()],
                                    release_key, cache.folder, work)
    if overview is not None:
        kommune_tilesets.append(overview)
    result.rebuilt_kommuner = [kode for kode in missing if built[kode] is not None]
    result.seconds["overview_tiles"] = time.perf_counter() - clock

    clock = time.perf_counter()
    tiles.join_tilesets(tools, kommune_tilesets, folder / "tiles" / "overblik.pmtiles",
                        "Overblikskort")
    result.seconds["join"] = time.perf_counter() - clock

    clock = time.perf_counter()
    prepared_references = _prepare_references(references)
    reference = tiles.reference_tiles(tools, prepared_references, cache.folder.parent, work)
    if reference is not None:
        tiles.copy_into(reference, folder / "tiles" / "reference.pmtiles")
    result.seconds["reference_tiles"] = time.perf_counter() - clock

    clock = time.perf_counter()
    layers_25832 = {name: artefacts.concat(frames, public_features(name, None))
                    for name, frames in national_25832.items()}
    layers_wgs84 = {name: artefacts.concat(frames, to_wgs84(public_features(name, None)))
                    for name, frames in national_wgs84.items()}
    downloads = {name: artefacts.write_downloads(name, layers_25832[name], layers_wgs84[name],
                                                 folder / "downloads")
                 for name in PUBLIC_LAYERS}
    result.seconds["downloads"] = time.perf_counter() - clock

    clock = time.perf_counter()
    symbology = style.load_symbology()
    kommuner = artefacts.kommune_index(prepared_references.get("kommunegraenser"), set(releases))
    artefacts.write_json(folder / "style.json", style.maplibre_style(
        symbology, sites_url="tiles/overblik.pmtiles",
        reference_url="tiles/reference.pmtiles" if reference else None,
        bounds=artefacts.data_bounds(kommuner, set(releases), layers_wgs84)))
    artefacts.write_json(folder / "legend.json", style.legend(symbology, reference is not None))
    artefacts.write_json(folder / "labels.json", artefacts.labels())
    artefacts.write_json(folder / "sites.json", artefacts.site_records_json(layers_wgs84["erhvervsareal"]))
    artefacts.write_json(folder / "search.json", artefacts.search_index(kommuner, layers_wgs84))
    result.counts = {name: len(frame) for name, frame in layers_25832.items()}
    artefacts.write_json(folder / "manifest.json", {
        "build_id": result.build_id,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "releases": {kode: release.release_id for kode, release in sorted(releases.items())},
        "counts": result.counts,
        "kommuner": {row["kommunekode"]: row["navn"] for row in kommuner},
        "downloads": downloads,
        "tiles": {"overblik": "tiles/overblik.pmtiles",
                  "reference": "tiles/reference.pmtiles" if reference else None},
        "cache_files": [path.name for path in kommune_tilesets]
                       + ([reference.name] if reference else []),
    })
    result.seconds["json"] = time.perf_counter() - clock
