"""Benchmark of OGC API Features items against a static-file range request (issue 10).

A public build of --sites business sites in the 98 kommuner (generated inside the real DAGI
boundaries, cached under var/bench-cache by its parameters) is served by the publisher itself
(`python -m publisher serve`, waitress, as in production). Two kinds of request run from
--clients concurrent clients (one process each, keep-alive connections) for --seconds each:

* static: a 32 KB range of the build's PMTiles archive at a random offset (what a map tile
  fetch costs the same server);
* ogc:    /ogc/collections/erhvervsareal/items?bbox=…&limit=100 with a random box around a random
  public site (about 9 × 10 km, so that it holds more than 100 sites).

The two kinds alternate in --pairs paired runs; the result is the median of the per-pair ratios
ogc/static (target >= 0.3), with the rates and their spread.

    .venv/bin/python bench/bench_ogc.py [--sites 100000] [--clients 4] [--seconds 20] [--pairs 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))
CACHE = REPO / "var" / "bench-cache"
BOX = (0.15, 0.09)
"""Width and height in degrees of a query box (about 9.4 × 10 km in Denmark)."""
RANGE_BYTES = 32 * 1024


def cached_build(sites: int) -> Path:
    """A data folder whose public/ holds the current build of `sites` generated sites."""
    folder = CACHE / f"ogc-{sites}-v1"
    if (folder / "public" / "current").exists():
        return folder
    from bench_tiles import generated_sites, kommune_boundaries

    from publisher.outputs import KommuneRelease, build_public

    boundaries = kommune_boundaries(98)
    per_kommune = -(-sites // len(boundaries))
    releases = {
        row.kommunekode: KommuneRelease(
            f"r1-{row.kommunekode}",
            {"erhvervsareal": generated_sites(row.geometry, row.kommunekode, per_kommune, i)},
        )
        for i, row in enumerate(boundaries.itertuples())
    }
    started = time.perf_counter()
    build_public(releases, {"kommunegraenser": boundaries}, folder / "public")
    print(
        f"built {sites:,} sites in {time.perf_counter() - started:.0f} s into {folder}", flush=True
    )
    return folder


def site_centres(folder: Path, count: int = 2000) -> list[tuple[float, float]]:
    finder = json.loads((folder / "public" / "current" / "finder.json").read_text())
    index = finder["fields"].index("bbox")
    boxes = [row[index] for part in finder["parts"] for row in part["rows"]]
    chosen = random.Random(7).sample(boxes, min(count, len(boxes)))
    return [((b[0] + b[2]) / 2, (b[1] + b[3]) / 2) for b in chosen]


def _client(kind: str, port: int, paths: list[str], seconds: float, seed: int, results) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done, returned, deadline = 0, 0, time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if kind == "static":
            path, size = paths[0], int(paths[1])
            start = rng.randrange(0, max(1, size - RANGE_BYTES))
            connection.request(
                "GET", path, headers={"Range": f"bytes={start}-{start + RANGE_BYTES - 1}"}
            )
        else:
            connection.request("GET", rng.choice(paths))
        response = connection.getresponse()
        body = response.read()
        if response.status not in (200, 206):
            raise RuntimeError(f"{kind}: HTTP {response.status}: {body[:200]!r}")
        if kind == "ogc" and done % 50 == 0:
            returned += json.loads(body)["numberReturned"]
        done += 1
    results.put((done, returned))


def run(
    kind: str, port: int, paths: list[str], clients: int, seconds: float, seed: int
) -> tuple[float, float]:
    """Requests per second over all clients, and the mean features per sampled OGC answer."""
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(
            target=_client, args=(kind, port, paths, seconds, seed + i, results)
        )
        for i in range(clients)
    ]
    for worker in workers:
        worker.start()
    answers = [results.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join()
    done = sum(a[0] for a in answers)
    sampled = sum(-(-a[0] // 50) for a in answers)
    return done / seconds, sum(a[1] for a in answers) / max(1, sampled)


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise RuntimeError("the publisher stopped while starting")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/kort/config.json")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the publisher did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    from loopback import free_port, stop_process

    folder = cached_build(args.sites)
    build = (folder / "public" / "current").resolve()
    manifest = json.loads((build / "manifest.json").read_text())
    archive = build / "tiles" / "overblik.pmtiles"
    static = [f"/kort/data/{build.name}/tiles/overblik.pmtiles", str(archive.stat().st_size)]
    rng = random.Random(11)
    ogc = []
    for lon, lat in site_centres(folder):
        west, south = lon - rng.uniform(0, BOX[0]), lat - rng.uniform(0, BOX[1])
        ogc.append(
            "/ogc/collections/erhvervsareal/items?"
            + urlencode(
                {
                    "bbox": f"{west:.5f},{south:.5f},{west + BOX[0]:.5f},{south + BOX[1]:.5f}",
                    "limit": 100,
                }
            )
        )
    print(
        f"input: {manifest['counts']['erhvervsareal']:,} public sites in {len(manifest['releases'])} kommuner "
        f"(build {build.name}); {len(ogc)} query boxes of {BOX[0]} x {BOX[1]} degrees, limit 100; "
        f"static: {RANGE_BYTES // 1024} KB ranges of a {archive.stat().st_size / 1e6:.0f} MB PMTiles archive; "
        f"{args.clients} client processes, {args.seconds:.0f} s per run, {args.pairs} pairs; "
        f"server: python -m publisher serve (waitress, 8 threads); {os.cpu_count()} CPUs",
        flush=True,
    )

    port = free_port()
    with open(folder / "serve.log", "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "publisher",
                "--data-dir",
                str(folder),
                "serve",
                "--port",
                str(port),
            ],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    try:
        wait_until_up(port, server)
        started = time.perf_counter()
        run(
            "ogc", port, ogc, 1, 1.0, 1
        )  # the first request opens the tables and starts the serving index
        while not list(
            (folder / "public" / "cache" / "ogc" / build.name).glob("erhvervsareal-v*.sqlite")
        ):
            time.sleep(0.5)
        print(
            f"serving index ready {time.perf_counter() - started:.0f} s after the first request "
            "(until then requests write their features as they go)",
            flush=True,
        )
        run("ogc", port, ogc, args.clients, 2.0, 1)  # warm
        pairs = []
        for index in range(args.pairs):
            static_rate, _ = run("static", port, static, args.clients, args.seconds, 100 * index)
            ogc_rate, returned = run("ogc", port, ogc, args.clients, args.seconds, 100 * index + 50)
            pairs.append((static_rate, ogc_rate, returned))
            print(
                f"pair {index + 1}: static {static_rate:7.1f} req/s, ogc {ogc_rate:6.1f} req/s "
                f"({returned:.0f} features per answer), ratio {ogc_rate / static_rate:.2f}",
                flush=True,
            )
    finally:
        stop_process(server)
    ratios = [o / s for s, o, _ in pairs]
    print(
        f"static range requests: median {statistics.median(p[0] for p in pairs):.1f} req/s "
        f"(min {min(p[0] for p in pairs):.1f}, max {max(p[0] for p in pairs):.1f})"
    )
    print(
        f"OGC items (bbox, limit 100): median {statistics.median(p[1] for p in pairs):.1f} req/s "
        f"(min {min(p[1] for p in pairs):.1f}, max {max(p[1] for p in pairs):.1f})"
    )
    print(
        f"ratio ogc/static: median {statistics.median(ratios):.2f} over {len(ratios)} pairs "
        f"(min {min(ratios):.2f}, max {max(ratios):.2f}); target >= 0.3"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
