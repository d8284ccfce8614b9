"""The real QGIS desktop (`/usr/bin/qgis` under Xvfb) with the plugin installed from its zip
into a fresh profile: the planner's menu steps Kontrollér arbejdsfil, Send til godkendelse… (to
the real publisher on loopback) and Mine indsendelser…, each kept as a screenshot of the screen.

Set OVERBLIKSKORT_SCREENSHOTS=/some/folder to keep the PNG files (desktop_*.png).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "qgis_desktop_screenshots.py"
SCREEN = (1600, 1000)
SUCCESS = 3  # Qgis.Success


def _identify(path: Path, crop: str = "") -> tuple[int, int, int]:
    """Width, height and number of distinct colours (ImageMagick) of the image or a region."""
    command = ["convert", str(path), *(["-crop", crop, "+repage"] if crop else []),
               "-format", "%w %h %k", "info:"]
    width, height, colours = subprocess.run(command, capture_output=True, text=True,
                                            check=True).stdout.split()
    return int(width), int(height), int(colours)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory, shared_data):
    folder = Path(os.environ.get("OVERBLIKSKORT_SCREENSHOTS")
                  or tmp_path_factory.mktemp("desktop"))
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(SCRIPT), str(folder), "--shared-data",
                           str(shared_data)], capture_output=True, text=True, timeout=180,
                          check=False)
    log = (folder / "qgis.log").read_text("utf-8", "replace") if (folder / "qgis.log").exists() \
        else ""
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\nQGIS log:\n{log}"
    marker = json.loads(done.stdout)
    marker["seconds"] = time.monotonic() - started
    return folder, marker


def test_the_real_desktop_starts_the_plugin_from_the_profile(desktop):
    _, marker = desktop
    assert marker["application"].endswith("/qgis.bin")
    assert marker["platform"] == "xcb"
    assert marker["qgis_version"].startswith("3.")
    assert "overblikskort" in marker["active_plugins"]
    assert marker["plugin_file"].startswith(marker["plugins_dir"] + "/overblikskort/")
    assert marker["main_window_title"].endswith("QGIS")
    assert marker["menu"]["title"] == "Overblikskort"
    assert marker["menu"]["in_menu_bar"]
    assert marker["menu"]["actions"] == [
        "Ny arbejdsfil…", "Åbn arbejdsfil…", "Importér til arbejdsfil…", "Kontrollér arbejdsfil",
        "Send til godkendelse…", "Mine indsendelser…"]
    assert marker["finished"] and marker["exit_code"] == 0
    assert marker["seconds"] < 120


def test_the_kontrol_dock_shows_the_findings_on_the_right(desktop):
    folder, marker = desktop
    kontrol = marker["kontrol"]
    assert kontrol["dock_title"] == "Kontrol"
    assert kontrol["dock_visible"] and kontrol["dock_area"] == "right"
    assert "G02" in kontrol["rules"]  # the bow tie, repaired by the check
    assert kontrol["summary"].endswith("Intet forhindrer indsendelse.")
    assert kontrol["tree_top_level"][0] == "Advarsel (1)"
    assert " 0 blokerende, 1 advarsel, " in kontrol["summary"]  # one warning, in the singular
    x, y, width, height = kontrol["dock_geometry"]
    assert x > SCREEN[0] // 2 and width > 200 and height > 400
    assert _identify(folder / "desktop_kontrol.png")[:2] == SCREEN
    assert _identify(folder / "desktop_kontrol.png")[2] > 100, "the screen looks blank"
    dock_region = f"{width}x{height}+{x}+{y}"
    _, _, dock_colours = _identify(folder / "desktop_kontrol.png", dock_region)
    assert dock_colours > 20, "the dock's part of the screenshot looks blank"


def test_send_reaches_the_publisher_and_the_answer_shows(desktop):
    folder, marker = desktop
    send = marker["send"]
    answer = send["answer"]
    assert answer["status"] == "til_godkendelse" and answer["id"] >= 1
    assert send["message_bar"]["title"] == "Overblikskort"
    assert send["message_bar"]["text"] == f"Indsendelse {answer['id']} modtaget: Til godkendelse."
    assert send["message_bar"]["level"] == SUCCESS
    assert send["dock_visible"]
    assert send["summary"].startswith(f"Indsendelse {answer['id']}: Til godkendelse.")
    width, height, colours = _identify(folder / "desktop_send.png")
    assert (width, height) == SCREEN and colours > 100


def test_mine_indsendelser_lists_the_sent_submission(desktop):
    folder, marker = desktop
    submissions = marker["submissions"]
    assert submissions["dialog_title"] == "Mine indsendelser"
    assert submissions["is_dialog"] and submissions["dialog_visible"]
    number, _sent, status, file_name, *_ = submissions["rows"][0]
    assert number == str(marker["send"]["answer"]["id"])
    assert status == "Til godkendelse"
    assert file_name == "overblikskort_0167.gpkg"
    assert marker["screenshots"] == ["desktop_kontrol.png", "desktop_send.png",
                                     "desktop_mine_indsendelser.png"]
    width, height, colours = _identify(folder / "desktop_mine_indsendelser.png")
    assert (width, height) == SCREEN and colours > 100


def test_the_desktop_session_logs_no_gdal_error(desktop):
    folder, _ = desktop
    errors = [line for line in (folder / "qgis.log").read_text("utf-8", "replace").splitlines()
              if line.startswith("ERROR ")]
    assert errors == []
