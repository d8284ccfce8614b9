"""Helpers of the publisher tests: kommuner, valid sites and small GeoPackages."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import requests
import shapely

from datamodel import DATAMODEL_VERSION
from datamodel.findings import Report
from datamodel.rules import RULESET_VERSION
from publisher.store.features import rows_from_frames

HVIDOVRE, KOEBENHAVN = "0167", "0101"


def site_attributes(kommune: str, **overrides) -> dict:
    values = {
        "objekt_id": str(uuid.uuid4()),
        "kommunekode": kommune,
        "navn": "Testareal",
        "status": "ledig",
        "ledigt_areal_m2": 1000.0,
        "anvendelse_generel": 31,
        "miljoeklasse_min": 3,
        "miljoeklasse_max": 5,
        "tilslutning_el": True,
        "ejer": "kommune",
        "sidst_bekraeftet": "2026-11-01",
        "synlighed": "offentlig",
    }
    values.update(overrides)
    return values


def squares_inside(shape: shapely.Geometry, count: int, size: float = 60.0) -> list:
    """Small squares well inside a kommune, spread over its interior."""
    inner = shape.buffer(-300)
    minx, miny, maxx, maxy = inner.bounds
    found, step = [], 0
    while len(found) < count:
        step += 1
        x = minx + (maxx - minx) * ((step * 0.6180339) % 1)
        y = miny + (maxy - miny) * ((step * 0.4142135) % 1)
        square = shapely.box(x, y, x + size, y + size)
        if inner.contains(square) and not any(square.intersects(f.buffer(20)) for f in found):
            found.append(square)
    return found


def write_gpkg(
    path: Path, rows: list[dict], geometries: list, layer: str = "erhvervsareal", crs: int = 25832
) -> Path:
    frame = gpd.GeoDataFrame(
        rows,
        geometry=[shapely.MultiPolygon([g]) if g.geom_type == "Polygon" else g for g in geometries],
        crs=crs,
    )
    frame.to_file(path, layer=layer, driver="GPKG")
    return path


def copy_file(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    return target


def serve_in_thread(app, port: int):
    """A threaded WSGI server on loopback (the subprocess tests use the real `serve`/waitress)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def start_serve(
    settings,
    environment: dict[str, str] | None = None,
    pause: tuple[str, Path] | None = None,
    options: tuple[str, ...] = (),
) -> tuple[subprocess.Popen, str]:
    """`python -m publisher serve` (waitress) in a subprocess; returns it and its /api/v1 URL.

    ``pause=(checkpoint, marker)`` runs it through `paused_serve.py` instead, which hangs at the
    named checkpoint (after writing the marker file) so that the test can kill it there."""
    from loopback import free_port

    port = free_port()
    env = {**os.environ, **(environment or {})}
    if settings.database_url:
        env["OVERBLIKSKORT_DATABASE_URL"] = settings.database_url
    command = [
        sys.executable,
        "-m",
        "publisher",
        "--data-dir",
        str(settings.data_dir),
        "serve",
        "--port",
        str(port),
        *options,
    ]
    if pause is not None:
        command = [
            sys.executable,
            str(Path(__file__).with_name("paused_serve.py")),
            "--data-dir",
            str(settings.data_dir),
            "--port",
            str(port),
            "--pause-at",
            pause[0],
            "--marker",
            str(pause[1]),
        ]
    process = subprocess.Popen(
        command,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api/v1"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    process.kill()
    raise AssertionError(f"serve did not start: {process.stdout.read().decode()}")


def declare_huge_upload(host: str, port: int, token: str) -> str:
    """Starts an upload that claims 10 GB and sends a few bytes; returns the head of the answer
    (which must come at once, without the server waiting for the body)."""
    request = (
        f"POST /api/v1/submissions HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {10 * 1024**3}\r\n\r\n--x\r\n"
    ).encode()
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(request)
        return connection.recv(4096).decode("latin-1")


def add_stored_submission(store, kommune: str, status: str = "til_godkendelse") -> int:
    """A one-site submission written straight into the store (no upload, no validation)."""
    frame = gpd.GeoDataFrame(
        [site_attributes(kommune)],
        crs=25832,
        geometry=[shapely.box(718000, 6169000, 718050, 6169050)],
    )
    report = Report(
        RULESET_VERSION, DATAMODEL_VERSION, kommune, feature_counts={"erhvervsareal": 1}
    )
    return store.add_submission(
        kommunekode=kommune,
        status=status,
        uploader="indsender",
        ruleset_version=RULESET_VERSION,
        report=report.to_dict(),
        report_hash=report.digest(),
        file_name="a.gpkg",
        file_sha256="00",
        file_content=b"GPKG",
        features=rows_from_frames({"erhvervsareal": frame}),
    ).id


def at_once(calls):
    """Runs the calls in parallel threads released by one barrier; returns their results."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))
