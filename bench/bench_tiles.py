"""Benchmark of the public tile build (issue 5, item 6). Prints figures measured in one run.

1. Full build of >= 100,000 polygons through `build_public` (per-kommune tippecanoe + the Python
   join) against tippecanoe called directly on the same features with the same options, as
   paired interleaved runs (--runs, order alternating); medians and spread. Target <= 1.1.
2. One kommune's update against the full rebuild (every artefact: tiles, downloads, indexes).
                                                                                      Target <= 10 %.
3. Tile sizes p50 / p99 / max of the national archive.                                Target max <= 500 KB.
4. Content against tippecanoe's own output: the same sites at z12-z15, points per zoom below.

    .venv/bin/python bench/bench_tiles.py [--sites 100000] [--kommuner 98]
"""
from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from publisher.outputs import KommuneRelease, TileTools, build_public
from publisher.outputs.pmtiles_join import Archive
from publisher.outputs.public_data import public_features, to_wgs84
from publisher.outputs.tiles import (OVERVIEW_LAYER, SITE_TILE_OPTIONS, overview_points, run_tippecanoe,
                                   tile_frame, write_geojson_seq)

REPO = Path(__file__).resolve().parents[1]
KOMMUNER_FILE = REPO.parent / "shared" / "data" / "kommuner_dagi_neogeografen" / "geojson" / "kommuner.geojson"
TILE_PHASES = ("kommuner", "join")
STATUSES = np.array(["ledig", "delvist_ledig", "reserveret", "i_udbud", "fremtidig"])


def kommune_boundaries(count: int) -> gpd.GeoDataFrame:
    raw = gpd.read_file(KOMMUNER_FILE)
    raw = raw[raw["KOMKODE"] != "0411"]
    raw = raw.set_geometry(shapely.force_2d(raw.geometry.to_numpy()))
    dissolved = raw.dissolve(by="KOMKODE", as_index=False).to_crs("EPSG:25832")
    dissolved = dissolved.sort_values("KOMKODE").head(count)
    return gpd.GeoDataFrame({"kommunekode": dissolved["KOMKODE"].to_numpy(),
                             "kommunenavn": dissolved["KOMNAVN"].to_numpy()},
                            geometry=dissolved.geometry.to_numpy(), crs="EPSG:25832")


def generated_sites(boundary, kommunekode: str, count: int, seed: int, suffix: str = "") -> gpd.GeoDataFrame:
    """`count` round sites (33 vertices, radius 20-60 m) inside one kommune; 2 % not public."""
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = boundary.bounds
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < count:
        x = rng.uniform(minx, maxx, count * 3)
        y = rng.uniform(miny, maxy, count * 3)
        inside = shapely.contains_xy(boundary, x, y)
        xs, ys = np.concatenate([xs, x[inside]]), np.concatenate([ys, y[inside]])
    xs, ys = xs[:count], ys[:count]
    geometry = shapely.buffer(shapely.points(xs, ys), rng.uniform(20, 60, count), quad_segs=8)
    index = np.arange(count)
    return gpd.GeoDataFrame({
        "objekt_id": [str(uuid.UUID(int=int(rng.integers(1 << 62)) << 64 | i)) for i in index],
        "kommunekode": kommunekode,
        "navn": [f"Erhvervsgrund {kommunekode}-{i}{suffix}" for i in index],
        "status": STATUSES[index % 5], "ledigt_areal_m2": rng.uniform(500, 50000, count).round(),
        "anvendelse_generel": np.where(index % 3 == 0, 21, 31), "miljoeklasse_max": 1 + index % 7,
        "tilslutning_el": True, "tilslutning_vand": index % 2 == 0, "tilslutning_kloak": True,
        "tilslutning_fjernvarme": index % 4 == 0, "tilslutning_gas": False,
        "el_kapacitet_mw": (index % 10).astype(float), "sidst_bekraeftet": "2026-10-01",
        "synlighed": np.where(index % 50 == 7, "myndigheder", "offentlig"),
    }, geometry=geometry, crs="EPSG:25832")


def tile_sizes(path: Path) -> list[int]:
    """Stored (compressed) size of every distinct tile, read from the PMTiles directories."""
    archive = Archive.open(path)
    return list(dict(archive.tiles.values()).values())


def direct_tippecanoe(releases, work: Path, tools: TileTools) -> float:
    """The peer: the same public features (polygons from z12, one point per site below) in one
    tippecanoe run with the same options."""
    started = time.perf_counter()
    frames = [to_wgs84(public_features("erhvervsareal", r.layers["erhvervsareal"])) for r in releases.values()]
    merged = gpd.GeoDataFrame(gpd.pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    polygons, points = work / "direct-erhvervsareal.geojsonl", work / "direct-punkt.geojsonl"
    write_geojson_seq(tile_frame("erhvervsareal", merged), polygons)
    write_geojson_seq(overview_points(merged), points)
    run_tippecanoe(tools, {"erhvervsareal": polygons, OVERVIEW_LAYER: points}, work / "direct.pmtiles",
                   SITE_TILE_OPTIONS, "direct")
    return time.perf_counter() - started


def compare_content(ours: Path, theirs: Path) -> list[str]:
    """The national content of our archive against tippecanoe's: the sites at the detail zooms
    (all of them, both ways) and the overview points kept per zoom."""
    lines = []
    for zoom in range(5, 16):
        layer = "erhvervsareal" if zoom >= 12 else "erhvervsareal_punkt"
        a = pyogrio.read_dataframe(ours, layer=layer, ZOOM_LEVEL=str(zoom), columns=["objekt_id"])
        b = pyogrio.read_dataframe(theirs, layer=layer, ZOOM_LEVEL=str(zoom), columns=["objekt_id"])
        same = set(a["objekt_id"]) == set(b["objekt_id"])
        lines.append(f"z{zoom} {layer}: ours {a['objekt_id'].nunique():,} distinct, tippecanoe "
                     f"{b['objekt_id'].nunique():,}" + (" (same sites)" if same else ""))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tools = TileTools.locate()
    boundaries = kommune_boundaries(args.kommuner)
    per_kommune = -(-args.sites // len(boundaries))
    releases = {row.kommunekode: KommuneRelease(f"r1-{row.kommunekode}", {
        "erhvervsareal": generated_sites(row.geometry, row.kommunekode, per_kommune, i)})
        for i, row in enumerate(boundaries.itertuples())}
    total = sum(len(r.layers["erhvervsareal"]) for r in releases.values())
    print(f"input: {total:,} polygons in {len(releases)} kommuner, 2 % myndigheder")

    with tempfile.TemporaryDirectory(prefix="bench-tiles-") as tmp:
        work = Path(tmp)
        directs, fulls, full_tiles_runs, made = [], [], [], []
        for run in range(args.runs):
            def ours(run=run):
                public = work / f"public-{run}"
                shutil.rmtree(public, ignore_errors=True)
                started = time.perf_counter()
                result = build_public(releases, None, public, tools=tools)
                fulls.append(time.perf_counter() - started)
                full_tiles_runs.append(sum(result.seconds[p] for p in TILE_PHASES))
                made.append(result)
            pair = [lambda: directs.append(direct_tippecanoe(releases, work, tools)), ours]
            for step in (pair if run % 2 == 0 else pair[::-1]):
                step()
        full = build_public(releases, None, work / "public-0", tools=tools)  # from its cache
        content = compare_content(full.path / "tiles" / "overblik.pmtiles", work / "direct.pmtiles")
        direct, full_seconds, full_tiles = (statistics.median(v) for v in (directs, fulls, full_tiles_runs))
        print(f"tippecanoe directly (GeoJSONSeq export + tippecanoe), {args.runs} runs: median {direct:7.1f} s "
              f"(min {min(directs):.1f}, max {max(directs):.1f})", flush=True)

        code = next(iter(releases))
        boundary = boundaries.set_index("kommunekode").geometry[code]
        changed = dict(releases)
        changed[code] = KommuneRelease("r2", {"erhvervsareal": generated_sites(boundary, code, per_kommune, 999, " ny")})
        started = time.perf_counter()
        update = build_public(changed, None, work / "public-0", tools=tools)
        update_seconds = time.perf_counter() - started
        update_tiles = sum(update.seconds[p] for p in TILE_PHASES)
        sizes = np.array(tile_sizes(update.path / "tiles" / "overblik.pmtiles"))
        direct_sizes = np.array(tile_sizes(work / "direct.pmtiles"))

    print(f"build_public, tiles only (kommuner + join), median: {full_tiles:7.1f} s   ratio {full_tiles / direct:.2f}  (target <= 1.1)")
    print(f"build_public, everything (tiles, downloads, indexes), median: {full_seconds:7.1f} s "
          f"(min {min(fulls):.1f}, max {max(fulls):.1f})   ratio {full_seconds / direct:.2f}")
    print("  phases (last cold run): " + ", ".join(f"{k} {v:.1f} s" for k, v in made[-1].seconds.items()))
    print(f"one-kommune update ({code}, rebuilt {update.rebuilt_kommuner}): {update_seconds:.1f} s, "
          f"{100 * update_seconds / full_seconds:.1f} % of the full build (target <= 10 %); "
          f"tiles only {update_tiles:.1f} s = {100 * update_tiles / full_tiles:.1f} %")
    print("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in update.seconds.items()))
    print(f"tiles: {len(sizes)}, size p50 {np.percentile(sizes, 50) / 1000:.1f} KB, "
          f"p99 {np.percentile(sizes, 99) / 1000:.1f} KB, max {sizes.max() / 1000:.1f} KB (target <= 500 KB)")
    print(f"  (direct tippecanoe: {len(direct_sizes)} tiles, p50 {np.percentile(direct_sizes, 50) / 1000:.1f} KB, "
          f"max {direct_sizes.max() / 1000:.1f} KB)")
    for line in content:
        print("  " + line)
    print(f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
