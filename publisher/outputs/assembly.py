"""The phases of one build, writing into its (not yet switched-in) folder.

kommuner    each kommune whose release has no cached part or tileset: read it (the only time a
            release is loaded), keep its public objects, run tippecanoe, write its part; at most
            POOL_SIZE kommuner at once, so memory follows the largest kommune, not the country
join        the national archive from the cached kommune tilesets (`pmtiles_join`)
references  the national context (context_publish.py): basemap and context tiles, the context
            kinds' downloads, the kommune index, the guidance catalogue; the current build's
            while the reference imports are unchanged (their key), else from the cache of that
            reference revision or made from the loaded references.
downloads   national GeoJSON and GeoPackage from the parts
indexes     style, legend, labels, sites/finder/search JSON; returns the manifest's content
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from datamodel.symbology import load_symbology

from . import artefacts, national, site_context, style, tiles
from .context_publish import ContextSource, PublishedContext
from .kommune_parts import KommunePart, PartCache
from .public_data import PUBLIC_LAYERS, public_features, to_wgs84, typed_for_output

POOL_SIZE = 4


def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=max(1, min(POOL_SIZE, os.cpu_count() or 1)))


class _Phases:
    """Tells `progress` each phase as it starts and keeps its seconds in the build result."""

    def __init__(self, result, progress):
        self.result, self.progress = result, progress
        self.name: str | None = None
        self.started = 0.0

    def start(self, name: str | None) -> None:
        if self.name is not None:
            self.result.seconds[self.name] = time.perf_counter() - self.started
        self.name, self.started = name, time.perf_counter()
        if name is not None:
            self.progress(name)


def _make_kommune(
    kode: str, release, cache: tiles.TileCache, parts: PartCache, work: Path
) -> tuple[KommunePart, bool]:
    """The kommune's part (and tileset), from the cache or made now; whether tiles were made."""
    part = parts.load(kode, release.release_id)
    if part is not None and (
        not part.has_public_objects or cache.path_for(kode, release.release_id).exists()
    ):
        return part, False
    layers_25832 = {name: public_features(name, release.layers.get(name)) for name in PUBLIC_LAYERS}
    layers_wgs84 = {name: to_wgs84(frame) for name, frame in layers_25832.items()}
    built = cache.kommune_tiles(kode, release.release_id, layers_wgs84, work)
    part = part or parts.build(kode, release.release_id, layers_25832, layers_wgs84)
    return part, built is not None


def write_build(
    releases: Mapping,
    references,
    references_key: str | None,
    folder: Path,
    work: Path,
    cache: tiles.TileCache,
    parts: PartCache,
    previous: dict | None,
    result,
    progress,
) -> dict:
    codes = sorted(releases)
    phase = _Phases(result, progress).start
    context = ContextSource(references, references_key, previous)
    parts.use_context(context.key, context.omgivelser_index)
    phase("kommuner")
    with _pool() as pool:
        made = dict(
            zip(
                codes,
                pool.map(
                    lambda kode: _make_kommune(kode, releases[kode], cache, parts, work), codes
                ),
            )
        )
    kommune_parts = {kode: made[kode][0] for kode in codes}
    result.rebuilt_kommuner = [kode for kode in codes if made[kode][1]]

    phase("join")
    tile_inputs = [
        cache.path_for(kode, releases[kode].release_id)
        for kode in codes
        if kommune_parts[kode].has_public_objects
    ]
    reuse = {}
    if previous is not None:
        previous_inputs = [cache.folder / name for name in previous["tile_inputs"]]
        previous_archive = previous["folder"] / "tiles" / "overblik.pmtiles"
        if previous_archive.exists() and all(path.exists() for path in previous_inputs):
            reuse = {"previous": previous_archive, "previous_inputs": previous_inputs}
    if tile_inputs:
        tiles.join_tilesets(
            tile_inputs, folder / "tiles" / "overblik.pmtiles", "Overblikskort", **reuse
        )

    phase("references")
    published = context.publish(folder, cache.folder.parent, cache.tools, work)
    if not tile_inputs and not published.tiles:
        raise tiles.TileBuildError(
            "ingen offentlige objekter eller referencer at lave kort af / "
            "no public objects or references to map"
        )

    phase("downloads")
    downloads = {}
    for layer_name in PUBLIC_LAYERS:
        national.write_geojson(
            (kommune_parts[kode].geojson_features(layer_name) for kode in codes),
            folder / "downloads" / f"{layer_name}.geojson",
        )
        _write_national_gpkg(layer_name, kommune_parts, releases, previous, parts, folder, work)
        downloads[layer_name] = artefacts.download_paths(layer_name)

    phase("indexes")
    kommuner = _with_released(published.kommune_index, set(releases))
    ordered = [kommune_parts[kode] for kode in codes]
    _write_indexes(folder, ordered, kommuner, set(releases), published, bool(tile_inputs))
    result.counts = {
        name: sum(part.meta["counts"][name] for part in ordered) for name in PUBLIC_LAYERS
    }
    phase(None)
    return {
        "releases": {kode: releases[kode].release_id for kode in codes},
        "counts": result.counts,
        "kommuner": {row["kommunekode"]: row["navn"] for row in kommuner},
        "downloads": downloads,
        "tiles": {"overblik": "tiles/overblik.pmtiles" if tile_inputs else None, **published.tiles},
        "collections": published.collections,
        "sources": published.sources,
        "references_key": references_key,
        "context": published.key,
        "kommune_index": published.kommune_index,
        "tile_inputs": [path.name for path in tile_inputs],
        "cache_parts": {kode: kommune_parts[kode].folder.name for kode in codes},
        "cache_files": [path.name for path in tile_inputs],
    }


def _with_released(boundary_rows: list[dict], released: set[str]) -> list[dict]:
    known = {row["kommunekode"] for row in boundary_rows}
    rows = boundary_rows + [
        {"kommunekode": code, "navn": code, "bbox": None} for code in sorted(released - known)
    ]
    return sorted(rows, key=lambda row: row["navn"])


def _write_indexes(
    folder: Path,
    ordered: list[KommunePart],
    kommuner: list[dict],
    released: set[str],
    context: PublishedContext,
    has_sites: bool,
) -> None:
    symbology = load_symbology()
    boxes = [box for part in ordered for box in part.meta["bounds"].values() if box]
    if not released:
        boxes = [row["bbox"] for row in kommuner if row["bbox"]]  # the map opens on all of Denmark
    artefacts.write_json(
        folder / "style.json",
        style.maplibre_style(
            symbology,
            sites_url="tiles/overblik.pmtiles" if has_sites else None,
            context_urls=context.tiles,
            context_layers=context.layers,
            bounds=artefacts.data_bounds(kommuner, released, boxes),
            filters=artefacts.finder_filters(),
        ),
    )
    artefacts.write_json(
        folder / "legend.json", style.legend(symbology, context.layers, context.sources)
    )
    artefacts.write_json(folder / "labels.json", artefacts.labels())
    national.write_json_pieces(
        folder / "sites.json",
        national.joined_pieces(b"[", (part.text("sites") for part in ordered), b"]"),
    )
    kommune_list = [k for k in kommuner if k["bbox"] is not None]
    prefix = (
        '{"kommuner":'
        + json.dumps(kommune_list, ensure_ascii=False, separators=(",", ":"))
        + ',"sites":['
    ).encode("utf-8")
    national.write_json_pieces(
        folder / "search.json",
        national.joined_pieces(prefix, (part.text("search") for part in ordered), b"]}"),
    )
    fields = json.dumps({"fields": artefacts.FINDER_FIELDS}, separators=(",", ":"))
    national.write_json_pieces(
        folder / "finder.json",
        national.joined_pieces(
            (fields[:-1] + ',"parts":[').encode("utf-8"),
            (part.text("finder") for part in ordered),
            b"]}",
        ),
    )
    for part in ordered:
        if part.meta["counts"]["erhvervsareal"]:
            national.write_json_pieces(
                folder / "sites" / f"{tiles.safe_key(part.kommunekode)}.json",
                national.joined_pieces(b"[", [part.text("sites")], b"]"),
            )


def _write_national_gpkg(
    layer_name: str,
    kommune_parts: dict,
    releases,
    previous: dict | None,
    parts: PartCache,
    folder: Path,
    work: Path,
) -> None:
    """The previous national GeoPackage with the changed kommuner's rows replaced, when every
    changed kommune's rows (before and after) carry its own kommunekode; else from all parts."""
    out = folder / "downloads" / f"{layer_name}.gpkg"
    codes = sorted(kommune_parts)
    if previous is not None:
        before = previous["releases"]
        changed = sorted(
            {kode for kode in codes if before.get(kode) != releases[kode].release_id}
            | (set(before) - set(codes))
        )
        old_parts = [
            parts.load_named(kode, previous["cache_parts"].get(kode, ""))
            for kode in changed
            if kode in before
        ]
        base = previous["folder"] / "downloads" / f"{layer_name}.gpkg"
        new_parts = [kommune_parts[kode] for kode in changed if kode in kommune_parts]
        if base.exists() and all(
            part is not None and not part.names_other_kommuner for part in old_parts + new_parts
        ):
            national.patch_gpkg(
                layer_name,
                base,
                out,
                remove_kommuner=changed,
                add_parts=[p.gpkg(layer_name) for p in new_parts if p.gpkg(layer_name)],
            )
            return
    template = work / f"empty-{layer_name}.gpkg"
    empty = typed_for_output(layer_name, public_features(layer_name, None))
    if layer_name == site_context.SITE_LAYER:
        empty = site_context.with_flat_columns(empty, None)
    artefacts.write_gpkg(layer_name, empty, template)
    national.patch_gpkg(
        layer_name,
        template,
        out,
        remove_kommuner=(),
        add_parts=[
            kommune_parts[kode].gpkg(layer_name)
            for kode in codes
            if kommune_parts[kode].gpkg(layer_name)
        ],
    )
