"""The server half of bench_validation.py: one kommune's 200 sites submitted to a running
`python -m publisher serve` whose validation worker holds the national references."""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench_validation import KOMMUNE, REPO, generate_sites, peer_work, read_peer_references

SITES = 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_benchmark(data_dir: Path, references, folder: Path, runs: int) -> None:
    from publisher.auth import add_user
    from publisher.settings import Settings
    from publisher.store import Store

    store = Store.open(Settings.load(data_dir=data_dir, environ={}).database)
    _, token = add_user(store, "bench-0751", "indsender", KOMMUNE, "bench")
    store.close()
    sites = folder / "kommune_200.gpkg"
    generate_sites(sites, SITES, references, seed=11)
    port = free_port()
    server = subprocess.Popen(
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
    url = f"http://127.0.0.1:{port}/api/v1"
    try:
        started = time.perf_counter()
        _wait_until_up(url)
        _submit(url, token, sites)  # waits for the worker that loads the references at start
        print(
            f"\nserver: up and warm (national references loaded) "
            f"{time.perf_counter() - started:.1f} s after start"
        )
        times = []
        for _ in range(runs):
            begun = time.perf_counter()
            status = _submit(url, token, sites)
            times.append(time.perf_counter() - begun)
            if status != 201:
                raise SystemExit(f"the server answered {status}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    peer_times = _peer_times(sites, references.folder, runs)
    print(
        f"one kommune, {SITES} sites, submitted to the running server {runs} times: median "
        f"{statistics.median(times):.3f} s (min {min(times):.3f}, max {max(times):.3f}; "
        f"target < 1 s)"
    )
    print(
        f"  peer (read + the same geometry work in a warm process): median "
        f"{statistics.median(peer_times):.3f} s (min {min(peer_times):.3f}, "
        f"max {max(peer_times):.3f})"
    )


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/openapi.json", timeout=2).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _submit(url: str, token: str, path: Path) -> int:
    with path.open("rb") as handle:
        answer = requests.post(
            f"{url}/submissions",
            data={"kommune": KOMMUNE},
            files={"file": (path.name, handle)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=600,
        )
    return answer.status_code


def _peer_times(sites: Path, folder: Path, runs: int) -> list[float]:
    import pyogrio

    layers = read_peer_references(folder)
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        peer_work(pyogrio.read_dataframe(sites), layers)
        times.append(time.perf_counter() - begun)
    return times
