"""One answer: with Erhvervsstyrelsen's reference layers, the plugin's Kontrol, its Processing
"Validate workspace" and the publisher's validation of the same submission give the same findings.

Real data: Hvidovre sites built from the real Plandata lokalplaner (business, mixed, centre and
technical plans, the neighbours' plans the Hvidovre file carries, business plans grown by 25 m,
and planted problems). The publisher has every kind of reference layer loaded from the real files
(kommunegrænser, natur, lokalplaner); the plugin fetches them over HTTP, as a planner would.
Compared per finding: rule, severity, layer, object, field, the message's words, and its numbers
(shares of areas) to 0.1; and the areas of the checked geometries to 0.1 %.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta

import pytest
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QDate

from plugin.core.export import export_submission
from plugin.core.publisher_client import PublisherClient
from plugin.core.settings import Settings
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_views
from qgis_support import started_plugin, wait_until
from test_conformance import _add, _fill

HVIDOVRE = "0167"
PLANS = "hofor_tgvwebgis/hvidovre/GeoJSON-data/Hvidovre_lokalplaner.geojson"
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _sites_from_plans(sites, plans: QgsVectorLayer, confirmed: QDate) -> int:
    """Every mixed, centre and technical plan as a site, the neighbours' plans in the file too,
    and each business plan grown by 25 m (``_fill`` adds the business plans themselves)."""
    count = 0
    for plan in plans.getFeatures():
        anvgen, komnr = plan["anvgen"], plan["komnr"]
        if anvgen not in (31, 21, 41, 81) and komnr == 167:
            continue
        values = {
            "navn": str(plan["plannavn"])[:120],
            "status": "ledig",
            "anvendelse_generel": int(anvgen) if anvgen in (11, 21, 31, 41, 51, 71, 81, 96) else 31,
            "lokalplan_id": str(plan["planid"]),
            "sidst_bekraeftet": confirmed,
        }
        if anvgen != 31:
            _add(
                sites,
                plan.geometry(),
                objekt_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"plan:{plan['planid']}")),
                **values,
            )
            count += 1
        if anvgen == 31 and komnr == 167:
            _add(
                sites,
                plan.geometry().buffer(25, 8),
                objekt_id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"grown:{plan['planid']}")),
                **{**values, "navn": f"{values['navn'][:100]} (udvidet)"},
            )
            count += 1
    return count


@pytest.fixture()
def hvidovre_workspace(
    tmp_path,
    shared_data,
    clean_project,
    settings_sandbox,
    erst_references,
    publisher,
    publisher_auth,
):
    Settings(publisher["url"], HVIDOVRE, publisher_auth).save()
    path = tmp_path / "hvidovre.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, HVIDOVRE), clean_project)
    layers = workspace_views(clean_project)
    confirmed = QDate(date.today() - timedelta(days=30))
    sites = layers["erhvervsareal"][0]
    assert sites.startEditing()
    plans = QgsVectorLayer(str(shared_data / PLANS), "lokalplaner", "ogr")
    assert _sites_from_plans(sites, plans, confirmed) > 40
    assert sites.commitChanges(), sites.commitErrors()
    # The business plans as sites, planted problems, infrastructure and a park candidate.
    _fill(layers, shared_data / PLANS)
    assert sites.startEditing()
    typo = next(plans.getFeatures('"anvgen" = 31 AND "komnr" = 167'))
    _add(
        sites,
        typo.geometry(),
        navn="Planid med tastefejl",
        status="ledig",
        anvendelse_generel=31,
        lokalplan_id="999999",
        sidst_bekraeftet=confirmed,
    )
    assert sites.commitChanges(), sites.commitErrors()
    return path, layers


def _kontrol(dock):
    dock.run_check()
    wait_until(lambda: dock.task is None and dock.result is not None, 600)
    note = dock.references_note.text()
    return dock.result, note


def comparable(finding: dict) -> tuple:
    """A finding without its numbers, and its numbers (English notation) apart."""
    numbers = tuple(float(text.replace(",", "")) for text in NUMBER.findall(finding["message_en"]))
    return (
        (
            finding["rule"],
            finding["severity"],
            finding["layer"],
            finding["feature"],
            finding["objekt_id"],
            finding["field"],
            finding["fixed"],
            NUMBER.sub("#", finding["message_da"]),
            NUMBER.sub("#", finding["message_en"]),
        ),
        numbers,
    )


def assert_same_findings(found: list[dict], expected: list[dict], what: str) -> None:
    assert [comparable(f)[0] for f in found] == [comparable(f)[0] for f in expected], what
    for mine, theirs in zip(found, expected):
        assert comparable(mine)[1] == pytest.approx(comparable(theirs)[1], abs=0.1), (
            what,
            mine["message_en"],
            theirs["message_en"],
        )


def test_kontrol_processing_and_the_publisher_give_one_answer_on_real_hvidovre_data(
    iface, hvidovre_workspace, publisher, publisher_auth, erst_references, tmp_path, qgis_processing
):
    import processing

    from publisher.references import load_references
    from publisher.validation import validate_file
    from qgis_desktop_screenshots import REFERENCE_FILES

    path, layers = hvidovre_workspace
    assert set(erst_references.kinds) == {kind for kind, _ in REFERENCE_FILES}  # every kind loaded

    with started_plugin(iface) as instance:
        kontrol, note = _kontrol(instance.dock)
        validated = processing.run(
            "overblikskort:validate_workspace",
            {
                "WORKSPACE": str(path),
                "KOMMUNEKODE": HVIDOVRE,
                "REPORT": str(tmp_path / "rapport.json"),
            },
        )
    assert note.startswith("Reference layers: Erhvervsstyrelsen's: ")
    processing_report = json.loads((tmp_path / "rapport.json").read_text("utf-8"))
    submission = export_submission(layers, tmp_path / "indsendelse.gpkg")
    answer = PublisherClient(publisher["url"], publisher["indsender"]).submit(submission, HVIDOVRE)
    publisher_report = answer["report"]

    local = [finding.to_dict() for finding in kontrol.report.findings]
    assert_same_findings(local, publisher_report["findings"], "Kontrol against the publisher")
    assert_same_findings(
        processing_report["findings"],
        publisher_report["findings"],
        "Processing against the publisher",
    )
    assert kontrol.report.summary == publisher_report["summary"] == processing_report["summary"]
    assert validated["BLOKERENDE"] == publisher_report["summary"]["blokerende"]
    assert kontrol.report.feature_counts == publisher_report["feature_counts"]

    rules = {finding["rule"] for finding in publisher_report["findings"]}
    print(
        f"\n{len(publisher_report['findings'])} findings, {publisher_report['summary']}, rules "
        f"{sorted(rules)}"
    )
    # The reference rules ran on real data: outside/straddling the kommune, nature, plans.
    assert {"G08", "G09", "R02", "R04", "R06"} <= rules, sorted(rules)
    assert "S02" not in rules and "S01" not in rules

    # The areas the checks measured, to 0.1 %.
    normalised = validate_file(submission, HVIDOVRE, load_references(publisher["data_dir"]))
    assert [f.to_dict() for f in normalised.report.findings] == publisher_report["findings"]
    areas = normalised.layers["erhvervsareal"]["areal_m2"].tolist()
    measured = [
        geometry.area() if geometry is not None else None
        for geometry in kontrol.geometries["erhvervsareal"]
    ]
    assert len(areas) == len(measured)
    for theirs, mine in zip(areas, measured):
        if mine is not None and theirs == theirs:
            assert mine == pytest.approx(theirs, rel=0.001)
