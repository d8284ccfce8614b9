"""The rulebook as data and as a run that never fails: catalogue, CRS detection, crash safety,
declaration-driven attribute checks, purity of the package."""

from __future__ import annotations

import string
import subprocess
from datetime import date
from pathlib import Path

import pytest

from datamodel import LAYERS
from datamodel.findings import Severity
from datamodel.rules import RULES, RULESET_VERSION, LayerInput, crs_verdict, run_rules
from datamodel.rules.attribute_checks import check_fields
from datamodel.rules.context import LayerState, RunSettings
from datamodel.schema import Field, FieldType, Layer

REPO = Path(__file__).resolve().parents[2]


def test_codes_are_stable_and_every_rule_speaks_both_languages():
    assert RULESET_VERSION == "1.1.0"
    assert all(code[0] in "GARS" and code[1:].isdigit() and len(code) == 3 for code in RULES)
    for rule in RULES.values():
        for text in (
            rule.title_da,
            rule.title_en,
            rule.message_da,
            rule.message_en,
            rule.fix_da,
            rule.fix_en,
        ):
            assert text.strip()
        assert rule.message_da != rule.message_en

        def placeholders(text):
            return {name for _, name, _, _ in string.Formatter().parse(text) if name}

        assert placeholders(rule.message_da) == placeholders(rule.message_en), rule.code


def test_severities_follow_the_design():
    blocking = {code for code, rule in RULES.items() if rule.severity is Severity.BLOKERENDE}
    assert {"G01", "G03", "G04", "G07", "G08", "A02", "A03", "A09", "A16"} <= blocking
    assert RULES["G09"].severity is Severity.ADVARSEL and RULES["G02"].severity is Severity.ADVARSEL
    assert RULES["S01"].severity is Severity.INFO and RULES["S02"].severity is Severity.INFO


@pytest.mark.parametrize(
    "declared, bounds, action, source, swap",
    [
        ("EPSG:25832", (700000, 6160000, 720000, 6180000), "keep", "", False),
        (None, (700000, 6160000, 720000, 6180000), "keep", "", False),
        ("OGC:CRS84", (700000, 6160000, 720000, 6180000), "keep", "", False),
        ("OGC:CRS84", (12.4, 55.6, 12.5, 55.7), "reproject", "EPSG:4326", False),
        ("EPSG:25832", (12.4, 55.6, 12.5, 55.7), "reproject", "EPSG:4326", False),
        ("EPSG:4326", (55.6, 12.4, 55.7, 12.5), "reproject", "EPSG:4326", True),
        ("EPSG:3857", (1388000, 7480000, 1390000, 7490000), "reproject", "EPSG:3857", False),
        ("EPSG:25832", (0, 0, 100, 100), "unknown", "", False),
    ],
)
def test_crs_is_judged_from_the_coordinates(declared, bounds, action, source, swap):
    verdict = crs_verdict(declared, bounds)
    assert (verdict.action, verdict.source_crs, verdict.swap_axes) == (action, source, swap)


def test_declared_wgs84_with_utm_coordinates_is_read_as_25832_with_a_note():
    verdict = crs_verdict("OGC:CRS84", (700000, 6160000, 720000, 6180000))
    assert verdict.what is not None and "EPSG:25832" in verdict.what.da


class ExplodingAdapter:
    """An adapter whose every operation fails, as a broken geometry library would."""

    def __getattr__(self, name):
        def explode(*args, **kwargs):
            raise RuntimeError(f"{name} exploded")

        return explode


def test_a_crashing_check_becomes_an_info_finding_and_the_others_still_run():
    layer = LAYERS["erhvervsareal"]
    columns = {"objekt_id": ["x"], "navn": [None]}
    outcome = run_rules(
        [LayerInput(layer, columns, [object()])],
        ExplodingAdapter(),
        "0167",
        today=date(2026, 11, 26),
    )
    findings = outcome.report.findings
    crashed = [f for f in findings if f.rule == "S01"]
    assert crashed and all(f.severity is Severity.INFO for f in crashed)
    assert "kunne ikke køres" in crashed[0].message_da
    assert "could not run" in crashed[0].message_en and "exploded" in crashed[0].message_en
    rules = {f.rule for f in findings}
    assert {"A02", "A08", "A01"} <= rules  # attribute checks ran despite the geometry crash


def test_a_field_added_to_a_declaration_is_checked_without_new_code():
    extended = Layer(
        "erhvervsareal",
        "Erhvervsareal",
        "Business site",
        ("MultiPolygon",),
        (
            *LAYERS["erhvervsareal"].fields,
            Field(
                "antal_parkeringspladser",
                FieldType.INTEGER,
                "Parkeringspladser",
                "Parking spaces",
                required=True,
                minimum=0,
                maximum=5000,
            ),
            Field("cvr", FieldType.TEXT, "CVR", "CVR", pattern=r"\d{8}"),
            Field("ejer_2", FieldType.TEXT, "Ejer 2", "Owner 2", codelist="ejer"),
        ),
    )
    columns = {
        "antal_parkeringspladser": [10, float("nan"), 9000, "mange"],
        "cvr": ["12345678", "1234", None, "12345678"],
        "ejer_2": ["kommune", "fond", None, "privat"],
    }
    state = LayerState(LayerInput(extended, columns, [None] * 4))
    run = RunSettings(adapter=None, kommune="0167", today=date(2026, 11, 26))
    found = {(f.rule, f.feature, f.field) for f in check_fields(state, run) if f.field in columns}
    assert found == {
        ("A02", 2, "antal_parkeringspladser"),
        ("A05", 3, "antal_parkeringspladser"),
        ("A04", 4, "antal_parkeringspladser"),
        ("A07", 2, "cvr"),
        ("A03", 2, "ejer_2"),
    }


def test_the_datamodel_package_imports_with_the_standard_library_only():
    script = (
        "import sys; sys.path.insert(0, '.'); "
        "import datamodel, datamodel.rules, datamodel.docs, datamodel.geometry; "
        "third = [m for m in ('numpy', 'shapely', 'qgis', 'pandas') if m in sys.modules]; "
        "assert not third, third; print(datamodel.rules.RULESET_VERSION)"
    )
    completed = subprocess.run(
        ["/usr/bin/python3", "-I", "-S", "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == RULESET_VERSION


def test_committed_datamodel_document_is_up_to_date():
    from datamodel.docs import datamodel_markdown

    committed = (REPO / "docs" / "datamodel.md").read_text(encoding="utf-8")
    assert committed == datamodel_markdown(), "run: python -m publisher docs docs/datamodel.md"


def test_datamodel_document_lists_fields_codes_and_rules_in_danish():
    from datamodel.docs import datamodel_markdown

    text = datamodel_markdown()
    assert "## Erhvervsareal (`erhvervsareal`)" in text
    assert (
        "| `ledigt_areal_m2` | decimaltal | Ledigt areal (m²) | Free area (m²) | nej | 0– |" in text
    )
    assert "| `3120` | Industri *(foreløbig)* | Industry |" in text
    assert "| A15 | advarsel | Ødelagte tegn |" in text


def test_report_format_document_lists_every_rule_with_its_severity():
    document = (REPO / "docs" / "report-format.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"| {code} | {rule.severity.value}" in document, code
