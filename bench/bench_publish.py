"""Benchmark: one kommune's update at national scale, from submit to its new tiles served, against
a full cold build of the same store and a plain-tools peer, in paired interleaved runs; and the
server's peak memory as the national total grows.

For each national size (default 30,000, 100,000 and 300,000 sites over the 98 real DAGI kommuner):

1. a SQLite store gets every reference (national-size ones from `bench/national_references.py`
   when it exists, else the real DAGI kommunegrænser and the real per-kommune natur/lokalplan
   files in ../shared/data; what was loaded is printed) and one release per kommune with its
   share of generated sites (2 % myndigheder), written through the store;
2. rounds (`--runs`), each running three steps in an order that rotates:
   * cold build: `python -m publisher build` into an empty public folder (empty caches);
     round 1's is the server's own first build;
   * update: `python -m publisher serve` runs (its worker finds the public side in step); an
     indsender submits an update of one kommune (all its sites new, one named probe) over HTTP,
     a godkender approves it, and the bench polls until the served manifest names the new
     release and a PMTiles range request returns the tile with the probe. Alternates between
     two kommuner. CPU is the server's (with the tippecanoe it ran);
   * peer: the national site tiles made anew with plain tools after the same change: pyogrio
     reads the served national GeoPackage, writes GeoJSONSeq, and one tippecanoe run with the
     build's options makes the archive;
3. medians, spread and per-round ratios (wall and CPU), the server's peak RSS (VmHWM) after the
   rounds, and the machine's load average.

Target: the update's median <= 10 % of the cold build; the server's peak memory flat across sizes.

    .venv/bin/python bench/bench_publish.py [--sites 30000,100000,300000] [--runs 5]
"""

from __future__ import annotations

import argparse
import gzip
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import geopandas as gpd
import requests
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from national_input import generated_sites, kommune_boundaries, load_references  # noqa: E402
from paired import (  # noqa: E402
    ProcessCpu,
    Sample,
    child_process,
    describe,
    describe_ratio,
    interleaved,
    machine_load,
)
from pmtiles.reader import Reader  # noqa: E402
from publisher.auth import add_user  # noqa: E402
from publisher.settings import Settings  # noqa: E402
from publisher.store import Store  # noqa: E402
from publisher.store.features import rows_from_frames  # noqa: E402

PROBE_ZOOM = 14
UPDATE_TIMEOUT_SECONDS = 1800


def seeded_store(
    data_dir: Path, sites: int, kommuner: int
) -> tuple[Store, gpd.GeoDataFrame, list[str]]:
    store = Store.open(Settings.load(data_dir=data_dir, environ={}).database)
    references = load_references(store)
    boundaries = kommune_boundaries(kommuner)
    per_kommune = -(-sites // len(boundaries))
    for index, row in enumerate(boundaries.itertuples()):
        frame = generated_sites(row.geometry, row.kommunekode, per_kommune, index)
        submission = store.add_submission(
            kommunekode=row.kommunekode,
            status="til_godkendelse",
            uploader="bench",
            ruleset_version="bench",
            report={},
            report_hash="bench",
            file_name="bench.gpkg",
            file_sha256="00",
            file_content=b"bench",
            features=rows_from_frames({"erhvervsareal": frame}),
        )
        store.approve(submission.id, "bench")
    return store, boundaries, references


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "publisher",
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            str(port),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            if requests.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                return process, base
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("publisher serve did not start within 2 minutes")


def update_file(
    boundary, kommunekode: str, count: int, seed: int, folder: Path
) -> tuple[Path, str, tuple]:
    """A valid GeoPackage of the kommune's sites, generated anew, with a named probe site.
    The centres keep 60 m (the largest site radius) from the kommune's border: a site mostly
    outside it is blocking (G08), and at 3,062 sites in 0101 two were, so the server rejected
    the update."""
    frame = generated_sites(boundary.buffer(-60), kommunekode, count, seed, f" v{seed}")
    frame["objekt_id"] = [str(uuid.uuid4()) for _ in range(len(frame))]
    frame["geometry"] = [shapely.MultiPolygon([polygon]) for polygon in frame.geometry]
    frame["ledigt_areal_m2"] = (frame.geometry.area * 0.8).round()  # never more than the site
    probe = frame[frame["synlighed"] == "offentlig"].iloc[len(frame) // 2]
    point = (
        gpd.GeoSeries([probe.geometry.representative_point()], crs=frame.crs).to_crs(4326).iloc[0]
    )
    path = folder / f"opdatering-{kommunekode}-{seed}.gpkg"
    frame.to_file(path, layer="erhvervsareal", driver="GPKG")
    return path, probe.objekt_id, (point.x, point.y)


def tile_has(base: str, data: str, lonlat: tuple, objekt_id: str) -> bool:
    url = f"{base}{data}tiles/overblik.pmtiles"
    n = 1 << PROBE_ZOOM
    x = int((lonlat[0] + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lonlat[1]))) / math.pi) / 2 * n)

    def span(offset: int, length: int) -> bytes:
        answer = requests.get(
            url, headers={"Range": f"bytes={offset}-{offset + length - 1}"}, timeout=30
        )
        answer.raise_for_status()
        return answer.content

    tile = Reader(span).get(PROBE_ZOOM, x, y)
    return tile is not None and objekt_id.encode() in gzip.decompress(tile)


def one_update(base: str, tokens: dict, kommunekode: str, path: Path, probe: str, lonlat) -> None:
    with path.open("rb") as handle:
        answer = requests.post(
            f"{base}/api/v1/submissions",
            data={"kommune": kommunekode},
            files={"file": (path.name, handle)},
            timeout=600,
            headers={"Authorization": f"Bearer {tokens[kommunekode]}"},
        )
    if answer.status_code != 201 or answer.json()["status"] != "til_godkendelse":
        raise SystemExit(f"update not accepted: {answer.status_code} {answer.text[:800]}")
    approval = requests.post(
        f"{base}/api/v1/submissions/{answer.json()['id']}/approve",
        json={},
        headers={"Authorization": f"Bearer {tokens['godkender']}"},
        timeout=600,
    )
    release = str(approval.json()["release"]["id"])
    deadline = time.monotonic() + UPDATE_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        config = requests.get(f"{base}/kort/config.json", timeout=10).json()
        manifest = requests.get(f"{base}{config['data']}manifest.json", timeout=10)
        if (
            manifest.status_code == 200
            and manifest.json()["releases"].get(kommunekode) == release
            and tile_has(base, config["data"], lonlat, probe)
        ):
            return
        time.sleep(0.05)
    raise SystemExit(f"the update did not become visible within {UPDATE_TIMEOUT_SECONDS} s")


def peer_tiles(national_gpkg: Path, out: Path) -> None:
    """The peer (run as a child process): the national site tiles from the national GeoPackage
    with pyogrio and one tippecanoe run, with the options of the build."""
    import pyogrio

    from publisher.outputs import TileTools
    from publisher.outputs.tiles import (
        OVERVIEW_LAYER,
        SITE_TILE_OPTIONS,
        overview_points,
        run_tippecanoe,
        tile_frame,
        write_geojson_seq,
    )

    sites = pyogrio.read_dataframe(national_gpkg).to_crs(4326)
    polygons, points = out.with_suffix(".polygons.geojsonl"), out.with_suffix(".points.geojsonl")
    write_geojson_seq(tile_frame("erhvervsareal", sites), polygons)
    write_geojson_seq(overview_points(sites), points)
    run_tippecanoe(
        TileTools.locate(),
        {"erhvervsareal": polygons, OVERVIEW_LAYER: points},
        out,
        SITE_TILE_OPTIONS,
        "peer",
    )
    polygons.unlink()
    points.unlink()


def measure(sites: int, kommuner: int, runs: int, py_spy: Path | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        tmp = Path(tmp)
        data_dir = tmp / "data"
        started = time.perf_counter()
        store, boundaries, references = seeded_store(data_dir, sites, kommuner)
        per_kommune = -(-sites // len(boundaries))
        print(
            f"\ninput: {per_kommune * len(boundaries):,} sites in {len(boundaries)} kommuner "
            f"({per_kommune} each, 2 % myndigheder), seeded in {time.perf_counter() - started:.0f} s; "
            f"references loaded:\n  " + "\n  ".join(references),
            flush=True,
        )
        codes = list(boundaries["kommunekode"][:2])
        tokens = {
            code: add_user(store, f"bench-{code}", "indsender", code, "bench")[1] for code in codes
        }
        tokens["godkender"] = add_user(store, "bench-godkender", "godkender", None, "bench")[1]
        shapes = boundaries.set_index("kommunekode").geometry
        files = [
            update_file(shapes[codes[i % 2]], codes[i % 2], per_kommune, 100 + i, tmp)
            for i in range(runs)
        ]
        server: dict = {}

        def cold(index: int) -> Sample:
            public = data_dir / "public" if index == 0 else tmp / f"cold-{index}"
            sample = child_process(
                [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), "build"],
                cwd=REPO,
                env={**os.environ, "OVERBLIKSKORT_PUBLIC_DIR": str(public)},
            )
            if index > 0:
                shutil.rmtree(public)
            return sample

        def update(index: int) -> Sample:
            if not server:
                server["process"], server["base"] = start_server(data_dir)
                server["cpu"] = ProcessCpu(server["process"].pid)
                if py_spy:
                    server["py-spy"] = subprocess.Popen(
                        [
                            str(Path(sys.executable).with_name("py-spy")),
                            "record",
                            "-p",
                            str(server["process"].pid),
                            "-o",
                            str(py_spy),
                            "--idle",
                            "-r",
                            "50",
                            "--format",
                            "raw" if py_spy.suffix == ".txt" else "flamegraph",
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
            cpu = server["cpu"].seconds()
            began = time.perf_counter()
            one_update(server["base"], tokens, codes[index % 2], *files[index])
            return Sample(time.perf_counter() - began, server["cpu"].seconds() - cpu)

        def peer(index: int) -> Sample:
            national = data_dir / "public" / "current" / "downloads" / "erhvervsareal.gpkg"
            copy = tmp / "peer-input.gpkg"
            shutil.copyfile(national, copy)  # the served file changes under a later update
            sample = child_process(
                [sys.executable, __file__, "--peer", str(copy), str(tmp / "peer.pmtiles")], cwd=REPO
            )
            copy.unlink()
            return sample

        load_before = machine_load()
        try:
            samples = interleaved(runs, {"cold": cold, "update": update, "peer": peer})
            server_peak = server["cpu"].peak_mb()
        finally:
            if "py-spy" in server:
                server["py-spy"].send_signal(2)
                server["py-spy"].wait(timeout=120)
            if server:
                server["process"].terminate()
                server["process"].wait(timeout=60)
    print(
        f"  {describe('cold build (python -m publisher build, empty public folder)', samples['cold'])}"
    )
    print(
        f"  {describe(f'one-kommune update, submit -> new tiles served ({per_kommune} sites)', samples['update'])}"
    )
    print(
        f"  {describe('peer: national site tiles with plain tools (pyogrio + tippecanoe)', samples['peer'])}"
    )
    print(
        f"  {describe_ratio('update / cold build (target <= 10 %)', samples['update'], samples['cold'], percent=True)}"
    )
    print(f"  {describe_ratio('update / peer', samples['update'], samples['peer'])}")
    print(
        f"  server peak memory (VmHWM) after the rounds: {server_peak:.0f} MB; machine: before "
        f"{load_before}, after {machine_load()}",
        flush=True,
    )
    return {"sites": per_kommune * len(boundaries), "samples": samples, "server_peak": server_peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="30000,100000,300000")
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--py-spy",
        type=Path,
        help="record the server with py-spy into this file "
        "(.svg flame graph, .txt collapsed stacks; "
        "diagnosis only: sampling slows the server)",
    )
    parser.add_argument("--peer", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        peer_tiles(*args.peer)
        return 0
    results = [
        measure(int(size), args.kommuner, args.runs, args.py_spy) for size in args.sites.split(",")
    ]
    print("\nsites      cold build   update        update/cold   update/peer   server peak")
    for r in results:
        cold, update, peer = (r["samples"][k] for k in ("cold", "update", "peer"))
        per_round = [u.wall / c.wall for u, c in zip(update, cold)]
        print(
            f"{r['sites']:>7,}   {statistics.median(s.wall for s in cold):8.1f} s   "
            f"{statistics.median(s.wall for s in update):7.2f} s   "
            f"{100 * statistics.median(per_round):8.1f} %   "
            f"{statistics.median(u.wall / p.wall for u, p in zip(update, peer)):10.2f}   "
            f"{r['server_peak']:7.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
