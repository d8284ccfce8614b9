"""Erhvervsstyrelsen's reference layers one click away: fetched in the background from the real
publisher, listed with their sources and dates, refreshed only when the publisher's differ, shown
in a group below the workspace, which stays on top of reference layers added later."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from plugin.core.erst_references import ERST_PROPERTY, Manifest, fetch_references
from plugin.core.layer_order import erst_group
from plugin.core.publisher_client import PublisherClient
from plugin.core.settings import Settings
from plugin.core.workspace import GROUP_NAME
from qgis_support import new_workspace_in, started_plugin, wait_until


@pytest.fixture()
def configured(iface, publisher, publisher_auth, tmp_path, clean_project, settings_sandbox):
    Settings(publisher["url"], "0167", publisher_auth).save()
    new_workspace_in(clean_project, tmp_path / "arbejdsfil.gpkg", "0167")
    with started_plugin(iface) as instance:
        yield instance


def test_one_click_fetches_every_kind_with_its_sources_and_dates(configured, own_reference_folder):
    instance = configured
    instance.fetch_references()
    dialog = instance.references_dialog
    wait_until(lambda: dialog.task is None and dialog.table.rowCount() > 0)
    manifest = Manifest.load(own_reference_folder)
    assert set(manifest.kinds) == {"kommunegraenser", "natur", "lokalplaner"}
    rows = {
        dialog.table.item(row, 0).text(): [
            dialog.table.item(row, column).text() for column in range(1, 4)
        ]
        for row in range(dialog.table.rowCount())
    }
    sources, count, _fetched = rows["Plandata lokalplaner"]
    assert sources.startswith("Hvidovre_lokalplaner.geojson (20") and int(count) > 100
    assert "Fredede_omraader.geojson" in rows["Protected nature (Natura 2000, §3, fredninger)"][0]
    assert dialog.fetch_status.text().startswith("Fetched: ")

    project = QgsProject.instance()
    shown = [layer for layer in project.mapLayers().values() if layer.customProperty(ERST_PROPERTY)]
    assert len(shown) == 3 and all(layer.readOnly() for layer in shown)
    assert all(" – Erhvervsstyrelsen 20" in layer.name() for layer in shown)
    root = project.layerTreeRoot()
    names = [node.name() for node in root.children()]
    assert names.index(GROUP_NAME) < names.index(erst_group(project).name())

    dialog.fetch()  # nothing new at the publisher: nothing is downloaded again
    wait_until(lambda: dialog.task is None)
    assert dialog.fetch_status.text() == "The layers at hand are Erhvervsstyrelsen's newest."


def test_kontrol_fetches_again_when_the_publishers_version_differs(
    configured, publisher, shared_data, own_reference_folder
):
    instance = configured
    client = PublisherClient(publisher["url"], publisher["indsender"])
    manifest, fetched = fetch_references(client, "0167", own_reference_folder)
    assert sorted(fetched) == ["kommunegraenser", "lokalplaner", "natur"]
    stale = json.loads((own_reference_folder / "referencelag.json").read_text("utf-8"))
    stale["kinds"]["lokalplaner"]["version"] = "an-older-version"
    (own_reference_folder / "referencelag.json").write_text(json.dumps(stale), "utf-8")

    instance.dock.run_check()
    wait_until(lambda: instance.dock.task is None and instance.dock.result is not None)
    refreshed = Manifest.load(own_reference_folder)
    assert refreshed.kinds["lokalplaner"].version == manifest.kinds["lokalplaner"].version
    assert refreshed.kinds["lokalplaner"].file == manifest.kinds["lokalplaner"].file
    assert instance.dock.references_note.text().startswith(
        "Reference layers: Erhvervsstyrelsen's: Municipal boundaries (DAGI) 20"
    )


def test_own_layers_are_marked_as_not_erhvervsstyrelsens(configured, shared_data, erst_references):
    from plugin.gui.references_dialog import ReferencesDialog

    instance = configured
    own = QgsVectorLayer(
        str(
            shared_data
            / "hofor_tgvwebgis"
            / "hvidovre"
            / "GeoJSON-data"
            / "Hvidovre_lokalplaner.geojson"
        ),
        "Mine lokalplaner",
        "ogr",
    )
    QgsProject.instance().addMapLayer(own)
    dialog = ReferencesDialog()
    dialog.boxes["lokalplaner"].setLayer(own)
    dialog.apply()
    instance.dock.run_check()
    wait_until(lambda: instance.dock.task is None and instance.dock.result is not None)
    note = instance.dock.references_note.text()
    assert "your own (not Erhvervsstyrelsen's): Plandata lokalplaner" in note
    assert "Erhvervsstyrelsen's: Municipal boundaries (DAGI)" in note


def test_the_workspace_group_stays_above_reference_layers_added_later(configured, shared_data):
    project = QgsProject.instance()
    root = project.layerTreeRoot()
    plans = QgsVectorLayer(
        str(
            shared_data
            / "hofor_tgvwebgis"
            / "hvidovre"
            / "GeoJSON-data"
            / "Hvidovre_lokalplaner.geojson"
        ),
        "lokalplaner",
        "ogr",
    )
    project.addMapLayer(plans, False)
    root.insertLayer(0, plans)  # as QGIS does with a layer dropped at the top
    wait_until(lambda: root.children()[0].name() == GROUP_NAME)
    assert [node.name() for node in root.children()][:2] == [GROUP_NAME, "lokalplaner"]
    workspace = root.findGroup(GROUP_NAME)
    assert len(workspace.findLayers()) == 5  # the workspace's layers moved with their group
