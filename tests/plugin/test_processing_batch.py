"""The Overblikskort algorithms in Processing's batch mode and with help in the QGIS language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingAlgorithm, QgsProcessingFeedback

import plugin
from test_processing import IN_COPENHAGEN, IN_HVIDOVRE, _workspace

ALGORITHM_IDS = (
    "overblikskort:validate_workspace",
    "overblikskort:export_submission",
    "overblikskort:send_submission",
    "overblikskort:sites_to_confirm",
)


@pytest.fixture()
def provider(iface, qgis_processing):
    instance = plugin.classFactory(iface)
    instance.initProcessing()
    yield QgsApplication.processingRegistry().providerById("overblikskort")
    instance.unload()


@pytest.mark.parametrize("algorithm_id", ALGORITHM_IDS)
def test_algorithm_is_offered_in_batch_mode_and_the_model_designer(provider, algorithm_id):
    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    flags = algorithm.flags()
    assert flags & QgsProcessingAlgorithm.FlagSupportsBatch
    assert not flags & (
        QgsProcessingAlgorithm.FlagHideFromModeler | QgsProcessingAlgorithm.FlagHideFromToolbox
    )
    assert all(
        parameter.name().isupper() and parameter.description()
        for parameter in algorithm.parameterDefinitions()
    )


def test_validate_runs_as_a_batch_over_two_workspaces(provider, tmp_path):
    """Two rows run the way Processing's batch dialog runs them (BatchAlgorithmDialog.runAlgorithm
    in QGIS 3.22): one algorithm instance from the registry, parameters preprocessed, a new
    context per row, ``run`` row after row."""
    from processing.tools.dataobjects import createContext

    clean = _workspace(tmp_path / "ren.gpkg", [(IN_HVIDOVRE, {"navn": "Holme", "status": "ledig"})])
    blocked = _workspace(
        tmp_path / "blokeret.gpkg",
        [
            (IN_HVIDOVRE, {"navn": "Holme", "status": "ledig"}),
            (IN_COPENHAGEN, {"navn": "KBH", "status": "solgt"}),
        ],
    )
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHM_IDS[0])
    rows = [
        {
            "WORKSPACE": str(workspace),
            "KOMMUNEKODE": "0167",
            "REPORT": str(tmp_path / f"rapport_{row}.json"),
            "ISSUES": str(tmp_path / f"fund_{row}.gpkg"),
        }
        for row, workspace in enumerate((clean, blocked))
    ]
    outputs = []
    for parameters in rows:
        feedback = QgsProcessingFeedback()
        results, ok = algorithm.run(
            algorithm.preprocessParameters(parameters), createContext(feedback), feedback
        )
        assert ok, results
        outputs.append(results)

    reports = [
        json.loads(Path(results["REPORT"]).read_text(encoding="utf-8")) for results in outputs
    ]
    assert [report["blocking"] for report in reports] == [False, True]
    assert [results["BLOCKING"] for results in outputs] == [False, True]
    assert [report["feature_counts"]["erhvervsareal"] for report in reports] == [1, 2]
    assert {(f["rule"], f["feature"]) for f in reports[1]["findings"]} >= {("A03", 2)}
    assert Path(outputs[1]["ISSUES"]).exists()


def test_help_of_every_algorithm_in_danish(iface, qgis_processing, danish):
    instance = plugin.classFactory(iface)
    instance.initGui()  # installs the translator, as QGIS does on start
    try:
        registry = QgsApplication.processingRegistry()
        texts = {
            algorithm_id: (
                registry.algorithmById(algorithm_id).displayName(),
                registry.algorithmById(algorithm_id).shortHelpString(),
            )
            for algorithm_id in ALGORITHM_IDS
        }
    finally:
        instance.unload()
    assert texts["overblikskort:validate_workspace"][0] == "Validér arbejdsfil"
    for name, help_text in texts.values():
        assert len(help_text) > 120 and "arbejdsfil" in help_text, (name, help_text)
        assert "workspace" not in help_text
