"""Benchmark: submit → approved → visible in the public tiles, for a 5,000-object submission
(issue 5, item 6). Prints the seconds of each stage measured in one run.

The real publisher runs as `python -m publisher serve` (waitress, SQLite) on a free loopback port
with a temporary data dir; the kommune boundaries are the real DAGI ones from ../shared/data when
present (else a generated one). An indsender submits a GeoPackage of generated business sites
inside the kommune over HTTP, a godkender approves it, and the bench polls the public side until
the manifest names the new release and a PMTiles range request for a tile returns a new object.
The peer: the same public build called directly in-process on the same store (`build_public`
into a fresh folder), so the ratio shows what the HTTP workflow adds to the build.

    .venv/bin/python bench/bench_publish.py [--objects 5000] [--kommune 0751]
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import math
import socket
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import requests
import shapely

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from datamodel import CRS  # noqa: E402
from publisher.outputs import build_public  # noqa: E402
from publisher.outputs.pmtiles_join import read_directory  # noqa: E402
from publisher.demo import records  # noqa: E402
from publisher.demo.boundaries import DAGI_KOMMUNER, default_shared_data, fictitious_boundary  # noqa: E402
from publisher.demo.data import _layer_frame, write_submission  # noqa: E402
from publisher.demo.kommuner import DEMO_KOMMUNER  # noqa: E402

PROBE_ZOOM = 14


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def publisher(data_dir: Path, *args: str) -> str:
    completed = subprocess.run([sys.executable, "-m", "publisher", "--data-dir", str(data_dir), *args],
                               cwd=REPO, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"publisher {' '.join(args)} failed: {completed.stderr[-1500:]}")
    return completed.stdout.strip()


def boundary_file(kommune, folder: Path) -> tuple[Path, str]:
    """The DAGI kommuner file, or a generated boundary of the kommune in the same shape."""
    real = (default_shared_data() or REPO.parent / "shared" / "data") / DAGI_KOMMUNER
    if real.is_file():
        return real, "DAGI (../shared/data)"
    shape = fictitious_boundary(kommune, np.random.default_rng(5))
    frame = gpd.GeoDataFrame({"KOMKODE": [kommune.kommunekode], "KOMNAVN": [kommune.navn]},
                             geometry=[shape], crs=CRS).to_crs("EPSG:4326")
    path = folder / "kommune.geojson"
    frame.to_file(path, driver="GeoJSON")
    return path, "generated"


def kommune_shape(path: Path, kommunekode: str):
    frame = gpd.read_file(path)
    frame = frame[frame["KOMKODE"] == kommunekode]
    return shapely.union_all(shapely.force_2d(frame.to_crs(CRS).geometry.to_numpy()))


def sites_inside(shape, count: int, size: float = 40.0, gap: float = 30.0) -> list:
    """`count` squares on a grid well inside the kommune, none touching another."""
    inner = shape.buffer(-200)
    minx, miny, maxx, maxy = inner.bounds
    step = size + gap
    xs, ys = np.meshgrid(np.arange(minx, maxx - size, step), np.arange(miny, maxy - size, step))
    squares = shapely.box(xs.ravel(), ys.ravel(), xs.ravel() + size, ys.ravel() + size)
    inside = squares[shapely.contains(inner, squares)]
    if len(inside) < count:
        raise SystemExit(f"only {len(inside)} sites fit inside the kommune")
    chosen = np.random.default_rng(7).choice(len(inside), count, replace=False)
    return list(inside[np.sort(chosen)])


def submission(kommune, shape, count: int, path: Path) -> gpd.GeoDataFrame:
    """A GeoPackage of `count` erhvervsarealer with data-model values (2 % myndigheder)."""
    rng = np.random.default_rng(20261126)
    today = dt.date.today()
    rows = []
    for index, square in enumerate(sites_inside(shape, count)):
        values = records.erhvervsareal(
            rng, kommune, navn=f"Erhvervsgrund {kommune.navn} {index + 1}", areal_m2=square.area,
            lokalplan_id=str(2_000_000 + index), anvendelse_generel="31" if index % 4 else "21",
            ramme_nummer=index % 99 + 1, today=today, myndigheder=index % 50 == 7)
        rows.append({**values, "geometry": shapely.MultiPolygon([square])})
    frame = _layer_frame("erhvervsareal", rows)
    write_submission(None, kommune.kommunekode, path, layers={"erhvervsareal": frame})
    return frame


def tile_id(z: int, x: int, y: int) -> int:
    """PMTiles v3 tile id: tiles of lower zooms first, then the Hilbert index within the zoom."""
    base = sum(4 ** level for level in range(z))
    n, index, rx_x, rx_y = 1 << z, 0, x, y
    s = n >> 1
    while s > 0:
        rx = 1 if rx_x & s else 0
        ry = 1 if rx_y & s else 0
        index += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                rx_x, rx_y = s - 1 - rx_x, s - 1 - rx_y
            rx_x, rx_y = rx_y, rx_x
        s >>= 1
    return base + index


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int, int]:
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def fetch_tile(url: str, z: int, x: int, y: int) -> bytes | None:
    """One tile of a PMTiles archive over HTTP range requests (header, directories, tile)."""
    def span(offset: int, length: int) -> bytes:
        answer = requests.get(url, headers={"Range": f"bytes={offset}-{offset + length - 1}"}, timeout=30)
        answer.raise_for_status()
        return answer.content

    header = span(0, 127)
    root_offset, root_length, _, _, leaf_offset, _, data_offset = struct.unpack_from("<7Q", header, 8)
    wanted = tile_id(z, x, y)
    entries = read_directory(gzip.decompress(span(root_offset, root_length)))
    for _ in range(4):
        candidates = [e for e in entries if e[0] <= wanted]
        if not candidates:
            return None
        found, run, offset, length = candidates[-1]
        if run == 0:
            entries = read_directory(gzip.decompress(span(leaf_offset + offset, length)))
            continue
        return gzip.decompress(span(data_offset + offset, length)) if wanted < found + run else None
    return None


def start_server(data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "publisher", "--data-dir", str(data_dir), "serve",
                                "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/api/v1/openapi.json", timeout=2).status_code == 200:
                return process, base
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("publisher serve did not start within 60 s")


def visible(base: str, kommunekode: str, release_id: int, probe) -> bool:
    """The served manifest names the release and a tile request returns the probe object."""
    config = requests.get(f"{base}/kort/config.json", timeout=10).json()
    data = f"{base}{config['data']}"
    manifest = requests.get(f"{data}manifest.json", timeout=10).json()
    if manifest["releases"].get(kommunekode) != str(release_id):
        return False
    point = gpd.GeoSeries([probe.geometry.representative_point()], crs=CRS).to_crs("EPSG:4326").iloc[0]
    tile = fetch_tile(f"{data}tiles/overblik.pmtiles", *tile_of(point.x, point.y, PROBE_ZOOM))
    return tile is not None and probe.objekt_id.encode() in tile


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=5000)
    parser.add_argument("--kommune", default="0751", choices=[k.kommunekode for k in DEMO_KOMMUNER])
    args = parser.parse_args()
    kommune = next(k for k in DEMO_KOMMUNER if k.kommunekode == args.kommune)
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        folder = Path(tmp)
        data_dir = folder / "data"
        boundaries, source = boundary_file(kommune, folder)
        publisher(data_dir, "references", "import", "kommunegraenser", str(boundaries))
        indsender = publisher(data_dir, "users", "add", "bench-indsender", "--role", "indsender",
                              "--kommune", kommune.kommunekode).splitlines()[-1]
        godkender = publisher(data_dir, "users", "add", "bench-godkender", "--role", "godkender").splitlines()[-1]
        gpkg = folder / "indsendelse.gpkg"
        frame = submission(kommune, kommune_shape(boundaries, kommune.kommunekode), args.objects, gpkg)
        probe = frame[frame["synlighed"] == "offentlig"].iloc[len(frame) // 2]
        print(f"input: {len(frame):,} erhvervsarealer in {kommune.navn} ({kommune.kommunekode}), "
              f"boundaries {source}, GeoPackage {gpkg.stat().st_size / 1e6:.1f} MB")
        server, base = start_server(data_dir)
        try:
            started = time.perf_counter()
            with gpkg.open("rb") as handle:
                answer = requests.post(f"{base}/api/v1/submissions", data={"kommune": kommune.kommunekode},
                                       files={"file": (gpkg.name, handle, "application/geopackage+sqlite3")},
                                       headers={"Authorization": f"Bearer {indsender}"}, timeout=600)
            submitted = time.perf_counter()
            if answer.status_code != 201 or answer.json()["status"] != "til_godkendelse":
                raise SystemExit(f"submission not accepted: {answer.status_code} {answer.text[:1500]}")
            submission_id = answer.json()["id"]
            approval = requests.post(f"{base}/api/v1/submissions/{submission_id}/approve",
                                     json={"comment": "benchmark"}, timeout=600,
                                     headers={"Authorization": f"Bearer {godkender}"})
            approved = time.perf_counter()
            if approval.status_code != 200:
                raise SystemExit(f"approval failed: {approval.status_code} {approval.text[:1500]}")
            release_id = approval.json()["release"]["id"]
            while not visible(base, kommune.kommunekode, release_id, probe):
                if time.perf_counter() - approved > 600:
                    raise SystemExit("the release did not become visible within 600 s")
                time.sleep(0.05)
            shown = time.perf_counter()
        finally:
            server.terminate()
            server.wait(timeout=30)

        from publisher.api.wiring import current_releases
        from publisher.references import reference_frames
        from publisher.settings import Settings
        from publisher.store import open_store

        store = open_store(Settings.load(data_dir=data_dir))
        releases, references = current_releases(store), reference_frames(store) or None
        direct_started = time.perf_counter()
        build_public(releases, references, folder / "direct-public")
        direct = time.perf_counter() - direct_started

    total = shown - started
    print(f"submit (upload + validation, HTTP 201):        {submitted - started:6.2f} s")
    print(f"approve (release + public build, HTTP 200):     {approved - submitted:6.2f} s   "
          f"public_build={approval.json()['public_build']}")
    print(f"until visible (manifest + tile range request):  {shown - approved:6.2f} s")
    print(f"total submit → approved → visible in tiles:     {total:6.2f} s")
    print(f"peer: build_public called directly in-process on the same store: {direct:6.2f} s   "
          f"ratio total / direct build {total / direct:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
