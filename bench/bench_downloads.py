"""Benchmark: the national downloads (GeoJSON, GeoPackage) assembled from the cached kommune parts
(`publisher/outputs/national.py`) against GDAL doing the same job through pyogrio, after one
kommune's change and from scratch (issue 13: "pyogrio/GDAL for national GeoJSON and GeoPackage
assembly, or a measured reason to keep the splice").

Input: `--sites` generated business sites over the 98 real DAGI kommuner (2 % myndigheder), made
into the build's per-kommune parts (as `build_public` makes them; no tiles). Then, in paired
interleaved runs (`--runs`, order rotating), with wall and CPU:

* GeoJSON, ours: the parts' cached feature texts concatenated (`national.write_geojson`);
* GeoJSON, GDAL: pyogrio reads the national GeoPackage and writes the GeoJSON (RFC 7946, WGS84),
  the shortest library path (the GeoPackage holds every public row);
* GeoPackage after one kommune's change, ours: the previous national file copied, the kommune's
  rows deleted and its part's rows inserted with SQL (`national.patch_gpkg`);
* GeoPackage after one kommune's change, GDAL: pyogrio reads every part and writes the national
  file anew (GDAL cannot delete rows through pyogrio; a change means a rewrite);
* GeoPackage from scratch (a cold build), ours and GDAL, the same two ways.

Each output is checked against the other (same objekt_ids, same attributes).

    .venv/bin/python bench/bench_downloads.py [--sites 100000,300000] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from national_input import generated_sites, kommune_boundaries  # noqa: E402
from paired import describe, describe_ratio, in_process, interleaved, machine_load  # noqa: E402
from publisher.outputs import national  # noqa: E402
from publisher.outputs.artefacts import write_gpkg  # noqa: E402
from publisher.outputs.kommune_parts import PartCache  # noqa: E402
from publisher.outputs.public_data import public_features, to_wgs84, typed_for_output  # noqa: E402

LAYER = "erhvervsareal"


def make_parts(
    folder: Path,
    sites: int,
    kommuner: int,
    release: str,
    only: set[str] | None = None,
    seed: int = 0,
) -> dict:
    cache = PartCache(folder)
    boundaries = kommune_boundaries(kommuner)
    per_kommune = -(-sites // len(boundaries))
    parts = {}
    for index, row in enumerate(boundaries.itertuples()):
        if only is not None and row.kommunekode not in only:
            continue
        frame = public_features(
            LAYER, generated_sites(row.geometry, row.kommunekode, per_kommune, index + seed)
        )
        layers = {
            name: public_features(name, None) for name in ("infrastruktur", "industripark_kandidat")
        }
        layers[LAYER] = frame
        parts[row.kommunekode] = cache.build(
            row.kommunekode, release, layers, {name: to_wgs84(f) for name, f in layers.items()}
        )
    return parts


def ours_gpkg_scratch(parts: dict, out: Path, work: Path) -> None:
    template = work / "empty.gpkg"
    write_gpkg(LAYER, typed_for_output(LAYER, public_features(LAYER, None)), template)
    national.patch_gpkg(
        LAYER,
        template,
        out,
        remove_kommuner=(),
        add_parts=[parts[code].gpkg(LAYER) for code in sorted(parts)],
    )


def gdal_gpkg(parts: dict, out: Path) -> None:
    frames = [pyogrio.read_dataframe(parts[code].gpkg(LAYER)) for code in sorted(parts)]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    out.unlink(missing_ok=True)
    write_gpkg(LAYER, frame, out)


def gdal_geojson(national_gpkg: Path, out: Path) -> None:
    frame = pyogrio.read_dataframe(national_gpkg).to_crs(4326)
    out.unlink(missing_ok=True)
    pyogrio.write_dataframe(
        frame,
        out,
        layer=LAYER,
        driver="GeoJSON",
        RFC7946="YES",
        WRITE_NAME="NO",
        geometry_type="Unknown",
    )


def same_rows(a: Path, b: Path) -> bool:
    left = pyogrio.read_dataframe(a, layer=0).sort_values("objekt_id").reset_index(drop=True)
    right = pyogrio.read_dataframe(b, layer=0).sort_values("objekt_id").reset_index(drop=True)
    # A property null in every feature may be written as null or left out (GeoJSON).
    columns = [c for c in left.columns if c != "geometry" and c in right.columns]
    only_one = [
        frame[c]
        for frame in (left, right)
        for c in frame.columns
        if c != "geometry" and c not in columns
    ]
    return (
        len(left) == len(right)
        and all(column.isna().all() for column in only_one)
        and left[columns].astype(str).equals(right[columns].astype(str))
        and bool(left.geometry.geom_equals(right.geometry).all())
    )


def measure(sites: int, kommuner: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-downloads-") as tmp:
        work = Path(tmp)
        parts = make_parts(work / "parts", sites, kommuner, "r1")
        changed_code = sorted(parts)[0]
        after = dict(parts)
        after.update(make_parts(work / "parts", sites, kommuner, "r2", {changed_code}, seed=1000))
        total = sum(part.meta["counts"][LAYER] for part in after.values())
        print(
            f"\ninput: {total:,} public sites in {len(parts)} kommuner (parts as the build makes "
            f"them); the change: kommune {changed_code}, {after[changed_code].meta['counts'][LAYER]} "
            f"sites anew; machine: {machine_load()}",
            flush=True,
        )
        previous = work / "previous.gpkg"
        ours_gpkg_scratch(parts, previous, work)
        current = work / "ours-current.gpkg"
        ours_gpkg_scratch(after, current, work)

        steps = {
            "geojson_ours": lambda i: in_process(
                lambda: national.write_geojson(
                    (after[code].geojson_features(LAYER) for code in sorted(after)),
                    work / "ours.geojson",
                )
            ),
            "geojson_gdal": lambda i: in_process(
                lambda: gdal_geojson(current, work / "gdal.geojson")
            ),
            "update_ours": lambda i: in_process(
                lambda: national.patch_gpkg(
                    LAYER,
                    previous,
                    work / "ours-update.gpkg",
                    remove_kommuner=[changed_code],
                    add_parts=[after[changed_code].gpkg(LAYER)],
                )
            ),
            "update_gdal": lambda i: in_process(
                lambda: gdal_gpkg(after, work / "gdal-update.gpkg")
            ),
            "scratch_ours": lambda i: in_process(
                lambda: ours_gpkg_scratch(after, work / "ours-scratch.gpkg", work)
            ),
        }
        samples = interleaved(runs, steps)
        checks = {
            "GeoJSON": same_rows(work / "ours.geojson", work / "gdal.geojson"),
            "GeoPackage (update)": same_rows(work / "ours-update.gpkg", work / "gdal-update.gpkg"),
            "GeoPackage (scratch)": same_rows(
                work / "ours-scratch.gpkg", work / "gdal-update.gpkg"
            ),
        }
        sizes = {
            name: (work / name).stat().st_size / 1e6
            for name in ("ours.geojson", "gdal.geojson", "ours-update.gpkg", "gdal-update.gpkg")
        }
        shutil.rmtree(work / "parts")
    labels = {
        "geojson_ours": "GeoJSON, ours (splice of cached feature texts)",
        "geojson_gdal": "GeoJSON, GDAL (pyogrio: national GeoPackage -> GeoJSON)",
        "update_ours": "GeoPackage after one kommune's change, ours (copy + SQL delete/insert)",
        "update_gdal": "GeoPackage, GDAL (pyogrio: every part read, national file written)",
        "scratch_ours": "GeoPackage from scratch, ours (SQL insert of every part)",
    }
    for name, label in labels.items():
        print("  " + describe(label, samples[name]))
    print(
        "  "
        + describe_ratio("GeoJSON: ours / GDAL", samples["geojson_ours"], samples["geojson_gdal"])
    )
    print(
        "  "
        + describe_ratio(
            "GeoPackage after a change: ours / GDAL", samples["update_ours"], samples["update_gdal"]
        )
    )
    print(
        "  "
        + describe_ratio(
            "GeoPackage from scratch: ours / GDAL", samples["scratch_ours"], samples["update_gdal"]
        )
    )
    print(
        "  same rows (objekt_id, attributes, geometry equal; a one-part MultiPolygon equals its Polygon): "
        + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in checks.items())
    )
    print(
        "  sizes: "
        + ", ".join(f"{name} {size:.1f} MB" for name, size in sizes.items())
        + f"; machine: {machine_load()}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="100000,300000")
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for size in args.sites.split(","):
        measure(int(size), args.kommuner, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
