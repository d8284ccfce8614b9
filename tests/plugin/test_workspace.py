"""'New workspace' / 'Open workspace': layers, styles, forms and constraints from the data model."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from osgeo import gdal
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFieldConstraints,
    QgsGeometry,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsVectorLayerUtils,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QDate

from plugin.core.fields import QVARIANT_TYPES
from plugin.core.settings import Settings
from plugin.core.workspace import (
    GROUP_NAME,
    WorkspaceError,
    add_to_project,
    create_workspace,
    is_mixed,
    open_workspace,
    workspace_layers,
    workspace_views,
)
from datamodel.codelists import CODELISTS
from datamodel.layers import LAYERS
from qgis_support import started_plugin

HARD = QgsFieldConstraints.ConstraintStrengthHard
SITE = QgsGeometry.fromWkt(
    "POLYGON((720000 6170000, 720100 6170000, 720100 6170050, 720000 6170050, 720000 6170000))"
)


@pytest.fixture()
def workspace(tmp_path, clean_project, settings_sandbox):
    Settings(kommunekode="0167").save()
    path = tmp_path / "arbejdsfil.gpkg"
    create_workspace(path)
    layers = open_workspace(path, Settings.load().kommunekode)
    add_to_project(layers, clean_project)
    return path, workspace_layers(clean_project)


def _accepts(layer, feature, name):
    ok, errors = QgsVectorLayerUtils.validateAttribute(
        layer, feature, layer.fields().indexOf(name), HARD
    )
    return ok, errors


def _feature_with(layer, **values):
    feature = QgsVectorLayerUtils.createFeature(layer, SITE, {}, layer.createExpressionContext())
    for name, value in values.items():
        feature[name] = value
    return feature


def test_geopackage_has_every_layer_field_and_type_of_the_data_model(workspace):
    path, _ = workspace
    for name, model in LAYERS.items():
        view = "|geometrytype=Point" if is_mixed(model) else ""
        layer = QgsVectorLayer(f"{path}|layername={name}{view}", name, "ogr")
        assert layer.isValid(), name
        assert layer.crs().authid() == "EPSG:25832"
        if not is_mixed(model):
            assert QgsWkbTypes.displayString(layer.wkbType()) == model.geometry_types[0]
        fields = {f.name(): f for f in layer.fields()}
        for field in model.fields:
            assert field.name in fields, (name, field.name)
            assert fields[field.name].type() == QVARIANT_TYPES[field.type], (name, field.name)
            if field.max_length:
                assert fields[field.name].length() == field.max_length


def test_layers_join_one_group_with_the_national_style(workspace, clean_project):
    _, _layers = workspace
    group = clean_project.layerTreeRoot().findGroup(GROUP_NAME)
    assert group is not None
    views = workspace_views(clean_project)
    assert set(views) == set(LAYERS)
    assert {node.layer().id() for node in group.findLayers()} == {
        view.id() for shown in views.values() for view in shown
    }
    for layer in group.findLayers():
        assert isinstance(layer.layer().renderer(), QgsCategorizedSymbolRenderer)


def test_infrastructure_holds_points_lines_and_areas_in_one_table(workspace, clean_project):
    path, _ = workspace
    views = {
        view.customProperty("overblikskort/geometry"): view
        for view in workspace_views(clean_project)["infrastruktur"]
    }
    assert set(views) == {"point", "line", "polygon"}
    rows = {
        "point": "POINT(720050 6170025)",
        "line": "LINESTRING(720000 6170000, 720100 6170100)",
        "polygon": "POLYGON((720000 6170000, 720100 6170000, 720100 6170100, 720000 6170000))",
    }
    for key, wkt in rows.items():
        view = views[key]
        assert view.startEditing()
        feature = QgsVectorLayerUtils.createFeature(
            view, QgsGeometry.fromWkt(wkt), {}, view.createExpressionContext()
        )
        feature["type"], feature["status"] = "el_ledning", "eksisterende"
        assert view.addFeature(feature) and view.commitChanges(), view.commitErrors()
        assert view.featureCount() == 1
    table = QgsVectorLayer(f"{path}|layername=infrastruktur", "alle", "ogr")
    assert table.featureCount() == 3
    assert {QgsWkbTypes.geometryType(f.geometry().wkbType()) for f in table.getFeatures()} == {
        QgsWkbTypes.PointGeometry,
        QgsWkbTypes.LineGeometry,
        QgsWkbTypes.PolygonGeometry,
    }


def test_code_lists_are_value_maps_with_labels(workspace):
    _, layers = workspace
    layer = layers["erhvervsareal"]
    setup = layer.editorWidgetSetup(layer.fields().indexOf("status"))
    assert setup.type() == "ValueMap"
    entries = {value: label for entry in setup.config()["map"] for label, value in entry.items()}
    for code in CODELISTS["erhvervsareal_status"].codes:
        assert entries[code.value] == code.label_en  # the test QGIS runs in English
    optional = layer.editorWidgetSetup(layer.fields().indexOf("ejer")).config()["map"]
    assert len(optional) == len(CODELISTS["ejer"].codes) + 1  # "not set" first


def test_danish_qgis_gets_danish_aliases_labels_and_messages(tmp_path, clean_project, danish):
    path = tmp_path / "dansk.gpkg"
    create_workspace(path)
    layer = {
        candidate.customProperty("overblikskort/layer"): candidate
        for candidate in open_workspace(path, "0167")
    }["erhvervsareal"]
    assert layer.attributeAlias(layer.fields().indexOf("miljoeklasse_max")) == "Miljøklasse maks."
    setup = layer.editorWidgetSetup(layer.fields().indexOf("status"))
    labels = [label for entry in setup.config()["map"] for label in entry]
    assert "Delvist ledig" in labels
    ok, errors = _accepts(layer, _feature_with(layer, status="solgt"), "status")
    assert not ok and "Delvist ledig" in " ".join(errors)


def test_english_qgis_gets_english_aliases(workspace):
    _, layers = workspace
    layer = layers["erhvervsareal"]
    assert (
        layer.attributeAlias(layer.fields().indexOf("miljoeklasse_max"))
        == "Environmental class max."
    )


def test_value_outside_a_code_list_is_refused_with_its_message(workspace):
    _, layers = workspace
    layer = layers["erhvervsareal"]
    ok, errors = _accepts(layer, _feature_with(layer, status="solgt"), "status")
    assert not ok
    assert any("Partly available" in error for error in errors), errors
    assert _accepts(layer, _feature_with(layer, status="ledig"), "status")[0]


@pytest.mark.parametrize(
    ("field", "bad", "good"),
    [
        ("kommunekode", "167", "0167"),
        ("miljoeklasse_max", 9, 5),
        ("anvendelse_generel", 99, 31),
        ("max_bebyggelsesprocent", 401.0, 60.0),
        ("kontakt_email", "ikke en adresse", "erhverv@hvidovre.dk"),
        ("link", "www.hvidovre.dk", "https://www.hvidovre.dk/erhverv"),
        ("navn", "   ", "Avedøre Holme"),
    ],
)
def test_constraints_refuse_bad_values_and_accept_good_ones(workspace, field, bad, good):
    _, layers = workspace
    layer = layers["erhvervsareal"]
    assert not _accepts(layer, _feature_with(layer, **{field: bad}), field)[0]
    assert _accepts(layer, _feature_with(layer, **{field: good}), field)[0]


def test_required_fields_are_hard_not_null(workspace):
    _, layers = workspace
    layer = layers["erhvervsareal"]
    for field in LAYERS["erhvervsareal"].fields:
        constraints = layer.fields().field(field.name).constraints()
        has_not_null = bool(constraints.constraints() & QgsFieldConstraints.ConstraintNotNull)
        assert has_not_null == field.required, field.name
    feature = _feature_with(layer, navn=None)
    assert not _accepts(layer, feature, "navn")[0]


def test_new_object_gets_its_defaults(workspace):
    _, layers = workspace
    layer = layers["erhvervsareal"]
    feature = QgsVectorLayerUtils.createFeature(layer, SITE, {}, layer.createExpressionContext())
    assert uuid.UUID(feature["objekt_id"]) and re.fullmatch(r"[0-9a-f-]{36}", feature["objekt_id"])
    assert feature["kommunekode"] == "0167"
    assert feature["sidst_bekraeftet"] == QDate(date.today())
    assert feature["synlighed"] == "offentlig"
    assert feature["areal_m2"] == pytest.approx(5000.0)
    other = QgsVectorLayerUtils.createFeature(layer, SITE, {}, layer.createExpressionContext())
    assert other["objekt_id"] != feature["objekt_id"]


def test_critical_infrastructure_defaults_to_authorities_only(workspace):
    _, layers = workspace
    layer = layers["infrastruktur"]
    point = QgsGeometry.fromWkt("POINT(720050 6170025)")
    type_index = layer.fields().indexOf("type")
    station = QgsVectorLayerUtils.createFeature(
        layer, point, {type_index: "el_station"}, layer.createExpressionContext()
    )
    port = QgsVectorLayerUtils.createFeature(
        layer, point, {type_index: "havn"}, layer.createExpressionContext()
    )
    assert station["synlighed"] == "myndigheder"
    assert port["synlighed"] == "offentlig"


def test_derived_area_is_read_only_and_follows_the_geometry(workspace):
    path, layers = workspace
    layer = layers["erhvervsareal"]
    form = layer.editFormConfig()
    assert form.readOnly(layer.fields().indexOf("areal_m2"))
    assert form.readOnly(layer.fields().indexOf("objekt_id"))
    assert not form.readOnly(layer.fields().indexOf("navn"))
    feature = _feature_with(layer, navn="Avedøre Holme", status="ledig", anvendelse_generel=31)
    assert layer.startEditing()
    assert layer.addFeature(feature)
    assert layer.commitChanges(), layer.commitErrors()
    saved = next(layer.getFeatures())
    assert layer.startEditing()
    bigger = QgsGeometry.fromWkt(
        "POLYGON((720000 6170000, 720200 6170000, 720200 6170050, 720000 6170050, 720000 6170000))"
    )
    assert layer.changeGeometry(saved.id(), bigger)
    assert layer.commitChanges(), layer.commitErrors()
    reread = QgsVectorLayer(f"{path}|layername=erhvervsareal", "x", "ogr")
    assert next(reread.getFeatures())["areal_m2"] == pytest.approx(10000.0)


def test_new_workspace_never_overwrites_a_file(workspace):
    path, _ = workspace
    size = path.stat().st_size
    with pytest.raises(WorkspaceError, match="already exists"):
        create_workspace(path)
    assert path.stat().st_size == size


def test_open_refuses_a_geopackage_without_the_layers(tmp_path, shared_data):
    with pytest.raises(WorkspaceError, match="not an Overblikskort workspace"):
        open_workspace(shared_data / "README.md", "0167")
    other = tmp_path / "andet.gpkg"
    layer = QgsVectorLayer("Point?crs=EPSG:25832&field=navn:string", "andet", "memory")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(other), QgsProject.instance().transformContext(), options
    )
    with pytest.raises(WorkspaceError, match="erhvervsareal"):
        open_workspace(other, "0167")


def test_workspace_of_an_older_data_model_is_upgraded_without_losing_anything(
    tmp_path, settings_sandbox
):
    from plugin.core.fields import qgs_field
    from plugin.core.workspace import upgrade_workspace

    path = tmp_path / "gammel.gpkg"
    old = LAYERS["erhvervsareal"]
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:25832", "erhvervsareal", "memory")
    layer.dataProvider().addAttributes(
        [qgs_field(f) for f in old.fields if f.name != "el_kapacitet_mw"]
    )
    layer.updateFields()
    feature = QgsVectorLayerUtils.createFeature(layer, SITE, {}, layer.createExpressionContext())
    feature["navn"] = "Fra før"
    layer.dataProvider().addFeatures([feature])
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName, options.layerName = "GPKG", "erhvervsareal"
    QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsProject.instance().transformContext(), options
    )

    added = upgrade_workspace(path)
    assert "erhvervsareal.el_kapacitet_mw" in added
    assert {"infrastruktur", "industripark_kandidat"} <= set(added)
    layers = {
        candidate.customProperty("overblikskort/layer"): candidate
        for candidate in open_workspace(path, "0167")
    }
    assert set(layers) == set(LAYERS)  # (the last view of a mixed layer wins here)
    upgraded = layers["erhvervsareal"]
    assert upgraded.fields().indexOf("el_kapacitet_mw") >= 0
    assert [f["navn"] for f in upgraded.getFeatures()] == ["Fra før"]
    assert upgrade_workspace(path) == []


def test_choosing_critical_infrastructure_in_the_form_hides_it_from_the_public(workspace):
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm

    _, layers = workspace
    layer = layers["infrastruktur"]
    assert layer.startEditing()
    feature = QgsVectorLayerUtils.createFeature(
        layer, QgsGeometry.fromWkt("POINT(720050 6170025)"), {}, layer.createExpressionContext()
    )
    form = QgsAttributeForm(layer, feature, QgsAttributeEditorContext())
    form.setMode(QgsAttributeEditorContext.AddFeatureMode)
    assert form.currentFormFeature()["synlighed"] == "offentlig"
    form.changeAttribute("type", "el_station")
    assert form.currentFormFeature()["synlighed"] == "myndigheder"
    layer.rollBack()


def test_the_form_will_not_let_an_object_that_breaks_a_constraint_be_saved(workspace):
    """QGIS enforces hard constraints in the form: its OK button stays disabled."""
    from qgis.gui import QgsAttributeEditorContext, QgsAttributeForm
    from qgis.PyQt.QtWidgets import QDialogButtonBox

    _, layers = workspace
    layer = layers["erhvervsareal"]
    assert layer.startEditing()
    feature = _feature_with(layer, navn="Holme", status="ledig", anvendelse_generel=31)
    form = QgsAttributeForm(layer, feature, QgsAttributeEditorContext())
    form.setMode(QgsAttributeEditorContext.AddFeatureMode)
    ok_button = form.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok)
    assert ok_button.isEnabled()
    form.changeAttribute("kontakt_email", "ikke en adresse")
    assert not ok_button.isEnabled()
    form.changeAttribute("kontakt_email", "erhverv@hvidovre.dk")
    assert ok_button.isEnabled()
    form.changeAttribute("navn", None)
    assert not ok_button.isEnabled()
    layer.rollBack()


def test_saving_one_layer_leaves_the_other_layers_of_the_file_readable(workspace, clean_project):
    """Saving opens the file for writing; the layers beside it must still report their extent
    and count, without GDAL errors in the log."""
    views = workspace_views(clean_project)
    points = next(
        view
        for view in views["infrastruktur"]
        if view.customProperty("overblikskort/geometry") == "point"
    )
    assert points.startEditing()
    station = QgsVectorLayerUtils.createFeature(
        points, QgsGeometry.fromWkt("POINT(720050 6170025)"), {}, points.createExpressionContext()
    )
    station["type"] = "el_station"
    assert points.addFeature(station)
    assert points.commitChanges(), points.commitErrors()
    sites = views["erhvervsareal"][0]
    assert sites.startEditing()
    assert sites.addFeature(
        _feature_with(sites, navn="Avedøre Holme", status="ledig", anvendelse_generel=31)
    )
    assert sites.commitChanges(), sites.commitErrors()

    gdal_errors = []
    gdal.PushErrorHandler(lambda level, number, message: gdal_errors.append(message))
    try:
        candidates = views["industripark_kandidat"][0]
        candidates.updateExtents()
        assert candidates.featureCount() == 0 and candidates.extent().isEmpty()
        points.updateExtents()
        assert points.featureCount() == 1
        assert points.extent().contains(QgsGeometry.fromWkt("POINT(720050 6170025)").asPoint())
    finally:
        gdal.PopErrorHandler()
    assert gdal_errors == []


def test_a_reopened_project_keeps_the_layers_of_the_file_readable_after_a_save(
    workspace, clean_project, iface, tmp_path
):
    project_file = str(tmp_path / "planlaegning.qgz")
    assert clean_project.write(project_file)
    clean_project.clear()
    with started_plugin(iface):
        assert clean_project.read(project_file)
        views = workspace_views(clean_project)
        sites = views["erhvervsareal"][0]
        assert sites.startEditing()
        assert sites.addFeature(
            _feature_with(sites, navn="Avedøre Holme", status="ledig", anvendelse_generel=31)
        )
        assert sites.commitChanges(), sites.commitErrors()
        candidates = views["industripark_kandidat"][0]
        assert candidates.featureCount() == 0
