"""Typed settings from environment and TOML; the composition root wires the public build and
viewer in, so an approval or rollback switches the public artefacts."""
from __future__ import annotations

import json

import pytest

from publisher.settings import Settings, SettingsError

from publisher_support import HVIDOVRE, site_attributes


def test_settings_come_from_toml_then_environment_then_arguments(tmp_path):
    (tmp_path / "overblikskort.toml").write_text(
        'max_upload_bytes = 1000\nport = 9001\ndatabase_url = "postgresql://toml/db"\n')
    from_file = Settings.load(data_dir=tmp_path, environ={})
    assert (from_file.max_upload_bytes, from_file.port) == (1000, 9001)
    assert from_file.uses_postgis
    environment = {"OVERBLIKSKORT_PORT": "9002", "OVERBLIKSKORT_DATABASE_URL": ""}
    overridden = Settings.load(data_dir=tmp_path, environ=environment, port=9003)
    assert overridden.port == 9003 and overridden.max_upload_bytes == 1000
    assert overridden.database == f"sqlite:///{tmp_path / 'overblikskort.sqlite'}"
    assert overridden.public_path == tmp_path / "public"


@pytest.mark.parametrize("environ, fragment", [
    ({"OVERBLIKSKORT_PORT": "otte"}, "heltal"),
    ({"OVERBLIKSKORT_MAX_UPLOAD_BYTES": "-5"}, "positiv"),
])
def test_bad_settings_are_refused_with_a_clear_message(tmp_path, environ, fragment):
    with pytest.raises(SettingsError, match=fragment):
        Settings.load(data_dir=tmp_path, environ=environ)


def test_unreadable_config_file_is_refused(tmp_path):
    (tmp_path / "overblikskort.toml").write_text("port = [")
    with pytest.raises(SettingsError, match="konfigurationsfilen"):
        Settings.load(data_dir=tmp_path, environ={})


def test_approval_and_rollback_switch_the_public_artefacts(settings, make_submission):
    """The default composition: the real public build runs after every release change."""
    from publisher.api import create_app
    from publisher.auth import add_user
    from publisher.outputs import current_build

    app = create_app(settings)
    client = app.test_client()
    store = app.extensions["overblikskort.store"]
    _, submitter = add_user(store, "kommune", "indsender", HVIDOVRE, "test")
    _, approver = add_user(store, "erst", "godkender", None, "test")
    releases = []
    for name in ("Offentligt areal", "Omdøbt areal"):
        rows = [site_attributes(HVIDOVRE, navn=name),
                site_attributes(HVIDOVRE, navn="Hemmeligt areal", synlighed="myndigheder")]
        path, _ = make_submission(HVIDOVRE, rows=rows, count=len(rows))
        with open(path, "rb") as handle:
            submitted = client.post("/api/v1/submissions", data={"kommune": HVIDOVRE,
                                    "file": (handle, "a.gpkg")},
                                    headers={"Authorization": f"Bearer {submitter}"})
        assert submitted.status_code == 201, submitted.get_json()
        approved = client.post(f"/api/v1/submissions/{submitted.get_json()['id']}/approve",
                               json={}, headers={"Authorization": f"Bearer {approver}"})
        assert approved.get_json()["public_build"] == "ok", approved.get_json()
        releases.append(approved.get_json()["release"]["id"])
        published = (current_build(settings.public_path) / "downloads" /
                     "erhvervsareal.geojson").read_text()
        assert "Hemmeligt areal" not in published
        assert name in published
    rolled_back = client.post(f"/api/v1/kommuner/{HVIDOVRE}/rollback",
                              json={"release_id": releases[0], "confirm_republish": True},
                              headers={"Authorization": f"Bearer {approver}"})
    assert rolled_back.get_json()["public_build"] == "ok"
    features = json.loads((current_build(settings.public_path) / "downloads" /
                           "erhvervsareal.geojson").read_text())["features"]
    assert [f["properties"]["navn"] for f in features] == ["Offentligt areal"]
    assert client.get("/kort/").status_code == 200
    assert client.get("/ogc/collections").status_code == 200
    assert "Content-Security-Policy" in client.get("/godkend/").headers


def test_a_failing_build_keeps_the_release_and_is_audited(settings, make_submission):
    from publisher.api import create_app
    from publisher.auth import add_user

    def failing_build(kommunekode: str) -> None:
        raise RuntimeError("tippecanoe mangler")

    app = create_app(settings, release_hooks=[failing_build], blueprints=[])
    store = app.extensions["overblikskort.store"]
    submitter, _ = add_user(store, "kommune", "indsender", HVIDOVRE, "test")
    approver, _ = add_user(store, "erst", "godkender", None, "test")
    workflow = app.extensions["overblikskort.workflow"]
    path, _ = make_submission(HVIDOVRE, count=1)
    submitted = workflow.submit(submitter, HVIDOVRE, "a.gpkg", path.read_bytes())
    outcome = workflow.approve(approver, submitted["id"])
    assert outcome["public_build"] == "fejlede"
    assert store.kommune_state(HVIDOVRE).release_id == outcome["release"]["id"]
    failure = store.audit_log(HVIDOVRE)[0]
    assert failure.action == "offentlig_build_fejlede" and "tippecanoe" in failure.details["error"]
