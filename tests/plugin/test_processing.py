"""The Processing provider "Overblikskort": Validér arbejdsfil and Eksportér indsendelse."""

from __future__ import annotations

import json

import pytest
from qgis.core import (
    QgsApplication,
    QgsField,
    QgsGeometry,
    QgsProcessingException,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

import plugin
from plugin.core.workspace import create_workspace, load_layers, open_workspace
from datamodel.layers import LAYERS

IN_HVIDOVRE = (
    "POLYGON((718500 6171000, 718600 6171000, 718600 6171100, 718500 6171100, 718500 6171000))"
)
IN_COPENHAGEN = (
    "POLYGON((725000 6175000, 725100 6175000, 725100 6175100, 725000 6175100, 725000 6175000))"
)


@pytest.fixture()
def provider(iface, qgis_processing):
    instance = plugin.classFactory(iface)
    instance.initProcessing()
    yield QgsApplication.processingRegistry().providerById("overblikskort")
    instance.unload()


def _workspace(path, rows):
    create_workspace(path)
    sites = next(
        layer
        for layer in open_workspace(path, "0167")
        if layer.customProperty("overblikskort/layer") == "erhvervsareal"
    )
    assert sites.startEditing()
    for wkt, values in rows:
        feature = QgsVectorLayerUtils.createFeature(
            sites, QgsGeometry.fromWkt(wkt), {}, sites.createExpressionContext()
        )
        for name, value in {"kommunekode": "0167", "anvendelse_generel": 31, **values}.items():
            feature[name] = value
        assert sites.addFeature(feature)
    assert sites.commitChanges(), sites.commitErrors()
    return path


def test_provider_offers_every_algorithm(provider):
    assert provider.name() == "Overblikskort"
    assert {a.name() for a in provider.algorithms()} == {
        "validate_workspace",
        "export_submission",
        "send_submission",
        "sites_to_confirm",
    }


def test_validate_writes_the_report_and_the_issue_layer(provider, tmp_path, shared_data):
    import processing

    path = _workspace(
        tmp_path / "a.gpkg",
        [
            (IN_HVIDOVRE, {"navn": "Holme", "status": "ledig"}),
            (IN_COPENHAGEN, {"navn": "KBH", "status": "solgt"}),
        ],
    )
    dagi = shared_data / "kommuner_dagi_neogeografen" / "geojson" / "kommuner.geojson"
    result = processing.run(
        "overblikskort:validate_workspace",
        {
            "WORKSPACE": str(path),
            "KOMMUNEKODE": "0167",
            "KOMMUNEGRAENSER": QgsVectorLayer(str(dagi), "kommuner", "ogr"),
            "REPORT": str(tmp_path / "rapport.json"),
            "ISSUES": str(tmp_path / "fund.gpkg"),
        },
    )
    report = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))
    assert result["BLOCKING"] is True and report["blocking"] is True
    assert report["kommune"] == "0167"
    rules = {(f["rule"], f["feature"]) for f in report["findings"]}
    assert ("G08", 2) in rules and ("A03", 2) in rules
    assert not [f for f in report["findings"] if f["feature"] == 1 and f["severity"] != "info"]
    assert result["BLOKERENDE"] == report["summary"]["blokerende"]
    issues = QgsVectorLayer(result["ISSUES"], "fund", "ogr")
    assert issues.featureCount() == len([f for f in report["findings"] if f["feature"]])


def test_export_refuses_blocking_findings_and_writes_a_clean_submission(provider, tmp_path):
    import processing
    from publisher.validation import validate_file

    bad = _workspace(tmp_path / "bad.gpkg", [(IN_HVIDOVRE, {"navn": "X", "status": "solgt"})])
    # No reference layers fetched: the export says it could not check, unless told to go on.
    with pytest.raises(
        QgsProcessingException, match="Could not check against Municipal boundaries"
    ):
        processing.run(
            "overblikskort:export_submission",
            {"WORKSPACE": str(bad), "KOMMUNEKODE": "0167", "OUTPUT": str(tmp_path / "out.gpkg")},
        )
    with pytest.raises(QgsProcessingException, match="1 blocking finding"):
        processing.run(
            "overblikskort:export_submission",
            {
                "WORKSPACE": str(bad),
                "KOMMUNEKODE": "0167",
                "WITHOUT_REFERENCES": True,
                "OUTPUT": str(tmp_path / "out.gpkg"),
            },
        )
    assert not (tmp_path / "out.gpkg").exists()

    good = _workspace(tmp_path / "good.gpkg", [(IN_HVIDOVRE, {"navn": "Holme", "status": "ledig"})])
    layer = load_layers(good)["erhvervsareal"][0]
    assert layer.startEditing()
    assert layer.addAttribute(QgsField("egen_note", QVariant.String))
    assert layer.commitChanges()
    out = processing.run(
        "overblikskort:export_submission",
        {
            "WORKSPACE": str(good),
            "KOMMUNEKODE": "0167",
            "WITHOUT_REFERENCES": True,
            "OUTPUT": str(tmp_path / "indsendelse.gpkg"),
        },
    )["OUTPUT"]
    exported = load_layers(out)
    assert set(exported) == set(LAYERS)
    assert [f.name() for f in exported["erhvervsareal"][0].fields()][1:] == list(
        LAYERS["erhvervsareal"].field_names
    )
    assert exported["erhvervsareal"][0].featureCount() == 1
    assert not validate_file(out, "0167").report.blocking


def test_export_counts_the_blocking_findings_the_kontrol_dock_counts(
    provider, iface, tmp_path, erst_references, clean_project, settings_sandbox
):
    """With Erhvervsstyrelsen's reference layers fetched, the export runs the full check: the
    site in København is outside the kommune (G08), as the dock says too."""
    import processing

    from plugin.core.settings import Settings
    from plugin.core.workspace import add_to_project
    from plugin.gui.kontrol_dock import KontrolDock

    path = _workspace(
        tmp_path / "tre.gpkg",
        [
            (IN_HVIDOVRE, {"navn": "Holme", "status": "solgt"}),
            (IN_COPENHAGEN, {"navn": "KBH", "status": "solgt"}),
        ],
    )
    Settings(kommunekode="0167").save()
    add_to_project(open_workspace(path, "0167"), clean_project)
    dock = KontrolDock(iface)
    dock.run_check()
    while dock.task is not None:
        QCoreApplication.processEvents()
    dock_blocking = dock.result.report.summary["blokerende"]
    assert dock_blocking == 3  # two unknown statuses, one site outside Hvidovre
    assert "Erhvervsstyrelsen's: Municipal boundaries (DAGI) " in dock.references_note.text()
    dock.close_issue_layer()
    dock.deleteLater()
    with pytest.raises(QgsProcessingException, match=f"{dock_blocking} blocking findings"):
        processing.run(
            "overblikskort:export_submission",
            {"WORKSPACE": str(path), "KOMMUNEKODE": "0167", "OUTPUT": str(tmp_path / "x.gpkg")},
        )


def test_bad_municipality_code_is_refused_clearly(provider, tmp_path):
    import processing

    path = _workspace(tmp_path / "k.gpkg", [])
    with pytest.raises(QgsProcessingException, match="four digits"):
        processing.run(
            "overblikskort:validate_workspace",
            {"WORKSPACE": str(path), "KOMMUNEKODE": "Hvidovre", "REPORT": str(tmp_path / "r.json")},
        )


def test_send_algorithm_uploads_to_the_publisher(
    provider, tmp_path, publisher, publisher_auth, own_reference_folder
):
    import processing

    good = _workspace(tmp_path / "send.gpkg", [(IN_HVIDOVRE, {"navn": "Holme", "status": "ledig"})])
    result = processing.run(
        "overblikskort:send_submission",
        {
            "WORKSPACE": str(good),
            "KOMMUNEKODE": "0167",
            "PUBLISHER_URL": publisher["url"],
            "AUTHCFG": publisher_auth,
            "REPORT": str(tmp_path / "svar.json"),
        },
    )
    assert result["STATUS"] == "til_godkendelse"
    assert result["SUBMISSION_ID"] >= 1
    # It fetched Erhvervsstyrelsen's reference layers itself before checking.
    assert (own_reference_folder / "referencelag.json").is_file()
    assert json.loads((tmp_path / "svar.json").read_text(encoding="utf-8"))["kommune"] == "0167"

    bad = _workspace(tmp_path / "bad.gpkg", [(IN_HVIDOVRE, {"navn": "X", "status": "solgt"})])
    with pytest.raises(QgsProcessingException, match="blocking"):
        processing.run(
            "overblikskort:send_submission",
            {
                "WORKSPACE": str(bad),
                "KOMMUNEKODE": "0167",
                "PUBLISHER_URL": publisher["url"],
                "AUTHCFG": publisher_auth,
            },
        )


def test_validate_runs_inside_a_processing_model(provider, tmp_path):
    import processing
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
    )

    model = QgsProcessingModelAlgorithm("Kontrol i model", "overblikskort")
    model.addModelParameter(
        QgsProcessingParameterFile("arbejdsfil", "Arbejdsfil", extension="gpkg"),
        QgsProcessingModelParameter("arbejdsfil"),
    )
    child = QgsProcessingModelChildAlgorithm("overblikskort:validate_workspace")
    child.setChildId("validate")
    report_path = tmp_path / "model_rapport.json"
    sources = {
        "WORKSPACE": QgsProcessingModelChildParameterSource.fromModelParameter("arbejdsfil"),
        "KOMMUNEKODE": QgsProcessingModelChildParameterSource.fromStaticValue("0167"),
        "REPORT": QgsProcessingModelChildParameterSource.fromStaticValue(str(report_path)),
    }
    for name, source in sources.items():
        child.addParameterSources(name, [source])
    model.addChildAlgorithm(child)
    path = _workspace(tmp_path / "m.gpkg", [(IN_HVIDOVRE, {"navn": "Holme", "status": "solgt"})])
    processing.run(model, {"arbejdsfil": str(path)})
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["blocking"] and {f["rule"] for f in report["findings"]} >= {"A03"}
