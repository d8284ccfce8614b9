"""Send til godkendelse and Mine indsendelser against the real publisher on loopback."""

from __future__ import annotations

import re

import pytest
import requests
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsAuthMethodConfig,
    QgsGeometry,
    QgsProject,
    QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QDateTime, Qt

from plugin.core.settings import Settings
from plugin.core.submissions import COMMENTS_PROPERTY
from qgis_support import new_workspace_in, started_plugin, wait_until

SITE = "POLYGON((718500 6171000, 718600 6171000, 718600 6171100, 718500 6171100, 718500 6171000))"


@pytest.fixture()
def configured(publisher, publisher_auth, iface, tmp_path, clean_project, settings_sandbox):
    Settings(publisher["url"], "0167", publisher_auth).save()
    layers = new_workspace_in(clean_project, tmp_path / "send.gpkg", "0167")
    with started_plugin(iface) as instance:
        yield instance, layers


def _add_site(layer, **values):
    assert layer.startEditing()
    feature = QgsVectorLayerUtils.createFeature(
        layer, QgsGeometry.fromWkt(SITE), {}, layer.createExpressionContext()
    )
    for name, value in {
        "navn": "Avedøre Holme",
        "status": "ledig",
        "anvendelse_generel": 31,
        **values,
    }.items():
        feature[name] = value
    assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    return feature["objekt_id"]


def _send(instance):
    answers = []
    instance.send()
    instance.send_flow.finished.connect(answers.append)
    wait_until(lambda: answers)
    return answers[0]


def _server_submissions(publisher):
    return requests.get(
        f"{publisher['url']}/api/v1/submissions",
        headers={"Authorization": f"Bearer {publisher['godkender']}"},
        timeout=10,
    ).json()["submissions"]


def test_blocking_findings_stop_the_send_before_anything_is_uploaded(configured, publisher):
    instance, layers = configured
    before = len(_server_submissions(publisher))
    _add_site(layers["erhvervsareal"], status="solgt")
    assert _send(instance) is None
    assert len(_server_submissions(publisher)) == before
    assert any("blocking" in m for m in instance.iface.messageBar().get_messages(Qgis.Critical))
    assert instance.dock.result.report.blocking


def test_send_then_approval_and_comments_come_back_into_qgis(configured, publisher):
    instance, layers = configured
    objekt_id = _add_site(layers["erhvervsareal"])
    answer = _send(instance)
    assert answer["status"] == "til_godkendelse"
    assert answer["kommune"] == "0167"
    assert answer["report"]["blocking"] is False
    assert any(
        f"Submission {answer['id']} received" in m
        for m in instance.iface.messageBar().get_messages(Qgis.Success)
    )
    assert f"Submission {answer['id']}" in instance.dock.summary.text()

    decided = requests.post(
        f"{publisher['url']}/api/v1/submissions/{answer['id']}/approve",
        headers={"Authorization": f"Bearer {publisher['godkender']}"},
        timeout=60,
        json={
            "comment": "Fint – husk prisen",
            "object_comments": [{"objekt_id": objekt_id, "comment": "Angiv pris pr. m²"}],
        },
    )
    assert decided.ok, decided.text

    instance.show_submissions()
    dialog = instance.submissions_dialog
    loaded = []
    dialog.loaded.connect(lambda: loaded.append(True))
    wait_until(lambda: loaded)
    rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
    row = rows[str(answer["id"])]
    assert dialog.table.item(row, 2).text() == "Approved"
    assert dialog.table.item(row, 4).text() == "Fint – husk prisen"

    dialog.table.selectRow(row)
    loaded.clear()
    assert dialog.show_report()
    wait_until(lambda: loaded)
    assert f"Submission {answer['id']}: Approved" in instance.dock.summary.text()
    assert dialog.show_comments()
    comments = [
        candidate
        for candidate in QgsProject.instance().mapLayers().values()
        if candidate.customProperty(COMMENTS_PROPERTY) == answer["id"]
    ]
    assert len(comments) == 1
    feature = next(comments[0].getFeatures())
    assert feature["comment"] == "Angiv pris pr. m²"
    assert feature.geometry().within(QgsGeometry.fromWkt(SITE))


def test_a_wrong_token_is_reported_in_the_planners_words(configured, publisher):
    instance, layers = configured
    manager = QgsApplication.authManager()
    settings = Settings.load()
    _ok, config = manager.loadAuthenticationConfig(
        settings.auth_config_id, QgsAuthMethodConfig(), True
    )
    config.setConfig("password", "forkert-token")
    assert manager.updateAuthenticationConfig(config)
    _add_site(layers["erhvervsareal"])
    assert _send(instance) is None
    messages = instance.iface.messageBar().get_messages(Qgis.Critical)
    assert messages and "token" in messages[-1].lower()


def test_an_unreachable_publisher_is_reported_and_nothing_is_lost(configured):
    instance, layers = configured
    settings = Settings.load()
    settings.publisher_url = "http://127.0.0.1:9"  # discard port: nothing listens
    settings.save()
    _add_site(layers["erhvervsareal"])
    assert _send(instance) is None
    assert (
        "Could not reach the publisher"
        in instance.iface.messageBar().get_messages(Qgis.Critical)[-1]
    )
    assert layers["erhvervsareal"].featureCount() == 1


def test_mine_indsendelser_in_danish_counts_in_words_and_numbers_each_row_once(
    danish, configured, publisher
):
    instance, layers = configured
    _add_site(layers["erhvervsareal"])
    assert _send(instance)["status"] == "til_godkendelse"
    instance.show_submissions()
    dialog = instance.submissions_dialog
    loaded = []
    dialog.loaded.connect(lambda: loaded.append(True))
    wait_until(lambda: loaded)
    assert dialog.table.verticalHeader().isHidden()
    assert dialog.table.horizontalHeaderItem(0).text() == "Nr."
    sent = dialog.table.rowCount()
    assert sent >= 1
    assert (
        dialog.status.text()
        == f"{sent} {'indsendelse' if sent == 1 else 'indsendelser'} for kommune 0167."
    )
    dialog._show(dialog.submissions[:1])
    assert dialog.status.text() == "1 indsendelse for kommune 0167."
    sent = dialog.table.item(0, 1).text()
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", sent), sent
    sent_utc = QDateTime.fromString(dialog.submissions[0]["created_at"], Qt.ISODate)
    assert sent == sent_utc.toLocalTime().toString("yyyy-MM-dd HH:mm")
