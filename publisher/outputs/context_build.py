"""The context artefacts of a build: one tileset, downloads and the omgivelser index.

Made from the public reference objects (``context.py``) once per reference revision and kept
under ``cache/context/<key>/``, so an approval (the references unchanged) reuses them as they
are: no tippecanoe run, no download written anew.

    grundkort.pmtiles        the basemap: kommuner (land, boundaries), regioner, their names (z3–z10)
    kontekst.pmtiles         every public context layer (z3–z13)
    downloads/<kind>.gpkg    EPSG:25832, and .geojson (WGS84, with an ``id`` per object)
    meta.json                the layers and collections in it, with counts and extents
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from datamodel.references import KINDS, MAP_LAYERS

from . import artefacts, context, tiles
from .kommune_parts import write_folder_atomically
from .omgivelser import OmgivelserIndex
from .tools import TileTools

CONTEXT_VERSION = "1"
"""Raised when what the context folder holds changes; with the options it names the cache."""
TILESETS = {"grundkort": 10, "kontekst": 13}
"""Tileset → its highest zoom. The basemap's kommune polygons cover all of Denmark: at z13 they
would fill some 20,000 tiles, so they stop at z10 and MapLibre draws them larger beyond."""
BASEMAP_LAYERS = frozenset({"kommunegraenser", "regioner", "kommune_navne", "region_navne"})
TILE_OPTIONS = (
    "-Z3",
    "-r1",
    "--simplification=4",
    "--coalesce-densest-as-needed",
    "--drop-densest-as-needed",
    f"--maximum-tile-bytes={tiles.MAX_TILE_BYTES}",
    "--no-tile-stats",
)
"""-r1 keeps every point (names, substations, plants are few); polygons and lines are simplified
per zoom by tippecanoe and coalesced where a tile would pass the size limit."""
LABEL_MINZOOM = {"region_navne": 5, "kommune_navne": 7}


@dataclass(frozen=True)
class ContextArtefacts:
    folder: Path
    meta: dict

    @property
    def tiles(self) -> dict[str, Path]:
        """Tileset name → its file, for those that have layers."""
        paths = {name: self.folder / f"{name}.pmtiles" for name in TILESETS}
        return {name: path for name, path in paths.items() if path.exists()}

    def download(self, kind: str, fmt: str) -> Path:
        return self.folder / "downloads" / f"{kind}.{fmt}"


def _layer_filter() -> dict:
    """tippecanoe -j: each layer from the zoom its declaration says."""
    minzooms = {layer_id: layer.minzoom for layer_id, (_, layer) in MAP_LAYERS.items()}
    minzooms.update(LABEL_MINZOOM)
    filters = {layer_id: [">=", "$zoom", zoom] for layer_id, zoom in minzooms.items()}
    for layer_id, (_, layer) in MAP_LAYERS.items():
        if layer.points_below is not None:
            filters[f"{layer_id}{context.POINT_SUFFIX}"] = [
                "all",
                [">=", "$zoom", 3],
                ["<", "$zoom", layer.points_below],
            ]
    return filters


def tileset_of(layer_id: str) -> str:
    return "grundkort" if layer_id in BASEMAP_LAYERS else "kontekst"


def tile_options(tileset: str) -> tuple[str, ...]:
    extra = ("--detect-shared-borders",) if tileset == "grundkort" else ()
    return (
        *TILE_OPTIONS,
        f"-z{TILESETS[tileset]}",
        *extra,
        "-j",
        json.dumps(_layer_filter(), sort_keys=True),
    )


def catalogue_digest() -> str:
    """Changes when a kind's fields, layers or zooms change, so the cache follows the catalogue."""
    return hashlib.sha256(repr(sorted(KINDS.items())).encode()).hexdigest()[:10]


def context_key(references) -> str | None:
    """The cache key of the references: their store revision, or a digest of their content."""
    if not references:
        return None
    revision = getattr(references, "revision", None)
    digest = hashlib.sha256(
        f"{CONTEXT_VERSION}|{catalogue_digest()}|"
        f"{tiles.options_digest([*tile_options('grundkort'), *tile_options('kontekst')])}".encode()
    )
    if revision is not None:
        digest.update(revision.encode())
    else:
        for name in sorted(references):
            frame = references[name]
            digest.update(name.encode())
            if frame is not None and not frame.empty:
                digest.update(pd_bytes(frame))
    return digest.hexdigest()[:16]


def pd_bytes(frame: gpd.GeoDataFrame) -> bytes:
    attributes = frame.drop(columns=frame.geometry.name).to_json(default_handler=str).encode()
    return attributes + b"".join(w or b"" for w in shapely.to_wkb(frame.geometry.to_numpy()))


def build_context(
    key: str | None, load, cache_folder: Path, tools: TileTools, work_dir: Path
) -> ContextArtefacts | None:
    """The context artefacts of the references with this key, made now (from `load()`) unless
    cached; None without references."""
    if key is None:
        return None
    target = cache_folder / key
    if (target / "meta.json").exists():
        return ContextArtefacts(target, json.loads((target / "meta.json").read_text()))
    meta = write_folder_atomically(
        target,
        lambda partial: _write_context(context.public_context(load()), partial, tools, work_dir),
    )
    return ContextArtefacts(target, meta)


def _write_context(
    public: Mapping[str, gpd.GeoDataFrame], folder: Path, tools: TileTools, work_dir: Path
) -> dict:
    layers = context.tile_layers(public)
    for tileset in TILESETS:
        inputs = {}
        for layer_id, frame in sorted(layers.items()):
            if tileset_of(layer_id) != tileset:
                continue
            path = work_dir / f"context-{layer_id}.geojsonl"
            tiles.write_geojson_seq(frame, path)
            inputs[layer_id] = path
        if inputs:
            tiles.run_tippecanoe(
                tools,
                inputs,
                folder / f"{tileset}.pmtiles",
                tile_options(tileset),
                f"overblikskort {tileset}",
            )
    collections = {}
    for name, frame in public.items():
        if not KINDS[name].collection:
            continue
        _write_downloads(name, frame, folder / "downloads")
        collections[name] = {
            "count": len(frame),
            "bbox": [round(float(v), 6) for v in frame.to_crs("EPSG:4326").total_bounds],
        }
    boundaries = public.get("kommunegraenser")
    kommune_index = artefacts.kommune_index(
        boundaries.to_crs("EPSG:4326") if boundaries is not None else None, set()
    )
    meta = {
        "layers": {layer_id: len(frame) for layer_id, frame in layers.items()},
        "collections": collections,
        "kommune_index": kommune_index,
    }
    (folder / "meta.json").write_text(json.dumps(meta))
    return meta


def _write_downloads(kind: str, frame: gpd.GeoDataFrame, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    numbered = frame.copy()
    unique = KINDS[kind].unique_by
    ids = numbered[unique].astype("string") if unique else None
    if ids is None or ids.isna().any() or not ids.is_unique:
        ids = [str(number) for number in range(1, len(numbered) + 1)]
    numbered.insert(0, "id", list(ids))
    shapes = set(numbered.geom_type)
    geometry_type = "Unknown" if len(shapes) > 1 else None
    pyogrio.write_dataframe(
        numbered,
        folder / f"{kind}.gpkg",
        layer=kind,
        driver="GPKG",
        geometry_type=geometry_type or "Unknown",
        promote_to_multi=len({s.replace("Multi", "") for s in shapes}) == 1,
    )
    pyogrio.write_dataframe(
        numbered.to_crs("EPSG:4326"),
        folder / f"{kind}.geojson",
        layer=kind,
        driver="GeoJSON",
        RFC7946="YES",
        WRITE_NAME="NO",
        geometry_type="Unknown",
    )


_INDEX_LOCK = threading.Lock()
_INDEX: dict[str, OmgivelserIndex] = {}


def omgivelser_index(key: str | None, load) -> OmgivelserIndex | None:
    """The omgivelser index of the references with this key (`load()` called only when it is
    not the index kept from the last build)."""
    if key is None:
        return None
    with _INDEX_LOCK:
        index = _INDEX.get(key)
    if index is None:
        index = OmgivelserIndex(context.public_context(load()))
        with _INDEX_LOCK:
            _INDEX.clear()
            _INDEX[key] = index
    return index


def prune(cache_folder: Path, keep: set[str]) -> None:
    if not cache_folder.is_dir():
        return
    for path in cache_folder.iterdir():
        if path.is_dir() and not path.name.startswith(".") and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
