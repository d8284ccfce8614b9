"""One public build: every artefact of the current releases, written aside and switched in.

Layout under the public folder:

    builds/<build_id>/      tiles/overblik.pmtiles, tiles/grundkort.pmtiles, tiles/kontekst.pmtiles, style.json,
                            legend.json, labels.json, sites.json, search.json, manifest.json,
                            finder.json, sites/<kommune>.json, guidance.json,
                            downloads/<layer>.gpkg|.geojson (also the context kinds)
    current -> builds/<build_id>     (a symlink replaced atomically with os.replace)
    cache/kommuner/*.pmtiles         one tileset per kommune and release id
    cache/parts/<kode>-<release>/    its rows for the national downloads, sites.json, search.json
    cache/context/<key>/             the context tiles and downloads of one reference revision

A build that fails removes its half-written folder; `current` keeps pointing at the last good one.
Only kommuner whose release id changed are made anew: the national archive, GeoPackages, GeoJSON
and JSON files are put together from the cached parts and the current build's files.
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

from datamodel import DATAMODEL_VERSION
from datamodel.symbology import load_symbology

from . import artefacts, context_build, national, site_context, style, tiles
from .context_publish import publish_context
from .kommune_parts import PARTS_VERSION, PartCache
from .public_data import PUBLIC_LAYERS, KommuneRelease, public_features, to_wgs84, typed_for_output

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 3


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


def _kommuner_wgs84(references: Mapping[str, gpd.GeoDataFrame] | None) -> gpd.GeoDataFrame | None:
    frame = (references or {}).get("kommunegraenser")
    if frame is None or frame.empty:
        return None
    frame = frame if frame.crs is not None else frame.set_crs("EPSG:25832")
    return frame.to_crs("EPSG:4326")


def _switch_current(public_dir: Path, build_path: Path) -> None:
    link = public_dir / CURRENT
    temporary = public_dir / f".{CURRENT}.{secrets.token_hex(4)}"
    os.symlink(Path(BUILDS) / build_path.name, temporary)
    os.replace(temporary, link)


def _prune(public_dir: Path, cache: tiles.TileCache, parts: PartCache, keep_builds: int) -> None:
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
    wanted_parts: set[str] = set()
    wanted_context: set[str] = set()
    for path in retained:
        manifest = path / "manifest.json"
        if manifest.exists():
            content = json.loads(manifest.read_text())
            wanted |= {cache.folder / name for name in content["cache_files"]}
            wanted_parts |= set(content.get("cache_parts", {}).values())
            wanted_context |= {content["context"]} if content.get("context") else set()
    cache.prune(wanted)
    parts.prune(wanted_parts)
    context_build.prune(public_dir / "cache" / "context", wanted_context)


def assembly_key() -> str:
    """Which part and tile recipe a build was made with; a build made otherwise is not patched."""
    return tiles.options_digest((*tiles.SITE_TILE_OPTIONS, PARTS_VERSION, DATAMODEL_VERSION))


def _previous_state(public_dir: Path) -> dict | None:
    """The current build's manifest and folder, if a new build may start from its files."""
    build = current_build(public_dir)
    manifest = build / "manifest.json" if build else None
    if manifest is None or not manifest.exists():
        return None
    content = json.loads(manifest.read_text())
    if content.get("assembly") != assembly_key():
        return None
    return {**content, "folder": build}


def build_public(releases: Mapping[str, KommuneRelease],
                 references: Mapping[str, gpd.GeoDataFrame] | None,
                 public_dir: Path, *, tools: tiles.TileTools | None = None,
                 keep_builds: int = KEEP_BUILDS) -> BuildResult:
    """Build every public artefact of `releases` (kommunekode -> current release) and switch it in.

    Only the kommuner whose release id changed since the current build are made anew; the
    national files start from the current build's. Raises BuildFailed; the previous build then
    stays current and nothing half-made is served.
    """
    public_dir = Path(public_dir)
    tools = tools or tiles.TileTools.locate()
    (public_dir / BUILDS).mkdir(parents=True, exist_ok=True)
    cache = tiles.TileCache(public_dir / "cache" / "kommuner", tools)
    parts = PartCache(public_dir / "cache" / "parts", context_build.context_key(references),
                      context_build.omgivelser_index(references))
    build_id = _new_build_id()
    partial = public_dir / BUILDS / f".{build_id}.partial"
    partial.mkdir()
    result = BuildResult(build_id, public_dir / BUILDS / build_id)
    try:
        previous = _previous_state(public_dir)
        with tempfile.TemporaryDirectory(prefix="overblik-build-", dir=tools.temp_dir) as work:
            _write_build(releases, references, partial, Path(work), cache, parts, previous, result)
        partial.rename(result.path)
    except Exception as error:
        shutil.rmtree(partial, ignore_errors=True)
        raise BuildFailed(error) from error
    _switch_current(public_dir, result.path)
    _prune(public_dir, cache, parts, keep_builds)
    return result


def _public_layers(release: KommuneRelease) -> tuple[dict, dict]:
    layers_25832 = {name: public_features(name, release.layers.get(name)) for name in PUBLIC_LAYERS}
    return layers_25832, {name: to_wgs84(frame) for name, frame in layers_25832.items()}


def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)))


def _write_build(releases, references, folder: Path, work: Path, cache: tiles.TileCache,
                 parts: PartCache, previous: dict | None, result: BuildResult) -> None:
    codes = sorted(releases)
    clock = time.perf_counter()
    cached = {kode: parts.load(kode, releases[kode].release_id) for kode in codes}
    missing = [kode for kode in codes if cached[kode] is None
               or (cached[kode].has_public_objects
                   and not cache.path_for(kode, releases[kode].release_id).exists())]
    with _pool() as pool:
        prepared = dict(zip(missing, pool.map(lambda kode: _public_layers(releases[kode]), missing)))
    result.seconds["prepare"] = time.perf_counter() - clock

    clock = time.perf_counter()
    with _pool() as pool:
        built = dict(zip(missing, pool.map(lambda kode: cache.kommune_tiles(
            kode, releases[kode].release_id, prepared[kode][1], work), missing)))
    result.rebuilt_kommuner = [kode for kode in missing if built[kode] is not None]
    result.seconds["kommune_tiles"] = time.perf_counter() - clock

    clock = time.perf_counter()
    with _pool() as pool:
        made = dict(zip(missing, pool.map(lambda kode: parts.build(
            kode, releases[kode].release_id, *prepared[kode]), missing)))
    kommune_parts = {kode: made.get(kode) or cached[kode] for kode in codes}
    result.seconds["parts"] = time.perf_counter() - clock

    clock = time.perf_counter()
    tile_inputs = [cache.path_for(kode, releases[kode].release_id) for kode in codes
                   if kommune_parts[kode].has_public_objects]
    reuse = {}
    if previous is not None:
        previous_inputs = [cache.folder / name for name in previous["tile_inputs"]]
        previous_archive = previous["folder"] / "tiles" / "overblik.pmtiles"
        if previous_archive.exists() and all(path.exists() for path in previous_inputs):
            reuse = {"previous": previous_archive, "previous_inputs": previous_inputs}
    if tile_inputs:
        tiles.join_tilesets(tile_inputs, folder / "tiles" / "overblik.pmtiles", "Overblikskort", **reuse)
    result.seconds["join"] = time.perf_counter() - clock

    clock = time.perf_counter()
    context = publish_context(references, folder, cache.folder.parent, cache.tools, work)
    if not tile_inputs and not context.tiles:
        raise tiles.TileBuildError("ingen offentlige objekter eller referencer at lave kort af / "
                                   "no public objects or references to map")
    result.seconds["context"] = time.perf_counter() - clock

    clock = time.perf_counter()
    downloads = {}
    for layer_name in PUBLIC_LAYERS:
        national.write_geojson([kommune_parts[kode].geojson_features(layer_name) for kode in codes],
                               folder / "downloads" / f"{layer_name}.geojson")
        _write_national_gpkg(layer_name, kommune_parts, releases, previous, parts, folder, work)
        downloads[layer_name] = artefacts.download_paths(layer_name)
    result.seconds["downloads"] = time.perf_counter() - clock

    clock = time.perf_counter()
    symbology = load_symbology()
    kommuner = artefacts.kommune_index(_kommuner_wgs84(references), set(releases))
    boxes = [box for part in kommune_parts.values() for box in part.meta["bounds"].values() if box]
    if not releases:
        boxes = [row["bbox"] for row in kommuner if row["bbox"]]  # the map opens on all of Denmark
    artefacts.write_json(folder / "style.json", style.maplibre_style(
        symbology, sites_url="tiles/overblik.pmtiles" if tile_inputs else None,
        context_urls=context.tiles, context_layers=context.layers,
        bounds=artefacts.data_bounds(kommuner, set(releases), boxes),
        filters=artefacts.finder_filters()))
    artefacts.write_json(folder / "legend.json", style.legend(symbology, context.layers,
                                                              context.sources))
    artefacts.write_json(folder / "labels.json", artefacts.labels())
    ordered = [kommune_parts[kode] for kode in codes]
    national.write_json_pieces(folder / "sites.json", national.joined_pieces(
        b"[", [part.text("sites") for part in ordered], b"]"))
    kommune_list = [k for k in kommuner if k["bbox"] is not None]
    prefix = ('{"kommuner":' + json.dumps(kommune_list, ensure_ascii=False, separators=(",", ":"))
              + ',"sites":[').encode("utf-8")
    national.write_json_pieces(folder / "search.json", national.joined_pieces(
        prefix, [part.text("search") for part in ordered], b"]}"))
    _write_finder_files(folder, ordered)
    result.counts = {name: sum(part.meta["counts"][name] for part in ordered) for name in PUBLIC_LAYERS}
    artefacts.write_json(folder / "manifest.json", {
        "build_id": result.build_id,
        "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "releases": {kode: releases[kode].release_id for kode in codes},
        "counts": result.counts,
        "kommuner": {row["kommunekode"]: row["navn"] for row in kommuner},
        "downloads": downloads,
        "tiles": {"overblik": "tiles/overblik.pmtiles" if tile_inputs else None, **context.tiles},
        "collections": context.collections,
        "sources": context.sources,
        "ogc": {"nested": {site_context.SITE_LAYER: {
            "file": "sites.json", "key": "objekt_id", "properties": list(site_context.NESTED_PROPERTIES),
            "drop_prefix": "omg_"}}},
        "assembly": assembly_key(),
        "context": context.key,
        "tile_inputs": [path.name for path in tile_inputs],
        "cache_parts": {kode: kommune_parts[kode].folder.name for kode in codes},
        "cache_files": [path.name for path in tile_inputs],
    })
    result.seconds["json"] = time.perf_counter() - clock


def _write_finder_files(folder: Path, ordered: list) -> None:
    """finder.json (the compact rows the viewer's finder and list need, per kommune part) and
    sites/<part>.json (the full public records of one kommune's sites, fetched for a card)."""
    fields = json.dumps({"fields": artefacts.FINDER_FIELDS}, separators=(",", ":"))
    national.write_json_pieces(folder / "finder.json", national.joined_pieces(
        (fields[:-1] + ',"parts":[').encode("utf-8"), [part.text("finder") for part in ordered], b"]}"))
    for part in ordered:
        if part.meta["counts"]["erhvervsareal"]:
            national.write_json_pieces(folder / "sites" / f"{tiles.safe_key(part.kommunekode)}.json",
                                       national.joined_pieces(b"[", [part.text("sites")], b"]"))


def _write_national_gpkg(layer_name: str, kommune_parts: dict, releases, previous: dict | None,
                         parts: PartCache, folder: Path, work: Path) -> None:
    """The previous national GeoPackage with the changed kommuner's rows replaced, when every
    changed kommune's rows (before and after) carry its own kommunekode; else from all parts."""
    out = folder / "downloads" / f"{layer_name}.gpkg"
    codes = sorted(kommune_parts)
    if previous is not None:
        before = previous["releases"]
        changed = sorted({kode for kode in codes if before.get(kode) != releases[kode].release_id}
                         | (set(before) - set(codes)))
        old_parts = [parts.load_named(kode, previous["cache_parts"].get(kode, "")) for kode in changed
                     if kode in before]
        base = previous["folder"] / "downloads" / f"{layer_name}.gpkg"
        new_parts = [kommune_parts[kode] for kode in changed if kode in kommune_parts]
        if base.exists() and all(part is not None and not part.names_other_kommuner
                                 for part in old_parts + new_parts):
            national.patch_gpkg(layer_name, base, out, remove_kommuner=changed,
                                add_parts=[p.gpkg(layer_name) for p in new_parts if p.gpkg(layer_name)])
            return
    template = work / f"empty-{layer_name}.gpkg"
    empty = typed_for_output(layer_name, public_features(layer_name, None))
    if layer_name == site_context.SITE_LAYER:
        empty = site_context.with_flat_columns(empty, None)
    artefacts.write_gpkg(layer_name, empty, template)
    national.patch_gpkg(layer_name, template, out, remove_kommuner=(),
                        add_parts=[kommune_parts[kode].gpkg(layer_name) for kode in codes
                                   if kommune_parts[kode].gpkg(layer_name)])
