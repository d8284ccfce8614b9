"""The publisher as an operator installs it: the wheel in a fresh venv outside the checkout,
MapLibre and PMTiles from `npm ci` in a folder of their own (the node_modules setting), and
the commands run from an unrelated folder, with no shared data beside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from loopback import free_port, stop_process

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "datamodel", "publisher")
"""What the wheel is built from (copied aside, so the build leaves nothing in the checkout)."""
PAGES = ("/kort/", "/godkend/", "/api/v1/openapi.json", "/ogc/")


def _run(command: list, cwd: Path, env: dict | None = None, timeout: int = 900) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        timeout=timeout,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    root = tmp_path_factory.mktemp("installed")
    source = root / "source"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copyfile
        copy(
            REPO / name,
            source / name,
            **({"ignore": shutil.ignore_patterns("__pycache__")} if (REPO / name).is_dir() else {}),
        )
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", root / "dist", "."],
        cwd=source,
    )
    (wheel,) = (root / "dist").glob("overblikskort-*.whl")
    venv = root / "venv"
    _run(["/usr/bin/python3", "-m", "venv", venv], cwd=root)
    _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=root)

    web = root / "web"
    web.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(REPO / name, web / name)
    _run(["npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"], cwd=web, timeout=600)

    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("OVERBLIKSKORT_", "PYTHON", "VIRTUAL_ENV"))
    }
    env["OVERBLIKSKORT_NODE_MODULES"] = str(web / "node_modules")
    return venv / "bin" / "python", elsewhere, env, wheel


def test_the_wheel_holds_every_package_and_the_page_assets(installation):
    import zipfile

    *_, wheel = installation
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in (
        "publisher/api/routes.py",
        "publisher/store/store.py",
        "publisher/workflow/service.py",
        "publisher/outputs/public_build.py",
        "datamodel/rules/engine.py",
        "datamodel/symbology.json",
        "publisher/web/viewer/index.html",
        "publisher/review/static/review.js",
    ):
        assert module in names, module
    assert not [name for name in names if "node_modules" in name or name.startswith("tests/")]


def test_demo_then_serve_from_any_folder(installation, tmp_path):
    python, elsewhere, env, _ = installation
    located = _run(
        [
            python,
            "-c",
            "import publisher, datamodel; print(publisher.__file__, datamodel.__file__)",
        ],
        cwd=elsewhere,
        env=env,
    )
    assert str(REPO) not in located and str(python.parents[1]) in located

    data_dir = tmp_path / "data"
    seeded = _run(
        [python, "-m", "publisher", "--data-dir", data_dir, "demo", "--no-serve"],
        cwd=elsewhere,
        env=env,
    )
    assert "fiktive demo-grænser" in seeded
    submission = next((data_dir / "demo" / "indsendelser").glob("demo_0167.gpkg"))
    report = json.loads(
        _run(
            [
                python,
                "-m",
                "publisher",
                "validate",
                submission,
                "--kommune",
                "0167",
                "--format",
                "json",
            ],
            cwd=elsewhere,
            env=env,
        )
    )
    assert report["kommune"] == "0167" and not report["blocking"]

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                str(python),
                "-m",
                "publisher",
                "--data-dir",
                str(data_dir),
                "serve",
                "--port",
                str(port),
            ],
            cwd=elsewhere,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            try:
                if requests.get(f"{base}/api/v1/openapi.json", timeout=2).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.3)
        for page in PAGES:
            assert requests.get(base + page, timeout=30).status_code == 200, page
        document = requests.get(f"{base}/api/v1/openapi.json", timeout=30).json()
        assert "/api/v1/submissions" in document["paths"]
        for library in (
            "/kort/vendor/maplibre-gl/maplibre-gl.mjs",
            "/kort/vendor/pmtiles/pmtiles.js",
            "/godkend/vendor/maplibre-gl.mjs",
        ):
            assert requests.get(base + library, timeout=30).status_code == 200, library
        manifest = requests.get(
            base
            + requests.get(f"{base}/kort/config.json", timeout=30).json()["data"]
            + "manifest.json",
            timeout=30,
        ).json()
        assert set(manifest["releases"]) == {"0167", "0751", "0630"}
    finally:
        stop_process(process)
    assert "advarsel" not in log.read_text()
