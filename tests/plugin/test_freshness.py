"""Freshness in QGIS against the real publisher: a release whose sites are 13 months old shows
them overdue in Mine indsendelser and in the Processing algorithm, both select them in the
workspace, and "Bekræft uændret" sends a confirmation that clears them once approved."""

from __future__ import annotations

from datetime import date

import pytest
import requests
from qgis.core import QgsProject
from qgis.PyQt.QtCore import QDate

from datamodel.freshness import shift_months
from plugin.core.settings import Settings
from qgis_support import new_workspace_in, started_plugin, wait_until
from test_send import _add_site, _send

SQUARES = [
    f"POLYGON(({x} 6171000, {x + 60} 6171000, {x + 60} 6171060, {x} 6171060, {x} 6171000))"
    for x in (718500, 718700, 718900)
]


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _approve(publisher, submission_id: int) -> None:
    answer = requests.post(
        f"{publisher['url']}/api/v1/submissions/{submission_id}/approve",
        headers={"Authorization": f"Bearer {publisher['godkender']}"},
        json={},
        timeout=120,
    )
    assert answer.ok, answer.text


def _loaded(dialog, action):
    loaded = []
    dialog.loaded.connect(lambda: loaded.append(True))
    action()
    wait_until(lambda: loaded)


@pytest.fixture()
def overdue_release(publisher, publisher_auth, iface, tmp_path, clean_project, settings_sandbox):
    """Hvidovre's release: two sites confirmed 13 months ago, one today."""
    Settings(publisher["url"], "0167", publisher_auth).save()
    layers = new_workspace_in(clean_project, tmp_path / "frisk.gpkg", "0167")
    old = _qdate(shift_months(date.today(), -13))
    sites = layers["erhvervsareal"]
    ids = [
        _add_site(sites, navn=name, sidst_bekraeftet=day)
        for name, day in (("Gammel A", old), ("Gammel B", old), ("Ny C", _qdate(date.today())))
    ]
    for feature, wkt in zip(sites.getFeatures(), SQUARES):
        from qgis.core import QgsGeometry

        assert sites.startEditing()
        sites.changeGeometry(feature.id(), QgsGeometry.fromWkt(wkt))
        assert sites.commitChanges()
    with started_plugin(iface) as instance:
        answer = _send(instance)
        assert answer["status"] == "til_godkendelse"
        _approve(publisher, answer["id"])
        yield instance, sites, ids


def test_mine_indsendelser_lists_selects_and_confirms_overdue_sites(overdue_release, publisher):
    instance, sites, ids = overdue_release
    instance.show_submissions()
    dialog = instance.submissions_dialog
    _loaded(dialog, lambda: None)
    assert dialog.due_table.rowCount() == 2
    assert {dialog.due_table.item(row, 0).text() for row in range(2)} == {"Gammel A", "Gammel B"}
    assert {dialog.due_table.item(row, 3).text() for row in range(2)} == {"Overdue"}
    assert dialog.due_status.text().startswith("2 overdue")

    assert dialog.select_due() == 2
    assert {f["navn"] for f in sites.selectedFeatures()} == {"Gammel A", "Gammel B"}

    dialog.due_table.selectRow(0)
    chosen = dialog.due[0]["objekt_id"]
    _loaded(dialog, dialog.confirm_unchanged)
    assert "Confirmation" in dialog.due_status.text()
    confirmed = next(f for f in sites.getFeatures() if f["objekt_id"] == chosen)
    assert confirmed["sidst_bekraeftet"] == _qdate(date.today())  # saved in the workspace
    assert not sites.isEditable()
    newest = dialog.submissions[0]
    assert (newest["kind"], newest["status"]) == ("bekraeftelse", "til_godkendelse"), [
        f
        for f in dialog.client.submission(newest["id"])["report"]["findings"]
        if f["severity"] == "blokerende"
    ]

    _approve(publisher, newest["id"])
    _loaded(dialog, dialog.refresh)
    assert [site["objekt_id"] for site in dialog.due] == [i for i in ids[:2] if i != chosen]


def test_the_processing_algorithm_lists_and_selects_the_sites_to_confirm(
    overdue_release, qgis_processing, tmp_path
):
    import processing

    instance, sites, _ = overdue_release
    instance.initProcessing()
    settings = Settings.load()
    sites.removeSelection()
    result = processing.run(
        "overblikskort:sites_to_confirm",
        {
            "INPUT": sites,
            "KOMMUNEKODE": "0167",
            "PUBLISHER_URL": settings.publisher_url,
            "AUTHCFG": settings.auth_config_id,
            "SELECT": True,
            "OUTPUT": str(tmp_path / "due.gpkg"),
        },
    )
    assert (result["OVERDUE"], result["DUE_SOON"], result["SELECTED"]) == (2, 0, 2)
    assert {f["navn"] for f in sites.selectedFeatures()} == {"Gammel A", "Gammel B"}
    from qgis.core import QgsVectorLayer

    written = QgsVectorLayer(result["OUTPUT"], "due", "ogr")
    assert {(f["navn"], f["freshness"]) for f in written.getFeatures()} == {
        ("Gammel A", "forfalden"),
        ("Gammel B", "forfalden"),
    }
    assert QgsProject.instance().mapLayer(sites.id()) is not None
