"""Every rule, passing and failing, through the real reader, rules and shapely adapter."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conformance.cases import CASES, TODAY, Case
from conformance.shapely_files import case_references, write_case

from datamodel.findings import Severity
from datamodel.rules import RULES
from publisher.validation import validate_file


@pytest.fixture(scope="module")
def references():
    return case_references()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_gives_exactly_the_expected_findings(case: Case, references, tmp_path):
    path = write_case(case, tmp_path)
    result = validate_file(
        path, case.kommune, references if case.with_references else None, today=TODAY
    )
    found = Counter((finding.rule, finding.feature) for finding in result.report.findings)
    assert found == Counter(case.expected), result.report.to_json()
    for finding in result.report.findings:
        if finding.feature is not None:
            assert finding.objekt_id == case.features[finding.feature - 1].get("objekt_id")
        assert finding.message_da and finding.message_en and finding.fix_da and finding.fix_en
        assert "{" not in finding.message_da + finding.message_en + finding.fix_da


def test_every_rule_has_a_failing_case():
    covered = {rule for case in CASES for rule, _ in case.expected}
    file_level = {"S03", "S04"}  # need more than one layer or a GeoJSON: test_validation_files
    assert set(RULES) - covered == file_level


def test_blocking_follows_the_severity_of_the_findings(references, tmp_path):
    blocked = next(case for case in CASES if case.name.startswith("A02"))
    warned = next(case for case in CASES if case.name.startswith("G09"))
    for case, blocking in ((blocked, True), (warned, False)):
        folder = tmp_path / case.name[:3]
        folder.mkdir()
        report = validate_file(
            write_case(case, folder), case.kommune, references, today=TODAY
        ).report
        assert report.blocking is blocking
        assert report.summary[Severity.BLOKERENDE.value] == (1 if blocking else 0)
