"""Benchmark: `python -m publisher validate` with every reference at national size, against a
bare peer doing the same geometry work with plain pyogrio + shapely, in the same run.

    .venv/bin/python bench/bench_validation.py [--sizes 10000,100000,300000] [--runs 5]
        [--serve-runs 11] [--lokalplaner 30000] [--natur 20000]

Inputs: the national references of bench/national_references.py (the 98 real DAGI kommuner,
lokalplaner and nature polygons tiled from the real files in ../shared/data), imported into a
store in a temporary data folder as `references import` does. For each size, a GeoPackage of
business sites inside the real Aarhus kommune (0751): about 40 vertices each, 2 % planted
self-intersecting "bow-ties", valid attributes, `lokalplan_id` of the plan under the site.

* command: the whole `python -m publisher --data-dir D validate FILE --kommune 0751 --format
  json` (process start, reading the store's reference layers, the worker process, the rulebook);
* peer: a fresh Python process that reads the sites (pyogrio, every column), tests `is_valid`,
  repairs what is invalid, finds the self-overlaps with an STRtree and their intersection areas,
  reads each reference layer (pyogrio, the columns the rules use) and queries it with an STRtree
  for the intersecting pairs and their intersection areas (a site properly inside a prepared
  reference counts its own area; only the others are intersected).

Each is measured from outside as a whole process tree (wall; CPU and peak RSS of the process and
every child it waited for), in pairs whose order alternates; medians of the pairs and the spread
of the paired ratios are printed. Then one kommune's submission of 200 sites goes to a running
`python -m publisher serve` (references loaded, warm) `--serve-runs` times: the median of the
answers' wall time, against the peer's work on the same 200 sites in a warm process.
Exits 1 when the invalid geometries the command found differ from the planted ones.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from national_references import national_references  # noqa: E402

KOMMUNE = "0751"
VERTICES = 40
SITE_SPACING_MAX = 400.0
"""Sites are at most 0.45 × this across, however few there are (a kommune's 200 sites)."""
INVALID_SHARE = 0.02
PEER_COLUMNS = {
    "kommunegraenser": ["kommunekode", "navn"],
    "lokalplaner": ["planid", "anvgen", "status", "plannavn"],
    "paragraf3": ["Natyp_navn"],
    "natura2000": ["Objektnavn"],
    "fredning": ["Fred_navn"],
}


def generate_sites(path: Path, count: int, references, seed: int = 7) -> int:
    """Writes ``count`` sites inside the kommune; returns the number planted invalid."""
    import geopandas as gpd
    import numpy as np
    import shapely

    rng = np.random.default_rng(seed)
    kommuner = gpd.read_file(references.paths["kommunegraenser"], engine="pyogrio")
    kommune = kommuner[kommuner["kommunekode"] == KOMMUNE].geometry.iloc[0]
    spacing = np.sqrt(kommune.area / count) * 0.9
    size = min(spacing, SITE_SPACING_MAX)
    inner = kommune.buffer(-size)
    xmin, ymin, xmax, ymax = inner.bounds
    xs, ys = np.meshgrid(np.arange(xmin, xmax, spacing), np.arange(ymin, ymax, spacing))
    centres = np.column_stack([xs.ravel(), ys.ravel()])
    centres = centres[shapely.contains_xy(inner, centres[:, 0], centres[:, 1])]
    if len(centres) < count:
        raise SystemExit(f"kommune {KOMMUNE} holds only {len(centres)} sites at this spacing")
    centres = centres[np.sort(rng.choice(len(centres), count, replace=False))]
    centres += rng.uniform(-0.1 * spacing, 0.1 * spacing, (count, 2))
    angles = np.linspace(0, 2 * np.pi, VERTICES, endpoint=False)
    radii_x = rng.uniform(0.15, 0.45, count)[:, None] * size
    radii_y = rng.uniform(0.15, 0.45, count)[:, None] * size
    turn = rng.uniform(0, np.pi, count)[:, None]
    x = radii_x * np.cos(angles) * np.cos(turn) - radii_y * np.sin(angles) * np.sin(turn)
    y = radii_x * np.cos(angles) * np.sin(turn) + radii_y * np.sin(angles) * np.cos(turn)
    rings = np.stack([x + centres[:, :1], y + centres[:, 1:]], axis=-1)
    planted = rng.choice(count, round(count * INVALID_SHARE), replace=False)
    half = VERTICES // 2
    rings[planted, half:] = rings[planted, half:][:, ::-1]  # a bow-tie
    geometries = shapely.polygons(np.concatenate([rings, rings[:, :1]], axis=1))
    plans = gpd.read_file(
        references.paths["lokalplaner"], engine="pyogrio", columns=["planid", "komnr"]
    )
    plans = plans[plans["komnr"] == KOMMUNE]
    site_index, plan_index = shapely.STRtree(plans.geometry.values).query(
        shapely.points(centres), predicate="within"
    )
    lokalplan = np.full(count, None, dtype=object)
    lokalplan[site_index] = plans["planid"].astype(str).values[plan_index]
    areas = shapely.area(shapely.make_valid(geometries, method="structure"))
    today = np.datetime64("today")
    frame = gpd.GeoDataFrame(
        {
            "objekt_id": [f"{seed:08x}-0000-4000-8000-{index:012x}" for index in range(count)],
            "kommunekode": KOMMUNE,
            "navn": [f"Erhvervsområde {index} ved Ålborgvej" for index in range(count)],
            "status": rng.choice(
                ["ledig", "delvist_ledig", "reserveret", "i_udbud", "fremtidig"], count
            ),
            "ledigt_areal_m2": np.round(areas * rng.uniform(0.1, 0.9, count)),
            "anvendelse_generel": np.int32(31),
            "anvendelse_specifik": rng.choice(np.array([3100, 3115, 3120, 3170], np.int32), count),
            "miljoeklasse_min": np.int32(2),
            "miljoeklasse_max": rng.choice(np.array([3, 4, 5, 6], np.int32), count),
            "max_bebyggelsesprocent": 60.0,
            "max_bygningshoejde_m": rng.choice([12.0, 15.0], count),
            "zonestatus": np.int32(1),
            "lokalplan_id": lokalplan,
            "tilslutning_el": True,
            "tilslutning_vand": True,
            "tilslutning_kloak": True,
            "tilslutning_fjernvarme": rng.random(count) < 0.6,
            "tilslutning_gas": rng.random(count) < 0.3,
            "el_kapacitet_mw": np.round(rng.uniform(0.5, 20, count), 1),
            "pris_kr_m2": np.round(rng.uniform(200, 1500, count)),
            "ejer": "kommune",
            "kontakt_navn": "Erhvervsservice",
            "kontakt_email": "erhverv@aarhus.dk",
            "kontakt_telefon": "+45 89 40 20 00",
            "link": "https://www.aarhus.dk/erhverv",
            "sidst_bekraeftet": today - rng.integers(0, 300, count).astype("timedelta64[D]"),
            "synlighed": "offentlig",
        },
        geometry=geometries,
        crs="EPSG:25832",
    )
    frame.to_file(path, layer="erhvervsareal", driver="GPKG", engine="pyogrio")
    return len(planted)


def peer_work(sites, reference_layers: dict) -> dict:
    """The geometry work of the rulebook with plain tools: validity and repair, self-overlaps
    with their areas, each reference layer's intersecting pairs with their areas."""
    import shapely

    geometries = sites.geometry.values.to_numpy()
    valid = shapely.is_valid(geometries)
    geometries[~valid] = shapely.make_valid(geometries[~valid], method="structure")
    first, second = shapely.STRtree(geometries).query(geometries, predicate="intersects")
    later = first < second
    overlaps = shapely.area(
        shapely.intersection(geometries[first[later]], geometries[second[later]])
    )
    pairs = {}
    for kind, (references, tree) in reference_layers.items():
        site, reference = tree.query(geometries, predicate="intersects")
        # As plainly as it is done well: a site properly inside a (prepared) reference is
        # covered by its own area; only the others are intersected.
        inside = shapely.contains_properly(references[reference], geometries[site])
        areas = shapely.area(geometries[site])
        areas[~inside] = shapely.area(
            shapely.intersection(geometries[site[~inside]], references[reference[~inside]])
        )
        pairs[kind] = len(site)
    return {"invalid": int((~valid).sum()), "overlaps": int((overlaps > 0).sum()), "pairs": pairs}


def read_peer_references(folder: Path) -> dict:
    import pyogrio
    import shapely

    layers = {}
    for kind, columns in PEER_COLUMNS.items():
        frame = pyogrio.read_dataframe(folder / f"{kind}.gpkg", columns=columns)
        geometries = frame.geometry.values.to_numpy()
        shapely.prepare(geometries)
        layers[kind] = (geometries, shapely.STRtree(geometries))
    return layers


def run_peer(sites_path: Path, folder: Path) -> None:
    import pyogrio

    sites = pyogrio.read_dataframe(sites_path)
    print(json.dumps(peer_work(sites, read_peer_references(folder))))


def measured(command: list[str]) -> dict:
    """Runs ``command`` in a fresh measuring process: wall, and CPU and peak RSS of the command
    and every child it waited for."""
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--", *command],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])


def measure(command: list[str]) -> None:
    import resource

    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
                "returncode": done.returncode,
                "stdout": done.stdout if len(done.stdout) < 5_000_000 else "",
                "stderr": done.stderr[-2000:],
            }
        )
    )


def totals_by_rule(report: dict) -> dict[str, int]:
    """Findings per rule, those counted in S05 summaries included."""
    totals: dict[str, int] = {}
    for finding in report["findings"]:
        totals[finding["rule"]] = totals.get(finding["rule"], 0) + 1
    for finding in report["findings"]:
        match = re.match(r"The rule (\w+) .* gave ([\d,]+) findings in all", finding["message_en"])
        if finding["rule"] == "S05" and match:
            totals[match.group(1)] = int(match.group(2).replace(",", ""))
    return totals


def compare(
    size: int, data_dir: Path, references, folder: Path, runs: int, sizes: list[int]
) -> dict:
    sites = folder / f"sites_{size}.gpkg"
    started = time.perf_counter()
    planted = generate_sites(sites, size, references)
    print(
        f"\n{size:,} sites in kommune {KOMMUNE} ({planted} planted invalid), "
        f"{sites.stat().st_size / 1e6:.0f} MB, generated in {time.perf_counter() - started:.0f} s"
    )
    command = [
        sys.executable,
        "-m",
        "publisher",
        "--data-dir",
        str(data_dir),
        "validate",
        str(sites),
        "--kommune",
        KOMMUNE,
        "--format",
        "json",
    ]
    peer = [sys.executable, __file__, "--peer", str(sites), str(references.folder)]
    if size == sizes[0]:
        # Untimed: the first validation after an import writes the reference cache beside the
        # store, which every later one reads (as in production after each import).
        started = time.perf_counter()
        measured(command)
        print(
            f"  first run after the import (writes the reference cache, untimed in the "
            f"ratios): {time.perf_counter() - started:.1f} s"
        )
    pairs = []
    for run in range(runs):
        order = (command, peer) if run % 2 == 0 else (peer, command)
        results = {id(cmd): measured(cmd) for cmd in order}
        pairs.append((results[id(command)], results[id(peer)]))
    ours, theirs = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
    if ours[0]["returncode"] not in (0, 1):
        raise SystemExit(f"validate failed: {ours[0]['stderr']}")
    totals = totals_by_rule(json.loads(ours[0]["stdout"]))
    peer_result = json.loads(theirs[0]["stdout"].splitlines()[-1])
    found = totals.get("G02", 0) + totals.get("G03", 0)
    row = {
        "size": size,
        "planted": planted,
        "found": found,
        "peer_invalid": peer_result["invalid"],
        "findings": totals,
        "peer_pairs": peer_result["pairs"],
    }
    for key in ("wall", "cpu"):
        row[f"command_{key}"] = statistics.median(run[key] for run in ours)
        row[f"peer_{key}"] = statistics.median(run[key] for run in theirs)
        ratios = sorted(pair[0][key] / pair[1][key] for pair in pairs)
        row[f"{key}_ratio"] = statistics.median(ratios)
        row[f"{key}_spread"] = (ratios[0], ratios[-1])
    row["command_peak_mb"] = max(run["peak_mb"] for run in ours)
    row["peer_peak_mb"] = max(run["peak_mb"] for run in theirs)
    print(
        f"  command: wall {row['command_wall']:.2f} s, CPU {row['command_cpu']:.2f} s, peak "
        f"RSS {row['command_peak_mb']:.0f} MB; findings {json.dumps(totals, sort_keys=True)}"
    )
    print(
        f"  peer:    wall {row['peer_wall']:.2f} s, CPU {row['peer_cpu']:.2f} s, peak RSS "
        f"{row['peer_peak_mb']:.0f} MB; intersecting pairs {peer_result['pairs']}, "
        f"self-overlaps {peer_result['overlaps']}"
    )
    print(
        f"  ratio command / peer over {runs} paired runs: wall {row['wall_ratio']:.2f} "
        f"(spread {row['wall_spread'][0]:.2f}–{row['wall_spread'][1]:.2f}), CPU "
        f"{row['cpu_ratio']:.2f} (spread {row['cpu_spread'][0]:.2f}–{row['cpu_spread'][1]:.2f})"
    )
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--runs", type=int, default=5, help="paired runs per size")
    parser.add_argument(
        "--serve-runs",
        type=int,
        default=11,
        help="submissions of one kommune's 200 sites to the running server (0: none)",
    )
    parser.add_argument("--lokalplaner", type=int, default=30_000)
    parser.add_argument("--natur", type=int, default=20_000)
    parser.add_argument("--peer", nargs=2, metavar=("SITES", "REFERENCES"), help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--measure"]:
        measure(sys.argv[3:])  # --measure -- COMMAND...
        return 0
    args = parser.parse_args()
    if args.peer:
        run_peer(Path(args.peer[0]), Path(args.peer[1]))
        return 0
    from serve_validation import serve_benchmark

    references = national_references(lokalplaner=args.lokalplaner, natur=args.natur)
    print(references.describe())
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        started = time.perf_counter()
        _import(references, data_dir)
        print(
            f"references imported into the store ({data_dir}) in "
            f"{time.perf_counter() - started:.0f} s"
        )
        sizes = [int(size) for size in args.sizes.split(",")]
        for size in sizes:
            rows.append(compare(size, data_dir, references, Path(folder), args.runs, sizes))
        if args.serve_runs:
            serve_benchmark(data_dir, references, Path(folder), args.serve_runs)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    print(
        "size     command wall / CPU    peer wall / CPU    ratio wall (spread)  ratio CPU (spread)"
    )
    for row in rows:
        print(
            f"{row['size']:>7,}  {row['command_wall']:7.2f} / {row['command_cpu']:6.2f} s  "
            f"{row['peer_wall']:6.2f} / {row['peer_cpu']:6.2f} s  {row['wall_ratio']:5.2f} "
            f"({row['wall_spread'][0]:.2f}–{row['wall_spread'][1]:.2f})   "
            f"{row['cpu_ratio']:5.2f} ({row['cpu_spread'][0]:.2f}–{row['cpu_spread'][1]:.2f})"
        )
    equal = all(row["found"] == row["planted"] == row["peer_invalid"] for row in rows)
    for row in rows:
        print(
            f"invalid found {row['found']} vs planted {row['planted']} at {row['size']:,}: "
            f"{'equal' if row['found'] == row['planted'] else 'NOT EQUAL'}"
        )
    return 0 if equal else 1


def _import(references, data_dir: Path) -> None:
    from publisher.settings import Settings
    from publisher.store import Store

    data_dir.mkdir(parents=True, exist_ok=True)
    store = Store.open(Settings.load(data_dir=data_dir, environ={}).database)
    references.import_into(store)
    store.close()


if __name__ == "__main__":
    sys.exit(main())
