"""The real QGIS desktop (`/usr/bin/qgis` under Xvfb), a fresh Danish profile without the plugin:
the publisher's plugin repository is added in QGIS's plugin manager and the plugin installed from
it; Erhvervsstyrelsen's reference layers are fetched; the real Hvidovre lokalplaner are imported
with the saved mapping and the rows outside the kommune skipped; Kontrol runs; the workspace is
sent to the real publisher on loopback; Mine indsendelser lists it. Each step is a screenshot.

Set OVERBLIKSKORT_SCREENSHOTS=/some/folder to keep the PNG files (desktop_*.png).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "qgis_desktop_screenshots.py"
SCREEN = (1600, 1000)
SUCCESS = 3  # Qgis.Success
OUTSIDE = 9
"""The neighbours' plans in the Hvidovre file: 0153 Brøndby (7), 0175 Rødovre (1), 0101 (1)."""


def _identify(path: Path, crop: str = "") -> tuple[int, int, int]:
    """Width, height and number of distinct colours (ImageMagick) of the image or a region."""
    command = [
        "convert",
        str(path),
        *(["-crop", crop, "+repage"] if crop else []),
        "-format",
        "%w %h %k",
        "info:",
    ]
    width, height, colours = subprocess.run(
        command, capture_output=True, text=True, check=True
    ).stdout.split()
    return int(width), int(height), int(colours)


@pytest.fixture(scope="module")
def desktop(tmp_path_factory, shared_data):
    folder = Path(os.environ.get("OVERBLIKSKORT_SCREENSHOTS") or tmp_path_factory.mktemp("desktop"))
    done = subprocess.run(
        [sys.executable, str(SCRIPT), str(folder), "--shared-data", str(shared_data)],
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
    )
    log = (
        (folder / "qgis.log").read_text("utf-8", "replace")
        if (folder / "qgis.log").exists()
        else ""
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}\nQGIS log:\n{log}"
    return folder, json.loads(done.stdout)


def test_the_plugin_is_installed_from_the_publishers_repository(desktop):
    _, marker = desktop
    assert marker["application"].endswith("/qgis.bin") and marker["platform"] == "xcb"
    assert marker["qgis_version"].startswith("3.")
    assert not marker["installed_at_start"]
    assert marker["repository"]["url"].endswith("/plugins/plugins.xml")
    assert marker["repository"]["error"] == "" and marker["repository"]["offered_version"]
    assert "overblikskort" in marker["active_plugins"]
    assert marker["plugin_file"].startswith(marker["plugins_dir"] + "/overblikskort/")
    assert marker["menu"]["title"] == "Overblikskort" and marker["menu"]["in_menu_bar"]
    assert marker["menu"]["actions"] == [
        "Ny arbejdsfil…",
        "Åbn arbejdsfil…",
        "Importér til arbejdsfil…",
        "Hent Erhvervsstyrelsens referencelag…",
        "Kontrollér arbejdsfil",
        "Send til godkendelse…",
        "Mine indsendelser…",
    ]
    assert marker["finished"] and marker["exit_code"] == 0


def test_erhvervsstyrelsens_reference_layers_are_fetched_with_their_dates(desktop):
    folder, marker = desktop
    references = marker["references"]
    assert references["dialog_title"] == "Referencelag til kontrollen"
    assert references["kinds"] == ["kommunegraenser", "lokalplaner", "natur"]
    by_kind = {row[0]: row for row in references["rows"]}
    assert by_kind["Plandata lokalplaner"][1].startswith("Hvidovre_lokalplaner.geojson (20")
    assert by_kind["Kommunegrænser (DAGI)"][2] == "99"
    assert references["status"].startswith("Hentet: ")
    assert all(" – Erhvervsstyrelsen 20" in name for name in references["layers"])
    assert _identify(folder / "desktop_referencelag.png")[:2] == SCREEN


def test_the_import_uses_the_saved_mapping_and_skips_the_rows_outside_hvidovre(desktop):
    _, marker = desktop
    imported = marker["import"]
    assert imported["saved_status"] == "ledig"  # saved for Herlev's file, same Plandata schema
    assert imported["skip_outside"]
    assert imported["outside"] == OUTSIDE and imported["outside_codes"] == ["0101", "0153", "0175"]
    assert "rækker ligger uden for kommunen og springes over" in imported["summary"]
    assert imported["imported"] == imported["ready"] == imported["total"] - OUTSIDE
    assert imported["workspace_features"] == imported["imported"]
    assert imported["kommunekoder"] == ["0167"] and imported["statuses"] == ["ledig"]


def test_kontrol_wraps_its_findings_and_counts_as_the_publisher(desktop):
    folder, marker = desktop
    kontrol, send = marker["kontrol"], marker["send"]
    assert kontrol["dock_title"] == "Kontrol" and kontrol["dock_visible"]
    assert kontrol["dock_area"] == "right"
    assert kontrol["references_note"].startswith("Referencelag: Erhvervsstyrelsens: ")
    # The longest finding shows in full: its row is several lines high, within the tree's width.
    width, height = kontrol["longest_finding_rect"]
    assert height >= 2 * kontrol["row_height"] and width <= kontrol["tree_width"]
    assert kontrol["longest_finding"].split(" (erhvervsareal")[0] in kontrol["details"].replace(
        "<br>", " "
    )
    assert "Sådan retter du det" in kontrol["details"]

    assert send["answer"]["status"] == "til_godkendelse"
    assert send["answer"]["counts"] == kontrol["counts"]  # the same answer as ERST
    assert kontrol["counts"]["blokerende"] == 0 and kontrol["counts"]["advarsel"] > 0
    assert (
        send["message_bar"]["text"]
        == f"Indsendelse {send['answer']['id']} modtaget: Til godkendelse."
    )
    assert send["message_bar"]["level"] == SUCCESS
    x, y, width, height = kontrol["dock_geometry"]
    assert x > SCREEN[0] // 2 and width > 200 and height > 400
    _, _, dock_colours = _identify(folder / "desktop_kontrol.png", f"{width}x{height}+{x}+{y}")
    assert dock_colours > 20, "the dock's part of the screenshot looks blank"


def test_mine_indsendelser_lists_the_sent_submission(desktop):
    folder, marker = desktop
    submissions = marker["submissions"]
    assert submissions["dialog_title"] == "Mine indsendelser" and submissions["is_dialog"]
    number, _sent, status, file_name, *_ = submissions["rows"][0]
    assert number == str(marker["send"]["answer"]["id"]) and status == "Til godkendelse"
    assert file_name == "overblikskort_0167.gpkg"
    assert marker["screenshots"] == [
        "desktop_referencelag.png",
        "desktop_import.png",
        "desktop_kontrol.png",
        "desktop_send.png",
        "desktop_mine_indsendelser.png",
    ]
    for name in marker["screenshots"]:
        width, height, colours = _identify(folder / name)
        assert (width, height) == SCREEN and colours > 100, name


def test_the_desktop_session_logs_no_gdal_error(desktop):
    folder, _ = desktop
    errors = [
        line
        for line in (folder / "qgis.log").read_text("utf-8", "replace").splitlines()
        if line.startswith("ERROR ")
    ]
    assert errors == []
