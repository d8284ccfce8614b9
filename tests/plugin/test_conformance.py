"""The plugin's pre-flight check gives the publisher's verdict, finding for finding.

A workspace is built by the plugin from the real Hvidovre lokalplaner for business (anvgen 31)
with planted problems; the plugin checks it in QGIS (QgsGeometry adapter, reference layers read
by QGIS) and the publisher validates the saved GeoPackage (shapely adapter, pyogrio readers).
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from qgis.core import QgsGeometry, QgsVectorLayer, QgsVectorLayerUtils
from qgis.PyQt.QtCore import QDate

from plugin.core.check import check_now
from plugin.core.references import ReferenceLayers
from plugin.core.settings import Settings
from plugin.core.workspace import add_to_project, create_workspace, open_workspace, workspace_views

TODAY = date(2026, 11, 26)
HVIDOVRE = "0167"
BOW_TIE = (
    "POLYGON((718000 6170000, 718100 6170100, 718100 6170000, 718000 6170100, 718000 6170000))"
)


def _data(shared_data):
    base = shared_data / "hofor_tgvwebgis" / "hvidovre" / "GeoJSON-data"
    return {
        "kommunegraenser": shared_data
        / "kommuner_dagi_neogeografen"
        / "geojson"
        / "kommuner.geojson",
        "natura2000": base / "Habitat_omraader.geojson",
        "paragraf3": base / "Hvidovre_bekyttedenaturtyperparagraf3.geojson",
        "fredning": base / "Fredede_omraader.geojson",
        "lokalplaner": base / "Hvidovre_lokalplaner.geojson",
    }


def _add(layer, geometry, **values):
    feature = QgsVectorLayerUtils.createFeature(
        layer, geometry, {}, layer.createExpressionContext()
    )
    for name, value in values.items():
        feature[name] = value
    assert layer.addFeature(feature)


def _fill(layers, lokalplaner_path):
    sites = layers["erhvervsareal"][0]
    plans = QgsVectorLayer(str(lokalplaner_path), "lokalplaner", "ogr")
    assert sites.startEditing()
    for plan in plans.getFeatures('"anvgen" = 31'):
        _add(
            sites,
            plan.geometry(),
            objekt_id=str(uuid.uuid5(uuid.NAMESPACE_URL, str(plan["planid"]))),
            navn=plan["plannavn"][:120],
            status="ledig",
            anvendelse_generel=31,
            lokalplan_id=str(plan["planid"]),
            sidst_bekraeftet=QDate(2026, 10, 1),
        )
    planted = {"anvendelse_generel": 31, "sidst_bekraeftet": QDate(2026, 10, 1)}
    _add(sites, QgsGeometry.fromWkt(BOW_TIE), navn="Sløjfe", status="ledig", **planted)
    _add(
        sites,
        QgsGeometry.fromWkt(
            "POLYGON((718500 6171000, 718600 6171000, 718600 6171100, "
            "718500 6171100, 718500 6171000))"
        ),
        navn="Industrikvarter mÃ¥",
        status="solgt",
        miljoeklasse_min=5,
        miljoeklasse_max=3,
        ledigt_areal_m2=50000.0,
        anvendelse_generel=31,
        sidst_bekraeftet=QDate(2024, 1, 1),
        kontakt_email="ikke-en-adresse",
    )
    duplicate = next(sites.getFeatures())["objekt_id"]
    _add(
        sites,
        QgsGeometry.fromWkt(
            "POLYGON((725000 6175000, 725100 6175000, 725100 6175100, "
            "725000 6175100, 725000 6175000))"
        ),
        objekt_id=duplicate,
        navn="I København",
        status="reserveret",
        **planted,
    )
    assert sites.commitChanges(), sites.commitErrors()

    views = {
        view.customProperty("overblikskort/geometry"): view for view in layers["infrastruktur"]
    }
    points, lines, areas = views["point"], views["line"], views["polygon"]
    for view in (points, lines, areas):
        assert view.startEditing()
    _add(
        points,
        QgsGeometry.fromWkt("POINT(719000 6171500)"),
        type="el_station",
        status="eksisterende",
        navn="Avedøre 132 kV",
    )
    _add(
        lines,
        QgsGeometry.fromWkt("LINESTRING(719000 6171500, 725000 6175000)"),
        type="el_ledning",
        status="eksisterende",
        navn="132 kV til København",
    )
    _add(
        areas,
        QgsGeometry.fromWkt(
            "POLYGON((718000 6171000, 718400 6171000, 718400 6171300, 718000 6171000))"
        ),
        type="fjernvarme_omraade",
        status="planlagt",
        navn="Fjernvarme Holme",
    )
    _add(
        points,
        QgsGeometry.fromWkt("POINT(719100 6171500)"),
        type="vindmølle",
        status="eksisterende",
        kommunekode="167",
    )
    for view in (points, lines, areas):
        assert view.commitChanges(), view.commitErrors()

    candidates = layers["industripark_kandidat"][0]
    assert candidates.startEditing()
    _add(
        candidates,
        QgsGeometry.fromWkt(
            "POLYGON((717000 6168000, 719000 6168000, 719000 6169000, "
            "717000 6169000, 717000 6168000))"
        ),
        navn="Kandidat ved kysten",
        status="indmeldt",
    )
    assert candidates.commitChanges(), candidates.commitErrors()


@pytest.fixture()
def hvidovre_workspace(tmp_path, shared_data, clean_project, settings_sandbox):
    Settings(kommunekode=HVIDOVRE).save()
    path = tmp_path / "hvidovre.gpkg"
    create_workspace(path)
    add_to_project(open_workspace(path, HVIDOVRE), clean_project)
    layers = workspace_views(clean_project)
    _fill(layers, _data(shared_data)["lokalplaner"])
    return path, layers


def _qgis_references(files) -> ReferenceLayers:
    def layer(kind):
        loaded = QgsVectorLayer(str(files[kind]), kind, "ogr")
        assert loaded.isValid(), files[kind]
        return loaded

    return ReferenceLayers(
        kommunegraenser=[layer("kommunegraenser")],
        natur={kind: [layer(kind)] for kind in ("natura2000", "paragraf3", "fredning")},
        lokalplaner=[layer("lokalplaner")],
    )


def _publisher_report(path, files, with_references: bool):
    from publisher.validation import References, validate_file

    references = (
        References.from_files(
            kommunegraenser=files["kommunegraenser"],
            natura2000=[files["natura2000"]],
            paragraf3=[files["paragraf3"]],
            fredning=[files["fredning"]],
            lokalplaner=[files["lokalplaner"]],
        )
        if with_references
        else None
    )
    return validate_file(path, HVIDOVRE, references, today=TODAY).report


def _comparable(report) -> list[dict]:
    return [finding.to_dict() for finding in report.findings]


@pytest.mark.parametrize("with_references", [False, True], ids=["no-references", "references"])
def test_plugin_and_publisher_agree_on_real_hvidovre_sites(
    hvidovre_workspace, shared_data, with_references
):
    path, layers = hvidovre_workspace
    files = _data(shared_data)
    references = _qgis_references(files).rule_input() if with_references else None
    plugin_report = check_now(layers, HVIDOVRE, references, today=TODAY).report
    publisher_report = _publisher_report(path, files, with_references)

    assert plugin_report.ruleset_version == publisher_report.ruleset_version
    assert plugin_report.feature_counts == publisher_report.feature_counts
    assert _comparable(plugin_report) == _comparable(publisher_report)
    codes = {finding.rule for finding in plugin_report.findings}
    assert {"G02", "A09"} <= codes  # the planted problems were found at all
    assert plugin_report.blocking
    assert plugin_report.feature_counts["infrastruktur"] == 4  # points, a line and an area


def test_export_keeps_the_order_the_check_numbered(hvidovre_workspace, tmp_path):
    from publisher.validation import validate_file

    from plugin.core.export import export_submission

    _path, layers = hvidovre_workspace
    exported = export_submission(layers, tmp_path / "indsendelse.gpkg")
    local = check_now(layers, HVIDOVRE, today=TODAY).report
    remote = validate_file(exported, HVIDOVRE, today=TODAY).report
    assert _comparable(local) == _comparable(remote)
