"""Import of Plandata's lokalplaner with less hand work: defaults for required fields, proposed
value maps with the nearest general code as fallback, mappings saved per source schema, rows
outside the kommune listed and skipped, and the layer read straight from a WFS (a loopback QGIS
Server standing in for Plandata's)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote

import pytest
from qgis.core import QgsGeometry, QgsFeature, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from loopback import stop_process
from plugin.core.field_mapping import mapping_for, save_mapping, suggest_mapping
from plugin.core.importer import Importer
from plugin.core.settings import Settings
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_layers

PLANS = Path("hofor_tgvwebgis") / "{kommune}" / "GeoJSON-data" / "{name}_lokalplaner.geojson"
OUTSIDE_HVIDOVRE = 9
"""Rows of the Hvidovre file that belong to other kommuner (0153: 6, 0175: 2, 0101: 1)."""


def plans(shared_data, project, kommune="hvidovre", name="Hvidovre") -> QgsVectorLayer:
    layer = QgsVectorLayer(
        str(shared_data / str(PLANS).format(kommune=kommune, name=name)),
        f"{name}_lokalplaner",
        "ogr",
    )
    assert layer.isValid()
    project.addMapLayer(layer)
    return layer


@pytest.fixture()
def sites(tmp_path, settings_sandbox, clean_project):
    Settings(kommunekode="0167").save()
    path = tmp_path / "plandata.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, "0167"), clean_project)
    return workspace_layers(clean_project)["erhvervsareal"]


def test_plandata_gets_proposed_value_maps_defaults_and_fallbacks(shared_data, clean_project):
    mapping = suggest_mapping(plans(shared_data, clean_project), "erhvervsareal")
    status = mapping.fields["status"]
    assert (status.source, status.values, status.constant, status.fallback) == (
        None,
        {"V": "fremtidig"},
        "fremtidig",
        "fremtidig",
    )
    specific = mapping.fields["anvendelse_specifik"]
    assert specific.source == "anvspec1" and specific.fallback == "3100"
    assert {"3100", "3110", "3155"} <= set(specific.values)  # the codes the list has
    general = mapping.fields["anvendelse_generel"]
    assert general.source == "anvgen" and general.values["31"] == "31" and general.fallback == "96"
    assert mapping.fields["zonestatus"].source == "zone"
    assert mapping.fields["kommunekode"].source == "komnr"
    assert mapping.skip_outside


def test_rows_outside_the_kommune_are_listed_and_skipped(shared_data, clean_project, sites):
    source = plans(shared_data, clean_project)
    mapping = suggest_mapping(source, "erhvervsareal")
    preview = Importer(source, sites, mapping).preview()
    assert preview.total == 183 and len(preview.outside) == OUTSIDE_HVIDOVRE
    assert sorted({code for _, _, code in preview.outside}) == ["0101", "0153", "0175"]
    assert all(name for _, name, _ in preview.outside)
    # Specific uses Plandata has beyond the business codes fall back to 3100, with a warning.
    assert any(
        "'7100' is not in the code list; imported as the nearest general code 3100" in warning
        for warning in preview.warnings
    ), preview.warnings
    report = Importer(source, sites, mapping).import_features()
    assert report.imported == 183 - OUTSIDE_HVIDOVRE - len(report.failures)
    assert {feature["kommunekode"] for feature in sites.getFeatures()} == {"0167"}
    assert {feature["status"] for feature in sites.getFeatures()} == {"fremtidig"}

    mapping.skip_outside = False
    kept = Importer(source, sites, mapping).preview()
    assert len(kept.outside) == OUTSIDE_HVIDOVRE and not kept.skipped_outside
    assert kept.ready == kept.total - len(kept.failures) > preview.ready


def test_with_erst_boundaries_a_row_without_a_code_is_outside_by_its_geometry(
    clean_project, sites, erst_references
):
    source = QgsVectorLayer(
        "Polygon?crs=EPSG:25832&field=navn:string&field=status:string&field=anvgen:integer",
        "uden kommunekode",
        "memory",
    )
    for name, x, y in (("I Hvidovre", 718500, 6171000), ("I København", 725000, 6175000)):
        feature = QgsFeature(source.fields())
        feature.setAttributes([name, "Ledig", 31])
        feature.setGeometry(
            QgsGeometry.fromWkt(
                f"POLYGON(({x} {y}, {x + 100} {y}, {x + 100} {y + 100}, {x} {y + 100}, {x} {y}))"
            )
        )
        source.dataProvider().addFeatures([feature])
    clean_project.addMapLayer(source)
    preview = Importer(source, sites, suggest_mapping(source, "erhvervsareal")).preview()
    assert [name for _, name, _ in preview.outside] == ["I København"]
    assert preview.ready == 1


def test_a_mapping_saved_for_one_file_is_used_for_another_of_the_same_schema(
    shared_data, clean_project, settings_sandbox
):
    herlev = plans(shared_data, clean_project, "herlev", "Herlev")
    mapping = suggest_mapping(herlev, "erhvervsareal")
    mapping.rule("status").constant = "ledig"
    save_mapping(herlev, mapping)
    hvidovre = plans(shared_data, clean_project)
    assert mapping_for(hvidovre, "erhvervsareal").to_json() == mapping.to_json()
    other = QgsVectorLayer("Polygon?crs=EPSG:25832&field=navn:string", "andet", "memory")
    assert mapping_for(other, "erhvervsareal").fields.get("status") is None


@pytest.fixture()
def plandata_wfs(shared_data, tmp_path):
    """QGIS Server on loopback publishing the Hvidovre lokalplaner as Plandata names them."""
    work = tmp_path / "wfs"
    work.mkdir()
    server = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("wfs_server.py")),
            str(shared_data / str(PLANS).format(kommune="hvidovre", name="Hvidovre")),
            str(work),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    url = server.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), "the WFS did not start"
    yield url, work / "requests.log"
    stop_process(server)
    server.stdout.close()


def test_the_import_dialog_reads_lokalplaner_straight_from_the_wfs(
    plandata_wfs, sites, clean_project
):
    from plugin.gui.import_dialog import ImportDialog
    from plugin.gui.plandata_dialog import PlandataDialog

    url, requests_log = plandata_wfs
    chooser = PlandataDialog()
    chooser.url.setText(url)
    assert chooser.list_layers()
    assert chooser.types.currentText() == "theme_pdk_lokalplan_vedtaget"
    assert chooser.only_kommune.isChecked() and "0167" in chooser.only_kommune.text()
    chooser.accept()
    layer = chooser.layer
    assert layer is not None and layer.providerType() == "WFS" and layer.isValid()
    assert layer.featureCount() == 183 - OUTSIDE_HVIDOVRE  # only Hvidovre's, by the server
    asked = unquote(requests_log.read_text("utf-8"))
    assert "REQUEST=GetFeature" in asked and "<ogc:PropertyName>komnr</ogc:PropertyName>" in asked

    dialog = ImportDialog()
    dialog.source_box.setLayer(layer)
    dialog.target_box.setCurrentIndex(dialog.target_box.findData(sites.id()))
    assert dialog.mapping.fields["navn"].source == "plannavn"
    task = dialog.preview()
    deadline = time.monotonic() + 120
    while dialog.task is not None and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert task is not None and dialog.report is not None, dialog.summary.text()
    assert dialog.report.total == 183 - OUTSIDE_HVIDOVRE and not dialog.report.outside
    assert dialog.report.ready > 150
