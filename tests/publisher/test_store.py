"""The store on both backends: migrations, transactions, immutable releases, versioned pointer."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from publisher.store import Conflict, NotFound, Store
from publisher.store.migrations import MIGRATIONS
from publisher.store.features import rows_from_frames

from publisher_support import HVIDOVRE, site_attributes


def _features(kommune: str, count: int = 2, *, x0: float = 718000.0):
    rows = [site_attributes(kommune, navn=f"Areal <b>{i}</b> æøå") for i in range(count)]
    geometries = [
        shapely.box(x0 + i * 100, 6169000, x0 + i * 100 + 50, 6169050) for i in range(count)
    ]
    return rows_from_frames(
        {"erhvervsareal": gpd.GeoDataFrame(rows, geometry=geometries, crs=25832)}
    )


def _submit(store: Store, kommune: str = HVIDOVRE, status: str = "til_godkendelse", **kwargs):
    features = kwargs.pop("features", None) or _features(kommune)
    return store.add_submission(
        kommunekode=kommune,
        status=status,
        uploader="indsender",
        ruleset_version="1.0.0",
        report={"summary": {"blokerende": 0}},
        report_hash="abc",
        file_name="a.gpkg",
        file_sha256="00",
        file_content=b"GPKG bytes",
        features=features,
    )


def test_migrations_are_recorded_once_and_idempotent(store):
    assert store.schema_version() == len(MIGRATIONS)
    assert store.migrate() == []
    assert Store.open(store_database(store)).migrate() == []


def store_database(store: Store) -> str:
    backend = store.backend
    return f"sqlite:///{backend.path}" if backend.name == "sqlite" else backend.dsn


def test_submission_keeps_features_file_and_report(store):
    features = _features(HVIDOVRE, 3)
    submission = _submit(store, features=features)
    assert submission.status == "til_godkendelse"
    assert store.submission_file(submission.id) == ("a.gpkg", b"GPKG bytes")
    stored = store.submission_features(submission.id)
    assert [f.objekt_id for f in stored] == [f.objekt_id for f in features]
    assert stored[0].attributes["navn"] == "Areal <b>0</b> æøå"
    assert shapely.from_wkb(stored[0].wkb).equals(shapely.from_wkb(features[0].wkb))
    assert [e.action for e in store.audit_log(HVIDOVRE)] == ["indsendt"]


def test_approval_makes_an_immutable_release_and_moves_the_pointer(store):
    submission = _submit(store)
    release, state = store.approve(submission.id, "godkender", "fint", expected_version=0)
    assert (release.number, release.current, state.version) == (1, True, 1)
    frames = store.release_frames(release.id)
    assert list(frames) == ["erhvervsareal"]
    assert frames["erhvervsareal"].crs.to_epsg() == 25832
    assert len(frames["erhvervsareal"]) == 2
    with pytest.raises(Exception, match="immutable"), store.transaction() as tx:
        tx.execute("UPDATE releases SET number = 9 WHERE id = ?", (release.id,))
    with pytest.raises(Exception, match="immutable"), store.transaction() as tx:
        tx.execute("DELETE FROM release_features WHERE release_id = ?", (release.id,))
    assert store.release(release.id).number == 1


def test_stale_version_is_a_conflict_and_changes_nothing(store):
    first = _submit(store)
    store.approve(first.id, "godkender", expected_version=0)
    second = _submit(store)
    with pytest.raises(Conflict):
        store.approve(second.id, "godkender", expected_version=0)
    assert store.submission(second.id).status == "til_godkendelse"
    assert len(store.releases(HVIDOVRE)) == 1
    assert store.kommune_state(HVIDOVRE).version == 1


def test_rollback_moves_pointer_to_an_earlier_release(store):
    first = store.approve(_submit(store).id, "godkender")[0]
    second = store.approve(_submit(store).id, "godkender")[0]
    assert store.kommune_state(HVIDOVRE).release_id == second.id
    state = store.rollback(HVIDOVRE, first.id, "godkender", expected_version=2)
    assert (state.release_id, state.version) == (first.id, 3)
    with pytest.raises(Conflict):
        store.rollback(HVIDOVRE, second.id, "godkender", expected_version=2)
    with pytest.raises(NotFound):
        store.rollback("0101", second.id, "godkender")
    actions = [e.action for e in store.audit_log(HVIDOVRE)]
    assert actions[0] == "rullet_tilbage" and actions.count("godkendt") == 2


def test_decided_submission_cannot_be_decided_again(store):
    submission = _submit(store)
    store.reject(submission.id, "godkender", "nej", [{"objekt_id": "x", "comment": "forkert"}])
    with pytest.raises(Conflict):
        store.approve(submission.id, "godkender")
    assert store.kommune_state(HVIDOVRE).release_id is None
    assert store.submission(submission.id).object_comments == [
        {"objekt_id": "x", "comment": "forkert"}
    ]


def test_failed_transaction_leaves_nothing(store):
    before = len(store.submissions())
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.execute(
            "INSERT INTO audit_log (at, actor, action, details) VALUES (?, ?, ?, ?)",
            ("2026-01-01T00:00:00+00:00", "x", "y", store.backend.json_param({})),
        )
        raise RuntimeError("boom")
    assert len(store.submissions()) == before
    assert all(entry.actor != "x" for entry in store.audit_log())


def test_postgis_keeps_geometries_as_epsg_25832(store):
    if store.backend.name != "postgis":
        assert store.backend.column_types["geom"] == "BLOB"  # WKB in SQLite
        return
    release = store.approve(_submit(store).id, "godkender")[0]
    with store.transaction() as tx:
        rows = tx.all(
            "SELECT ST_SRID(geom), GeometryType(geom), ST_IsValid(geom) "
            "FROM release_features WHERE release_id = ?",
            (release.id,),
        )
        kommune = tx.one(
            "SELECT ST_SRID(geom), COUNT(*) FROM reference_features "
            "WHERE kind = 'kommunegraenser' GROUP BY ST_SRID(geom)"
        )
    assert {tuple(row) for row in rows} == {(25832, "MULTIPOLYGON", True)} or {
        tuple(row) for row in rows
    } == {(25832, "POLYGON", True)}
    assert tuple(kommune) == (25832, 99)
