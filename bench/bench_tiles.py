"""Benchmark of the public tile build at national size. Prints figures measured in one run.

Input: `--sites` generated business sites over the 98 real DAGI kommuner (2 % myndigheder) and
every stored reference, as the publisher passes them to the build (kommunegrænser, lokalplaner,
natur: national-size from `bench/national_references.py` when it is there, else the real files
of ../shared/data; printed). The build tiles them as its context tilesets (grundkort, kontekst).

1. Cold builds through `build_public` (per-kommune tippecanoe, the Python join, the reference
   tiles, downloads and indexes) against the peer, tippecanoe called directly on the same public
   features with the same options (the sites in one run, each context tileset in another), as paired
   interleaved runs (`--runs`, order alternating): medians, spread and the per-round ratios of
   wall and CPU. The tile phases (kommuner, join, references) are compared on their own too.
2. One kommune's update through `build_public` against the cold build (bench_publish.py measures
   it through the server, submit to new tiles served).
3. Tile sizes (p50 / p99 / max) of our national archive and of tippecanoe's. Target max <= 500 KB.
4. The national content against tippecanoe's own output: every site at z12-z15 (both ways) and
   the overview points kept per zoom below.

    .venv/bin/python bench/bench_tiles.py [--sites 100000] [--kommuner 98] [--runs 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from national_input import generated_sites, kommune_boundaries, load_references  # noqa: E402
from paired import Sample, describe, describe_ratio, in_process, interleaved, machine_load  # noqa: E402
from publisher.outputs import KommuneRelease, TileTools, build_public  # noqa: E402
from publisher.outputs import context, context_build  # noqa: E402
from publisher.outputs.pmtiles_join import Archive  # noqa: E402
from publisher.outputs.public_data import public_features, to_wgs84  # noqa: E402
from publisher.outputs.tiles import (  # noqa: E402
    MAX_TILE_BYTES,
    OVERVIEW_LAYER,
    SITE_TILE_OPTIONS,
    overview_points,
    run_tippecanoe,
    tile_frame,
    write_geojson_seq,
)

TILE_PHASES = ("kommuner", "join", "references")


def reference_frames(work: Path) -> tuple[dict, list[str]]:
    """Every stored reference, loaded through a store as the publisher loads them for a build."""
    from publisher.references import reference_frames as stored_frames
    from publisher.store import Store

    store = Store.open(f"sqlite:///{work / 'references.sqlite'}")
    loaded = load_references(store)
    frames = stored_frames(store)
    return frames, loaded


def tile_sizes(path: Path) -> np.ndarray:
    """Stored (compressed) size of every distinct tile, read from the PMTiles directories."""
    archive = Archive.open(path)
    sizes = np.array(list(dict(archive.tiles.values()).values()))
    archive.close()
    return sizes


def direct_tippecanoe(releases, references: dict, work: Path, tools: TileTools) -> None:
    """The peer: the same public features (polygons from z12, one point per site below) in one
    tippecanoe run with the same options, and the public context layers the build tiles in one
    run per context tileset (grundkort, kontekst) with the build's options."""
    frames = [
        to_wgs84(public_features("erhvervsareal", r.layers["erhvervsareal"]))
        for r in releases.values()
    ]
    merged = gpd.GeoDataFrame(gpd.pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    polygons, points = work / "direct-erhvervsareal.geojsonl", work / "direct-punkt.geojsonl"
    write_geojson_seq(tile_frame("erhvervsareal", merged), polygons)
    write_geojson_seq(overview_points(merged), points)
    run_tippecanoe(
        tools,
        {"erhvervsareal": polygons, OVERVIEW_LAYER: points},
        work / "direct.pmtiles",
        SITE_TILE_OPTIONS,
        "direct",
    )
    layers = context.tile_layers(context.public_context(references))
    for tileset in context_build.TILESETS:
        inputs = {}
        for layer_id, frame in sorted(layers.items()):
            if context_build.tileset_of(layer_id) == tileset:
                inputs[layer_id] = work / f"direct-{layer_id}.geojsonl"
                write_geojson_seq(frame, inputs[layer_id])
        if inputs:
            run_tippecanoe(
                tools,
                inputs,
                work / f"direct-{tileset}.pmtiles",
                context_build.tile_options(tileset),
                tileset,
            )


def compare_content(ours: Path, theirs: Path) -> list[str]:
    """The national content of our archive against tippecanoe's: the sites at the detail zooms
    (all of them, both ways) and the overview points kept per zoom."""
    lines = []
    for zoom in range(5, 16):
        layer = "erhvervsareal" if zoom >= 12 else OVERVIEW_LAYER
        a = pyogrio.read_dataframe(ours, layer=layer, ZOOM_LEVEL=str(zoom), columns=["objekt_id"])
        b = pyogrio.read_dataframe(theirs, layer=layer, ZOOM_LEVEL=str(zoom), columns=["objekt_id"])
        same = set(a["objekt_id"]) == set(b["objekt_id"])
        ours_n, theirs_n = a["objekt_id"].nunique(), b["objekt_id"].nunique()
        lines.append(
            f"z{zoom} {layer}: ours {ours_n:,} distinct, tippecanoe {theirs_n:,} "
            + ("(the same sites)" if same else f"({100 * (ours_n - theirs_n) / theirs_n:+.1f} %)")
        )
    return lines


def size_line(name: str, sizes: np.ndarray) -> str:
    return (
        f"{name}: {len(sizes):,} tiles, p50 {np.percentile(sizes, 50) / 1000:.1f} KB, "
        f"p99 {np.percentile(sizes, 99) / 1000:.1f} KB, max {sizes.max() / 1000:.1f} KB, "
        f"over {MAX_TILE_BYTES // 1000} KB: {int((sizes > MAX_TILE_BYTES).sum())}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tools = TileTools.locate()
    boundaries = kommune_boundaries(args.kommuner)
    per_kommune = -(-args.sites // len(boundaries))
    releases = {
        row.kommunekode: KommuneRelease(
            f"r1-{row.kommunekode}",
            {"erhvervsareal": generated_sites(row.geometry, row.kommunekode, per_kommune, i)},
        )
        for i, row in enumerate(boundaries.itertuples())
    }
    total = sum(len(r.layers["erhvervsareal"]) for r in releases.values())

    with tempfile.TemporaryDirectory(prefix="bench-tiles-") as tmp:
        work = Path(tmp)
        references, loaded = reference_frames(work)
        print(
            f"input: {total:,} sites in {len(releases)} kommuner ({per_kommune} each, 2 % myndigheder); "
            f"references tiled: "
            + ", ".join(f"{kind} {len(frame):,}" for kind, frame in references.items())
            + "; loaded:\n  "
            + "\n  ".join(loaded)
        )
        print(f"machine: {machine_load()}", flush=True)
        made, tile_parts = [], []

        def ours(index: int) -> Sample:
            public = work / f"public-{index}"
            result = {}
            sample = in_process(
                lambda: result.update(
                    build=build_public(
                        releases, references, public, tools=tools, references_key="bench"
                    )
                )
            )
            made.append(result["build"])
            if index > 0:
                shutil.rmtree(public)
            return sample

        def peer(index: int) -> Sample:
            return in_process(lambda: direct_tippecanoe(releases, references, work, tools))

        samples = interleaved(args.runs, {"ours": ours, "peer": peer})
        for build, sample in zip(made, samples["ours"]):
            share = sum(build.seconds[p] for p in TILE_PHASES) / sample.wall
            tile_parts.append(Sample(sample.wall * share, sample.cpu * share))

        full = made[0]
        content = compare_content(full.path / "tiles" / "overblik.pmtiles", work / "direct.pmtiles")
        sizes = tile_sizes(full.path / "tiles" / "overblik.pmtiles")
        direct_sizes = tile_sizes(work / "direct.pmtiles")
        context_sizes = {
            name: tile_sizes(full.path / "tiles" / f"{name}.pmtiles")
            for name in context_build.TILESETS
            if (full.path / "tiles" / f"{name}.pmtiles").exists()
        }

        code = next(iter(releases))
        boundary = boundaries.set_index("kommunekode").geometry[code]
        changed = dict(releases)
        changed[code] = KommuneRelease(
            "r2", {"erhvervsareal": generated_sites(boundary, code, per_kommune, 999, " ny")}
        )
        result = {}
        update = in_process(
            lambda: result.update(
                build=build_public(
                    changed, references, work / "public-0", tools=tools, references_key="bench"
                )
            )
        )

    print(describe("build_public, cold (every artefact)", samples["ours"]))
    print(
        describe(
            "peer: tippecanoe directly (GeoJSONSeq export + tippecanoe, sites and references)",
            samples["peer"],
        )
    )
    print(describe_ratio("cold build / peer", samples["ours"], samples["peer"]))
    print(
        describe_ratio(
            "tile phases of the cold build (kommuner, join, references; CPU "
            "apportioned by wall) / peer",
            tile_parts,
            samples["peer"],
        )
    )
    print(
        "  phases (first cold run): " + ", ".join(f"{k} {v:.1f} s" for k, v in full.seconds.items())
    )
    print(
        f"one-kommune update ({code}, rebuilt {result['build'].rebuilt_kommuner}): wall {update.wall:.1f} s, "
        f"CPU {update.cpu:.1f} s = {100 * update.wall / statistics.median(s.wall for s in samples['ours']):.1f} % "
        f"of the cold build's median wall"
    )
    print("  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in result["build"].seconds.items()))
    print(size_line("national archive (ours, cold build)", sizes) + " (target: max <= 500 KB)")
    print(size_line("tippecanoe's own", direct_sizes))
    for name, sizes_of_tileset in context_sizes.items():
        print(size_line(f"context archive {name}", sizes_of_tileset))
    for line in content:
        print("  " + line)
    print(
        f"peak memory of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
        f"machine: {machine_load()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
