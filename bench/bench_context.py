"""Benchmark of the national context (issue 8). Prints figures measured in one run.

National-size context made from the real per-kommune files in ../shared/data: the five
kommuners' Plandata lokalplaner, §3 areas and fredninger, copied onto the other kommuner (each
copy moved to that kommune's centre) until there are about 30,000 lokalplaner and 20,000 nature
polygons; the OSM substations jittered to about 3,000; the real district heating plants and
kloakoplande. Sites: 20,000 business sites, each inside a copied lokalplan.

1. The context tilesets (grundkort + kontekst) made by the build: every tile <= 500 KB.
2. `omgivelser` for the 20,000 sites (OmgivelserIndex: index + compute) against the peer, a bare
   GeoPandas `sjoin` (plans, catchments, heating areas) + `sjoin_nearest` (Natura 2000, §3,
   fredninger, substations, plants) over the same layers; median of paired, interleaved runs.
   Target <= 1.5x.

    .venv/bin/python bench/bench_context.py [--plans 30000] [--nature 20000] [--stations 3000] [--sites 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from publisher.outputs import TileTools
from publisher.outputs.context import public_context
from publisher.outputs.context_build import build_context, context_key
from publisher.outputs.omgivelser import OmgivelserIndex
from publisher.outputs.pmtiles_join import Archive
from publisher.references import read_reference_file

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
HOFOR = SHARED / "hofor_tgvwebgis"
KOMMUNER = ("albertslund", "herlev", "hvidovre", "roedovre", "vallensbaek")
GRID = SHARED / "power_grid_osm_complexnettsp" / "Countries" / "Denmark"


def _read(kind: str, paths, **options) -> gpd.GeoDataFrame:
    frames = [read_reference_file(kind, path, **options).frame for path in paths if path.exists()]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:25832")


def _copies(
    frame: gpd.GeoDataFrame, target: int, centres: np.ndarray, key: str | None
) -> gpd.GeoDataFrame:
    """The frame copied onto kommune centres (moved there from its own centre) until `target`."""
    origin = np.array(frame.union_all().centroid.coords[0])
    copies, number = [], 0
    while sum(len(c) for c in copies) < target:
        dx, dy = centres[number % len(centres)] - origin
        moved = frame.copy()
        moved["geometry"] = shapely.transform(
            frame.geometry.to_numpy(), lambda xy, dx=dx, dy=dy: xy + np.array([dx, dy])
        )
        if key:
            moved[key] = moved[key].astype(str) + f"-{number}"
        copies.append(moved)
        number += 1
    return gpd.GeoDataFrame(pd.concat(copies, ignore_index=True).iloc[:target], crs="EPSG:25832")


def national_context(args, rng) -> tuple[dict, gpd.GeoSeries]:
    kommuner = read_reference_file(
        "kommunegraenser", SHARED / "kommuner_dagi_neogeografen/geojson/kommuner.geojson"
    ).frame
    kommuner = kommuner[kommuner["kommunekode"] != "0411"].reset_index(drop=True)
    centres = np.array([(p.x, p.y) for p in kommuner.geometry.representative_point()])
    plans = _read(
        "lokalplaner",
        [HOFOR / k / "GeoJSON-data" / f"{k.capitalize()}_lokalplaner.geojson" for k in KOMMUNER],
    )
    plans = plans.drop_duplicates("planid").reset_index(drop=True)
    nature = pd.concat(
        [
            _read(
                "natur",
                [
                    HOFOR
                    / k
                    / "GeoJSON-data"
                    / f"{k.capitalize()}_bekyttedenaturtyperparagraf3.geojson"
                    for k in KOMMUNER
                ],
            ),
            _read(
                "natur",
                [HOFOR / k / "GeoJSON-data" / "Fredede_omraader.geojson" for k in KOMMUNER],
                natur_kind="fredning",
            ),
            _read(
                "natur",
                [HOFOR / "hvidovre/GeoJSON-data/Habitat_omraader.geojson"],
                natur_kind="natura2000",
            ),
        ],
        ignore_index=True,
    )
    stations = _read("elnet", [GRID / "Nodes/heuristic_vertices.csv"])
    stations = stations[stations["elnet_type"] == "station"].reset_index(drop=True)
    jitter = stations.sample(args.stations, replace=True, random_state=1).reset_index(drop=True)
    jitter["geometry"] = shapely.points(
        shapely.get_coordinates(jitter.geometry.to_numpy()) + rng.normal(0, 3000, (len(jitter), 2))
    )
    jitter["synlighed"] = "offentlig"
    catchments = _read(
        "kloakoplande",
        [
            HOFOR / "hvidovre/GeoJSON-data" / f"{n}.geojson"
            for n in ("Ingen_kloakering", "Overfladevandskloakeret", "Spildevandskloakeret")
        ],
    )
    references = {
        "kommunegraenser": kommuner,
        "lokalplaner": _copies(plans, args.plans, centres, "planid"),
        "natur": _copies(gpd.GeoDataFrame(nature, crs="EPSG:25832"), args.nature, centres, None),
        "elnet": jitter,
        "fjernvarme": _read(
            "fjernvarme", [SHARED / "district_heating_nicklasvrede/data/plants.geojson"]
        ),
        "kloakoplande": _copies(catchments, len(catchments) * 40, centres, None),
    }
    business = references["lokalplaner"][references["lokalplaner"]["anvgen"] == "31"]
    chosen = business.sample(args.sites, replace=True, random_state=2).geometry
    sites = gpd.GeoSeries(
        shapely.buffer(chosen.representative_point().to_numpy(), 60, quad_segs=2), crs="EPSG:25832"
    )
    return references, sites


def ours(context: dict, sites: gpd.GeoSeries) -> float:
    started = time.perf_counter()
    OmgivelserIndex(context).compute(sites)
    return time.perf_counter() - started


def peer(context: dict, sites: gpd.GeoSeries) -> float:
    started = time.perf_counter()
    frame = gpd.GeoDataFrame(geometry=sites.reset_index(drop=True))
    for name in ("lokalplaner", "kloakoplande"):
        gpd.sjoin(frame, context[name][["geometry"]], predicate="intersects", how="left")
    natur = context["natur"]
    for kind in ("natura2000", "paragraf3", "fredning"):
        gpd.sjoin_nearest(
            frame, natur.loc[natur["natur_type"] == kind, ["geometry"]], distance_col="d"
        )
    elnet = context["elnet"]
    gpd.sjoin_nearest(
        frame, elnet.loc[elnet["elnet_type"] == "station", ["geometry"]], distance_col="d"
    )
    gpd.sjoin_nearest(frame, context["fjernvarme"][["geometry"]], distance_col="d")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=30000)
    parser.add_argument("--nature", type=int, default=20000)
    parser.add_argument("--stations", type=int, default=3000)
    parser.add_argument("--sites", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=("tiles", "omgivelser"), help="measure one part only")
    args = parser.parse_args()
    rng = np.random.default_rng(8)
    references, sites = national_context(args, rng)
    print(
        "inputs: "
        + ", ".join(f"{k} {len(v)}" for k, v in references.items())
        + f", sites {len(sites)}"
    )

    if args.only != "omgivelser":
        context_tiles(references)
    if args.only != "tiles":
        omgivelser(references, sites, args.runs)


def context_tiles(references: dict) -> None:
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        made = build_context(
            context_key(references),
            lambda: references,
            Path(work) / "cache",
            TileTools.locate(),
            Path(work),
        )
        seconds = time.perf_counter() - started
        for name, path in made.tiles.items():
            sizes = np.array(list(dict(Archive.open(path).tiles.values()).values()))
            print(
                f"{name}.pmtiles: {len(sizes)} tiles, p50 {np.median(sizes) / 1000:.1f} KB, "
                f"max {sizes.max() / 1000:.1f} KB (target <= 500 KB)"
            )
        print(f"context build (tiles + downloads): {seconds:.1f} s")


def omgivelser(references: dict, sites: gpd.GeoSeries, runs: int) -> None:
    context = public_context(references)
    ours(context, sites.iloc[:100]), peer(context, sites.iloc[:100])  # warm both
    pairs = []
    for _ in range(runs):
        pairs.append((ours(context, sites), peer(context, sites)))
    ratio = statistics.median(a / b for a, b in pairs)
    print(
        f"omgivelser for {len(sites)} sites: ours median {statistics.median(a for a, _ in pairs):.2f} s, "
        f"peer (sjoin + sjoin_nearest) median {statistics.median(b for _, b in pairs):.2f} s, "
        f"ratio {ratio:.2f} (target <= 1.5)"
    )


if __name__ == "__main__":
    main()
