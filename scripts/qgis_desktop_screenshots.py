"""The real QGIS desktop under Xvfb, the plugin installed from the publisher's plugin repository:
screenshots of the references dialog, the import preview, the Kontrol dock, the send and
'Mine indsendelser'.

    .venv/bin/python scripts/qgis_desktop_screenshots.py OUT_DIR [--shared-data ../shared/data]

Starts the publisher on loopback with an indsender for Hvidovre (0167), every kind of reference
layer loaded from the real data, and its plugin repository (scripts/plugin_zip.sh VERSION
--working-tree --repository <data dir>/plugins), then Xvfb on a free display and `qgis` on it in
a fresh Danish profile without the plugin, with scripts/qgis_desktop_session.py. Writes
OUT_DIR/desktop_marker.json (what QGIS showed), OUT_DIR/desktop_*.png and OUT_DIR/qgis.log;
exits 0 only when every step finished. Needs: qgis, xvfb, imagemagick (see scripts/setup.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
SESSION_SCRIPT = REPO_ROOT / "scripts" / "qgis_desktop_session.py"
HVIDOVRE = "hofor_tgvwebgis/hvidovre/GeoJSON-data"
PLANS = f"{HVIDOVRE}/Hvidovre_lokalplaner.geojson"
OTHER_PLANS = "hofor_tgvwebgis/herlev/GeoJSON-data/Herlev_lokalplaner.geojson"
REFERENCE_FILES = (
    ("kommunegraenser", "kommuner_dagi_neogeografen/geojson/kommuner.geojson"),
    ("natur", f"{HVIDOVRE}/Habitat_omraader.geojson"),
    ("natur", f"{HVIDOVRE}/Hvidovre_bekyttedenaturtyperparagraf3.geojson"),
    ("natur", f"{HVIDOVRE}/Fredede_omraader.geojson"),
    ("lokalplaner", f"{HVIDOVRE}/Hvidovre_lokalplaner.geojson"),
)
"""The real reference files ERST loads for Hvidovre, one or more per kind the store knows."""
PROFILE = "overblikskort"
SCREEN = "1600x1000x24"
KOMMUNE = "0167"
QGIS_SECONDS = 240


def plugin_version() -> str:
    for line in (REPO_ROOT / "plugin" / "metadata.txt").read_text("utf-8").splitlines():
        if line.startswith("version="):
            return line.split("=", 1)[1].strip()
    raise ValueError("plugin/metadata.txt names no version")


def build_repository(folder: Path) -> Path:
    """The plugin zip of the working tree and its plugins.xml in ``folder`` (the publisher's
    plugin repository)."""
    built = subprocess.run(
        [
            "bash",
            str(REPO_ROOT / "scripts" / "plugin_zip.sh"),
            plugin_version(),
            "--working-tree",
            "--repository",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0:
        raise RuntimeError(f"plugin_zip.sh failed: {built.stderr}")
    return folder


def new_profile(profiles_path: Path) -> Path:
    """A fresh profile without the plugin, QGIS in Danish."""
    profile = profiles_path / "profiles" / PROFILE
    (profile / "python" / "plugins").mkdir(parents=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[locale]\noverrideFlag=true\nuserLocale=da_DK\n", "utf-8"
    )
    return profile


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_references(data_dir: Path, shared_data: Path) -> None:
    """``python -m publisher references import`` of every file in REFERENCE_FILES."""
    for kind, path in REFERENCE_FILES:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "publisher",
                "--data-dir",
                str(data_dir),
                "references",
                "import",
                kind,
                str(shared_data / path),
            ],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )


@contextmanager
def publisher(data_dir: Path, shared_data: Path):
    """The publisher's own `serve` on loopback with the reference layers and the plugin
    repository; yields (url, token of the Hvidovre indsender)."""
    command = [sys.executable, "-m", "publisher", "--data-dir", str(data_dir)]
    load_references(data_dir, shared_data)
    build_repository(data_dir / "plugins")
    added = subprocess.run(
        [*command, "users", "add", "hvidovre", "--role", "indsender", "--kommune", KOMMUNE],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    token = added.stdout.strip().splitlines()[-1]
    url = f"http://127.0.0.1:{_free_port()}"
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen(
        [*command, "serve", "--port", url.rsplit(":", 1)[1]],
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/api/v1/openapi.json", timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(
                    "the publisher did not start: " + (data_dir / "serve.log").read_text("utf-8")
                )
            time.sleep(0.2)
        yield url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@contextmanager
def xvfb():
    """Xvfb on the first free display (it picks one itself); yields ':N'."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as chosen:
            number = chosen.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def run_qgis(work: Path, profiles_path: Path, config: dict, log_path: Path) -> int:
    home = work / "home"
    runtime = work / "runtime"
    # QGIS counts files below its temp folder as temporary layers and asks on exit whether to
    # drop them; the workspace lies below /tmp here, so QGIS gets a temp folder of its own.
    qgis_temp = work / "qgis-tmp"
    home.mkdir()
    runtime.mkdir(mode=0o700)
    qgis_temp.mkdir()
    config_path = work / "session.json"
    config_path.write_text(json.dumps(config), "utf-8")
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QT_", "QGIS_", "PYTHON", "VIRTUAL_ENV"))
    }
    environment.update(
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        TMPDIR=str(qgis_temp),
        DISPLAY=config["display"],
        QT_QPA_PLATFORM="xcb",
        LANG="C.UTF-8",
        OVERBLIKSKORT_DESKTOP_CONFIG=str(config_path),
    )
    with log_path.open("wb") as log:
        desktop = subprocess.Popen(
            [
                "qgis",
                "--profiles-path",
                str(profiles_path),
                "--profile",
                PROFILE,
                "--nologo",
                "--noversioncheck",
                "--code",
                str(SESSION_SCRIPT),
            ],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            return desktop.wait(timeout=QGIS_SECONDS)
        except subprocess.TimeoutExpired:
            # what the screen showed when QGIS hung (a modal question, an error dialog)
            subprocess.run(
                [
                    "import",
                    "-display",
                    config["display"],
                    "-window",
                    "root",
                    str(Path(config["out_dir"]) / "desktop_timeout.png"),
                ],
                check=False,
                timeout=30,
            )
            return -1
        finally:
            if desktop.poll() is None:
                os.killpg(desktop.pid, signal.SIGKILL)
                desktop.wait()


def run(out_dir: Path, shared_data: Path | None = None) -> dict:
    """Everything above; returns the marker QGIS wrote (plus ``exit_code``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shared_data = shared_data or REPO_ROOT.parent / "shared" / "data"
    for stale in [out_dir / "desktop_marker.json", *out_dir.glob("desktop_*.png")]:
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="overblikskort-desktop-") as temporary:
        work = Path(temporary)
        profiles_path = work / "profiles"
        new_profile(profiles_path)
        (work / "publisher").mkdir()
        with publisher(work / "publisher", shared_data) as (url, token), xvfb() as display:
            config = {
                "out_dir": str(out_dir.resolve()),
                "workspace": str(work / "arbejdsfil.gpkg"),
                "publisher_url": url,
                "repository_url": f"{url}/plugins/plugins.xml",
                "token": token,
                "kommune": KOMMUNE,
                "display": display,
                "plans": str(shared_data / PLANS),
                "other_plans": str(shared_data / OTHER_PLANS),
            }
            exit_code = run_qgis(work, profiles_path, config, out_dir / "qgis.log")
        marker_path = out_dir / "desktop_marker.json"
        marker = json.loads(marker_path.read_text("utf-8")) if marker_path.exists() else {}
        marker["exit_code"] = exit_code
        marker["plugins_dir"] = str(profiles_path / "profiles" / PROFILE / "python" / "plugins")
        return marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--shared-data", type=Path, help="the real test data (../shared/data)")
    arguments = parser.parse_args(argv)
    marker = run(arguments.out_dir, arguments.shared_data)
    print(json.dumps(marker, ensure_ascii=False, indent=2))
    return 0 if marker.get("finished") and marker["exit_code"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
