"""The shared conformance cases (tests/conformance) through the plugin's QGIS adapter.

The same GeoPackage files the publisher's tests validate are read here by QGIS's OGR provider
and checked with the QgsGeometry adapter; the findings must be the expected ones, and equal to
the publisher's on the same file.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from qgis.core import QgsGeometry, QgsProject, QgsVectorLayer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.cases import CASES, REFERENCES, TODAY, Case
from conformance.shapely_files import case_references, write_case

from plugin.core.check import run_check, snapshot
from datamodel.rules import NaturArea, PlanArea, ReferenceSet


def qgis_references() -> ReferenceSet:
    return ReferenceSet(
        kommuner={code: QgsGeometry.fromWkt(wkt) for code, wkt in REFERENCES["kommuner"].items()},
        natur=[
            NaturArea(kind, navn, QgsGeometry.fromWkt(wkt))
            for kind, navn, wkt in REFERENCES["natur"]
        ],
        planer=[
            PlanArea(planid, anvgen, status, navn, QgsGeometry.fromWkt(wkt))
            for planid, anvgen, status, navn, wkt in REFERENCES["planer"]
        ],
    )


@pytest.fixture(scope="module")
def publisher_references():
    return case_references()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_gives_the_expected_findings_and_the_publishers(
    case: Case, tmp_path, clean_project, publisher_references
):
    from publisher.validation import validate_file

    path = write_case(case, tmp_path)
    layer = QgsVectorLayer(f"{path}|layername={case.layer}", case.layer, "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    references = qgis_references() if case.with_references else None
    report = run_check(snapshot({case.layer: layer}), case.kommune, references, today=TODAY).report

    found = Counter((finding.rule, finding.feature) for finding in report.findings)
    assert found == Counter(case.expected), report.to_json()
    for finding in report.findings:
        if finding.feature is not None:
            assert finding.objekt_id == case.features[finding.feature - 1].get("objekt_id")

    publisher = validate_file(
        path, case.kommune, publisher_references if case.with_references else None, today=TODAY
    ).report
    assert [f.to_dict() for f in report.findings] == [f.to_dict() for f in publisher.findings]
