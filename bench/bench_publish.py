"""Benchmark: one kommune's update at national scale, from submit to its new tiles served, against
a full cold build of the same store in the same run; and the server's peak memory as the national
total grows.

For each national size (default 30,000, 100,000 and 300,000 sites over the 98 real DAGI kommuner):

1. a SQLite store gets the references (DAGI kommunegrænser; `bench/national_references.py` when
   it exists, else the real natur/lokalplan files in ../shared/data: printed) and one release per
   kommune with its share of generated sites (2 % myndigheder), written through the store;
2. the cold build: `python -m publisher build` into an empty public folder (wall time, peak RSS);
3. `python -m publisher serve` starts (its worker finds the public side in step), and an
   indsender submits an update of one kommune (its sites moved, one probe site new) over HTTP, a
   godkender approves it, and the bench polls until the served manifest names the new release and
   a PMTiles range request returns a tile with the probe: repeated RUNS times, alternating between
   two kommuner; the median and spread are printed, and the server's peak RSS (VmHWM) after them.

Target: the update's median <= 10 % of the cold build; the peak memory flat across sizes.

    .venv/bin/python bench/bench_publish.py [--sites 30000,100000,300000] [--runs 5]
"""
from __future__ import annotations

import argparse
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

from bench_tiles import generated_sites, kommune_boundaries  # noqa: E402
from publisher.auth import add_user  # noqa: E402
from publisher.references import import_reference_file  # noqa: E402
from publisher.settings import Settings  # noqa: E402
from publisher.store import Store  # noqa: E402
from publisher.store.features import rows_from_frames  # noqa: E402
from pmtiles.reader import Reader  # noqa: E402

SHARED = REPO.parent / "shared" / "data"
KOMMUNER_FILE = SHARED / "kommuner_dagi_neogeografen" / "geojson" / "kommuner.geojson"
PROBE_ZOOM = 14


def load_references(store: Store) -> list[str]:
    """Every reference kind that can be had here; returns what was loaded, for the printout."""
    loaded = [f"kommunegraenser {import_reference_file(store, 'kommunegraenser', KOMMUNER_FILE).feature_count}"]
    try:
        import national_references  # written on the validation branch: national-size references
    except ImportError:
        national_references = None
    if national_references is not None:
        for kind, path in national_references.reference_files(Path(tempfile.mkdtemp())).items():
            loaded.append(f"{kind} {import_reference_file(store, kind, path).feature_count} (national)")
        return loaded
    for path in sorted(SHARED.glob("hofor_tgvwebgis/*/GeoJSON-data/*")):
        kind = ("lokalplaner" if "lokalplaner" in path.name else
                "natur" if any(k in path.name for k in ("paragraf3", "Habitat", "Fredede")) else None)
        if kind:
            loaded.append(f"{kind} {import_reference_file(store, kind, path).feature_count} "
                          f"({path.parent.parent.name})")
    return loaded


def seeded_store(data_dir: Path, sites: int, kommuner: int) -> tuple[Store, gpd.GeoDataFrame, list[str]]:
    store = Store.open(Settings.load(data_dir=data_dir, environ={}).database)
    references = load_references(store)
    boundaries = kommune_boundaries(kommuner)
    per_kommune = -(-sites // len(boundaries))
    for index, row in enumerate(boundaries.itertuples()):
        frame = generated_sites(row.geometry, row.kommunekode, per_kommune, index)
        submission = store.add_submission(
            kommunekode=row.kommunekode, status="til_godkendelse", uploader="bench",
            ruleset_version="bench", report={}, report_hash="bench", file_name="bench.gpkg",
            file_sha256="00", file_content=b"bench", features=rows_from_frames({"erhvervsareal": frame}))
        store.approve(submission.id, "bench")
    return store, boundaries, references


def run(command: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of a child process."""
    started = time.perf_counter()
    before = _children_maxrss()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - started, max(_children_maxrss(), before)


def _children_maxrss() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "publisher", "--data-dir", str(data_dir),
                                "serve", "--port", str(port)], cwd=REPO,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                return process, base
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("publisher serve did not start within 60 s")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def update_file(boundary, kommunekode: str, count: int, seed: int, folder: Path) -> tuple[Path, str, tuple]:
    """A valid GeoPackage of the kommune's sites, generated anew, with a named probe site."""
    frame = generated_sites(boundary, kommunekode, count, seed, f" v{seed}")
    frame["objekt_id"] = [str(uuid.uuid4()) for _ in range(len(frame))]
    frame["geometry"] = [shapely.MultiPolygon([polygon]) for polygon in frame.geometry]
    frame["ledigt_areal_m2"] = (frame.geometry.area * 0.8).round()  # never more than the site
    probe = frame[frame["synlighed"] == "offentlig"].iloc[len(frame) // 2]
    point = gpd.GeoSeries([probe.geometry.representative_point()], crs=frame.crs).to_crs(4326).iloc[0]
    path = folder / f"opdatering-{kommunekode}-{seed}.gpkg"
    frame.to_file(path, layer="erhvervsareal", driver="GPKG")
    return path, probe.objekt_id, (point.x, point.y)


def tile_has(base: str, data: str, lonlat: tuple, objekt_id: str) -> bool:
    import gzip
    import math

    url = f"{base}{data}tiles/overblik.pmtiles"
    n = 1 << PROBE_ZOOM
    x = int((lonlat[0] + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lonlat[1]))) / math.pi) / 2 * n)

    def span(offset: int, length: int) -> bytes:
        answer = requests.get(url, headers={"Range": f"bytes={offset}-{offset + length - 1}"}, timeout=30)
        answer.raise_for_status()
        return answer.content

    tile = Reader(span).get(PROBE_ZOOM, x, y)
    return tile is not None and objekt_id.encode() in gzip.decompress(tile)


def one_update(base: str, tokens: dict, kommunekode: str, path: Path, probe: str, lonlat) -> float:
    started = time.perf_counter()
    with path.open("rb") as handle:
        answer = requests.post(f"{base}/api/v1/submissions", data={"kommune": kommunekode},
                               files={"file": (path.name, handle)}, timeout=600,
                               headers={"Authorization": f"Bearer {tokens[kommunekode]}"})
    if answer.status_code != 201 or answer.json()["status"] != "til_godkendelse":
        raise SystemExit(f"update not accepted: {answer.status_code} {answer.text[:800]}")
    approval = requests.post(f"{base}/api/v1/submissions/{answer.json()['id']}/approve", json={},
                             headers={"Authorization": f"Bearer {tokens['godkender']}"}, timeout=600)
    release = str(approval.json()["release"]["id"])
    for _ in range(12000):
        config = requests.get(f"{base}/kort/config.json", timeout=10).json()
        manifest = requests.get(f"{base}{config['data']}manifest.json", timeout=10)
        if manifest.status_code == 200 and manifest.json()["releases"].get(kommunekode) == release \
                and tile_has(base, config["data"], lonlat, probe):
            return time.perf_counter() - started
        time.sleep(0.05)
    raise SystemExit("the update did not become visible within 10 minutes")


def measure(sites: int, kommuner: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        data_dir = Path(tmp) / "data"
        store, boundaries, references = seeded_store(data_dir, sites, kommuner)
        print(f"input: {sites:,} sites in {len(boundaries)} kommuner (2 % myndigheder); "
              f"references: {'; '.join(references)}", flush=True)
        cold, cold_rss = run([sys.executable, "-m", "publisher", "--data-dir", str(data_dir), "build"])
        print(f"  cold build (python -m publisher build): {cold:.1f} s, peak {cold_rss:.0f} MB", flush=True)
        codes = list(boundaries["kommunekode"][:2])
        tokens = {code: add_user(store, f"bench-{code}", "indsender", code, "bench")[1] for code in codes}
        tokens["godkender"] = add_user(store, "bench-godkender", "godkender", None, "bench")[1]
        per_kommune = -(-sites // len(boundaries))
        shapes = boundaries.set_index("kommunekode").geometry
        files = [update_file(shapes[codes[i % 2]], codes[i % 2], per_kommune, 100 + i, Path(tmp))
                 for i in range(runs)]
        server, base = start_server(data_dir)
        try:
            updates = [one_update(base, tokens, codes[i % 2], *files[i]) for i in range(runs)]
            server_rss = peak_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)
    median = statistics.median(updates)
    print(f"  one-kommune update, submit -> new tiles served ({per_kommune} sites, {runs} runs): "
          f"median {median:.2f} s (min {min(updates):.2f}, max {max(updates):.2f}) = "
          f"{100 * median / cold:.1f} % of the cold build (target <= 10 %)")
    print(f"  server peak memory over the updates: {server_rss:.0f} MB", flush=True)
    return {"sites": sites, "cold": cold, "update": median, "server_rss": server_rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", default="30000,100000,300000")
    parser.add_argument("--kommuner", type=int, default=98)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    results = [measure(int(size), args.kommuner, args.runs) for size in args.sites.split(",")]
    print("sites      cold build   update median   update/cold   server peak MB")
    for r in results:
        print(f"{r['sites']:>7,}   {r['cold']:8.1f} s   {r['update']:10.2f} s   "
              f"{100 * r['update'] / r['cold']:8.1f} %   {r['server_rss']:10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
