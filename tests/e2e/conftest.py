"""Fixtures of the end-to-end chain: the demo publisher as a user starts it, QGIS with the
plugin (pytest-qgis), and the system Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from loopback import free_port, stop_process
from qgis_support import InterfaceRegistrations, own_reference_folder  # noqa: F401 - autouse

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def iface(qgis_iface):
    InterfaceRegistrations(qgis_iface)
    return qgis_iface


def publisher_command(data_dir: Path, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), *arguments]


def run_publisher(data_dir: Path, *arguments: str, env: dict | None = None) -> str:
    done = subprocess.run(
        publisher_command(data_dir, *arguments),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@dataclass
class DemoPublisher:
    url: str
    data_dir: Path
    tokens: dict[str, str]

    def call(self, method: str, path: str, user: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.tokens[user]}"}
        return requests.request(method, self.url + path, headers=headers, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def demo_publisher(tmp_path_factory, shared_data):
    """`demo` seeded (with the real DAGI boundaries) and serving on loopback, with the real
    Hvidovre lokalplaner loaded by ERST."""
    data_dir = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "OVERBLIKSKORT_SHARED_DATA": str(shared_data)}
    run_publisher(data_dir, "demo", "--no-serve", env=env)
    lokalplaner = (
        shared_data
        / "hofor_tgvwebgis"
        / "hvidovre"
        / "GeoJSON-data"
        / "Hvidovre_lokalplaner.geojson"
    )
    run_publisher(data_dir, "references", "import", "lokalplaner", str(lokalplaner))
    port = free_port()
    log_path = data_dir / "serve.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            publisher_command(data_dir, "demo", "--port", str(port)),
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if requests.get(f"{url}/kort/config.json", timeout=2).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.3)
    else:
        server.kill()
        server.wait()
        pytest.fail("the demo publisher did not start:\n" + log_path.read_text())
    tokens = {
        user["name"]: user["token"]
        for user in json.loads((data_dir / "demo-brugere.json").read_text("utf-8"))
    }
    yield DemoPublisher(url, data_dir, tokens)
    stop_process(server)
