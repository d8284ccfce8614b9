"""The demo data set: deterministic, complete against the data model, and plausible on the map."""

from __future__ import annotations

import datetime as dt
import re

import pyogrio
import pytest
import shapely

from datamodel import CODELISTS, LAYERS, FieldType, Visibility
from datamodel.layers import default_visibility
from publisher.references import NATUR_KINDS
from publisher.demo.data import (
    SITE_AREA_M2,
    generate_demo,
    update_of,
    write_references,
    write_submission,
)

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module", params=["fictitious", "dagi"])
def dataset(request):
    shared = request.getfixturevalue("shared_data") if request.param == "dagi" else None
    data = generate_demo(today=TODAY, shared_data=shared)
    expected = "DAGI" if shared else "fiktive"
    assert data.boundary_source.startswith(expected)
    return data


def test_same_seed_and_day_give_the_same_objects():
    first = generate_demo(today=TODAY)
    second = generate_demo(today=TODAY)
    for kommunekode, layers in first.submissions.items():
        for layer_name, frame in layers.items():
            other = second.submissions[kommunekode][layer_name]
            assert frame.drop(columns="geometry").equals(other.drop(columns="geometry"))
            assert frame.geometry.geom_equals_exact(other.geometry, 0).all()
    assert first.lokalplaner.drop(columns="geometry").equals(
        second.lokalplaner.drop(columns="geometry")
    )


def test_every_field_of_the_data_model_is_filled_with_an_allowed_value(dataset):
    for kommunekode, layers in dataset.submissions.items():
        assert set(layers) == set(LAYERS)
        for layer_name, frame in layers.items():
            layer = LAYERS[layer_name]
            assert list(frame.columns[:-1]) == list(layer.field_names)
            assert len(frame) > 0
            assert (frame["kommunekode"] == kommunekode).all()
            assert frame["objekt_id"].is_unique
            for field in layer.fields:
                values = frame[field.name].dropna()
                if field.required:
                    assert len(values) == len(frame), f"{layer_name}.{field.name} has gaps"
                for value in values:
                    _assert_allowed(layer_name, field, value)


def _assert_allowed(layer_name, field, value):
    where = f"{layer_name}.{field.name}={value!r}"
    if field.codelist:
        assert str(value) in CODELISTS[field.codelist].values, where
    if field.minimum is not None:
        assert value >= field.minimum, where
    if field.maximum is not None:
        assert value <= field.maximum, where
    if field.pattern:
        assert re.fullmatch(field.pattern, str(value)), where
    if field.max_length:
        assert len(str(value)) <= field.max_length, where
    if field.type is FieldType.DATE:
        assert isinstance(value, dt.date), where


def test_sites_are_plausible_business_land(dataset):
    for kommunekode, layers in dataset.submissions.items():
        sites = layers["erhvervsareal"]
        boundary = dataset.kommuner.set_index("kommunekode").geometry[kommunekode]
        assert sites.geometry.within(boundary.buffer(-100)).all()
        assert sites.area.between(*SITE_AREA_M2).all()
        assert (sites["ledigt_areal_m2"] <= sites.area).all()
        assert (sites["miljoeklasse_min"] <= sites["miljoeklasse_max"]).all()
        assert sites["sidst_bekraeftet"].map(lambda d: (TODAY - d).days).between(0, 400).all()
        assert sites["status"].nunique() >= 2
        hidden = sites["synlighed"] == Visibility.MYNDIGHEDER.value
        assert 0 < hidden.sum() < len(sites)
        assert not shapely.union_all(sites.geometry.values).is_empty
        pairs = sites.sindex.query(sites.geometry, predicate="overlaps")
        assert pairs.shape[1] == 0, "sites overlap each other"


def test_a_few_sites_are_overdue_for_confirmation_so_the_desk_has_something_to_show(dataset):
    ages = [
        (TODAY - day).days
        for layers in dataset.submissions.values()
        for day in layers["erhvervsareal"]["sidst_bekraeftet"]
    ]
    overdue = sum(age > 365 for age in ages)
    assert 0 < overdue <= len(ages) // 4


def test_every_site_lies_in_its_adopted_business_lokalplan_clear_of_nature(dataset):
    plans = dataset.lokalplaner.set_index("planid")
    nature = shapely.union_all(dataset.natur.geometry.values)
    for layers in dataset.submissions.values():
        for site in layers["erhvervsareal"].itertuples():
            plan = plans.loc[site.lokalplan_id]
            assert plan.status == "V"
            assert str(plan.anvgen) == str(site.anvendelse_generel)
            assert plan.geometry.contains(site.geometry)
            assert not site.geometry.intersects(nature)
    assert set(dataset.natur["kind"]) == set(NATUR_KINDS)
    assert set(dataset.lokalplaner["anvgen"].astype(str)) <= CODELISTS["anvendelse_generel"].values
    assert set(dataset.lokalplaner["status"]) == {"V"}


def test_critical_infrastructure_is_for_authorities_only(dataset):
    layer = LAYERS["infrastruktur"]
    for layers in dataset.submissions.values():
        infrastructure = layers["infrastruktur"]
        assert {"el_station", "fjernvarme_vaerk", "motorvej_tilslutning"} <= set(
            infrastructure["type"]
        )
        for row in infrastructure.itertuples():
            assert row.synlighed == default_visibility(layer, row.type).value
        assert (infrastructure["synlighed"] == Visibility.MYNDIGHEDER.value).any()


def test_submission_geopackage_holds_the_data_model_layers(dataset, tmp_path):
    path = write_submission(dataset, "0167", tmp_path / "hvidovre.gpkg")
    listed = {name for name, _ in pyogrio.list_layers(path)}
    assert listed == set(LAYERS)
    for layer_name, layer in LAYERS.items():
        info = pyogrio.read_info(path, layer=layer_name)
        assert info["crs"] == "EPSG:25832"
        assert set(layer.field_names) <= set(info["fields"])
        assert info["geometry_type"] == layer.table_geometry_type
        assert info["features"] == len(dataset.submissions["0167"][layer_name])
    read = pyogrio.read_dataframe(path, layer="erhvervsareal")
    assert read["navn"].tolist() == dataset.submissions["0167"]["erhvervsareal"]["navn"].tolist()
    assert any(
        letter in "".join(read["kontakt_navn"]) + "".join(read["navn"]) for letter in "æøåÆØÅ"
    )


def test_reference_files_carry_the_fields_the_validator_reads(dataset, tmp_path):
    written = write_references(dataset, tmp_path)
    expected = {
        "kommunegraenser": {"kommunekode", "navn"},
        "natur": {"navn"},
        "lokalplaner": {"planid", "anvgen", "status"},
    }
    assert {item.kind for item in written} == set(expected)
    assert {item.natur_kind for item in written if item.kind == "natur"} == set(NATUR_KINDS)
    for item in written:
        info = pyogrio.read_info(item.path)
        assert expected[item.kind] <= set(info["fields"]), item
        assert info["crs"] == "EPSG:25832"


def test_an_update_reserves_one_site_sells_one_and_adds_one_inside_an_adopted_plan(dataset):
    kommunekode = dataset.kommunekoder[1]
    before = dataset.submissions[kommunekode]["erhvervsareal"].set_index("objekt_id")
    after = update_of(dataset, kommunekode)["erhvervsareal"].set_index("objekt_id")
    added = set(after.index) - set(before.index)
    removed = set(before.index) - set(after.index)
    assert len(added) == 1 and len(removed) == 1
    kept = sorted(set(before.index) & set(after.index))
    changed = [
        oid
        for oid in kept
        if not before.loc[oid].drop("geometry").equals(after.loc[oid].drop("geometry"))
    ]
    assert len(changed) == 1
    assert after.loc[changed[0], "status"] == "reserveret"
    assert after.loc[changed[0], "ledigt_areal_m2"] == 0
    new_site = after.loc[next(iter(added))]
    plan = dataset.lokalplaner.set_index("planid").loc[new_site["lokalplan_id"]]
    assert plan.geometry.contains(new_site.geometry)
    others = shapely.union_all(after.drop(index=list(added)).geometry.values)
    assert not new_site.geometry.intersects(others)
    assert update_of(dataset, kommunekode)["infrastruktur"].equals(
        dataset.submissions[kommunekode]["infrastruktur"]
    )
