"""The whole chain, as its three users live it.

A Hvidovre planner builds a workspace with the plugin from the real Plandata lokalplaner for
business (anvgen 31) and sends it from QGIS; an ERST godkender approves it; a company finds the
site in the public map's site finder in Chromium.
"""

from __future__ import annotations


import pytest
from playwright.sync_api import expect
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsProject, QgsVectorLayer

import plugin
from plugin.core.field_mapping import suggest_mapping
from plugin.core.importer import Importer
from plugin.core.settings import Settings
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_layers
from qgis_support import wait_until

HVIDOVRE = "0167"
INDSENDER = f"demo-indsender-{HVIDOVRE}"
GODKENDER = "demo-godkender"
AVEDOERE_HOLME = "Erhvervsområdet Avedøre Holme"
MASTER_PASSWORD = "test-master-password"
"""The same as the plugin tests', since one test session shares QGIS's authentication database."""


@pytest.fixture()
def planner(demo_publisher, iface, tmp_path, shared_data):
    """QGIS with the plugin set up for Hvidovre: token in the authentication database."""
    project = QgsProject.instance()
    project.clear()
    manager = QgsApplication.authManager()
    assert manager.masterPasswordIsSet() or manager.setMasterPassword(MASTER_PASSWORD, True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("Overblikskort demo Hvidovre")
    config.setConfig("username", INDSENDER)
    config.setConfig("password", demo_publisher.tokens[INDSENDER])
    stored, config = manager.storeAuthenticationConfig(config)
    assert stored
    previous = Settings.load()
    Settings(demo_publisher.url, HVIDOVRE, config.id()).save()
    instance = plugin.classFactory(iface)
    instance.initGui()
    yield instance, project
    instance.unload()
    previous.save()
    manager.removeAuthenticationConfig(config.id())
    project.clear()


def _build_workspace_from_lokalplaner(project, shared_data, tmp_path) -> int:
    source_path = (
        shared_data
        / "hofor_tgvwebgis"
        / "hvidovre"
        / "GeoJSON-data"
        / "Hvidovre_lokalplaner.geojson"
    )
    source = QgsVectorLayer(str(source_path), "Hvidovre_lokalplaner", "ogr")
    assert source.isValid()
    source.setSubsetString('"anvgen" = 31 AND "komnr" = 167')
    workspace = tmp_path / "hvidovre.gpkg"
    create_workspace(workspace)
    add_to_project(open_workspace(workspace, HVIDOVRE), project)
    sites = workspace_layers(project)["erhvervsareal"]
    mapping = suggest_mapping(source, "erhvervsareal")
    mapping.rule("status").constant = "ledig"
    mapping.rule("anvendelse_specifik").values.update({"4175": "3100", "7100": "3100"})
    report = Importer(source, sites, mapping).import_features()
    assert report.failures == [] and report.imported == report.total > 0
    return report.imported


def approve_in_the_approval_pages(browser, demo_publisher, submission_id: int) -> None:
    """The godkender logs in with the token, opens the submission from the queue, approves it."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{demo_publisher.url}/godkend/")
        page.fill("#token", demo_publisher.tokens[GODKENDER])
        page.press("#token", "Enter")
        page.click(f'#queue-list button[data-submission="{submission_id}"]')
        page.wait_for_function("() => document.querySelector('#detail-title').textContent.length")
        page.fill("#comment", "Godkendt i e2e")
        page.click("#approve")
        page.click("dialog.confirm[open] button[data-confirm='yes']")  # what becomes public: yes
        page.wait_for_function(
            "() => document.querySelector('#result').textContent.length", timeout=120_000
        )
        expect(
            page.locator(f'#queue-list button[data-submission="{submission_id}"]')
        ).to_have_count(0, timeout=30_000)
    finally:
        page.close()


def test_a_site_sent_from_qgis_and_approved_is_found_in_the_public_site_finder(
    planner, demo_publisher, browser, shared_data, tmp_path
):
    instance, project = planner
    imported = _build_workspace_from_lokalplaner(project, shared_data, tmp_path)

    answers = []
    instance.send()
    instance.send_flow.finished.connect(answers.append)
    wait_until(lambda: answers)
    sent = answers[0]
    assert sent is not None, "the plugin did not send"
    assert sent["status"] == "til_godkendelse" and sent["kommune"] == HVIDOVRE
    assert sent["report"]["blocking"] is False
    assert sent["report"]["feature_counts"]["erhvervsareal"] == imported

    approve_in_the_approval_pages(browser, demo_publisher, sent["id"])
    releases = demo_publisher.call("GET", f"/api/v1/kommuner/{HVIDOVRE}/releases", GODKENDER)
    current = [r for r in releases.json()["releases"] if r["current"]]
    assert current[0]["source_submission_id"] == sent["id"]
    assert current[0]["created_by"] == GODKENDER
    decided = demo_publisher.call("GET", f"/api/v1/submissions/{sent['id']}", GODKENDER).json()
    assert (decided["status"], decided["comment"]) == ("godkendt", "Godkendt i e2e")

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{demo_publisher.url}/kort/")
        page.wait_for_selector("#results .site")
        page.select_option("#f-kom", HVIDOVRE)
        page.check("#f-status-ledig")
        names = page.locator("#results .site-name")
        page.wait_for_function(
            "name => [...document.querySelectorAll('#results .site-name')]"
            ".some(e => e.textContent === name)",
            arg=AVEDOERE_HOLME,
        )
        assert AVEDOERE_HOLME in names.all_text_contents()
        page.locator("#results .site", has_text=AVEDOERE_HOLME).first.click()
        assert page.locator("#card-title").text_content() == AVEDOERE_HOLME
        assert "Ledig" in page.locator("#card").text_content()
    finally:
        page.close()
