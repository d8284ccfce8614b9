"""Typed settings from environment and TOML (the public build worker: test_public_build_worker)."""

from __future__ import annotations

import pytest

from publisher.settings import Settings, SettingsError


def test_settings_come_from_toml_then_environment_then_arguments(tmp_path):
    (tmp_path / "overblikskort.toml").write_text(
        'max_upload_bytes = 1000\nport = 9001\ndatabase_url = "postgresql://toml/db"\n'
    )
    from_file = Settings.load(data_dir=tmp_path, environ={})
    assert (from_file.max_upload_bytes, from_file.port) == (1000, 9001)
    assert from_file.uses_postgis
    environment = {"OVERBLIKSKORT_PORT": "9002", "OVERBLIKSKORT_DATABASE_URL": ""}
    overridden = Settings.load(data_dir=tmp_path, environ=environment, port=9003)
    assert overridden.port == 9003 and overridden.max_upload_bytes == 1000
    assert overridden.database == f"sqlite:///{tmp_path / 'overblikskort.sqlite'}"
    assert overridden.public_path == tmp_path / "public"


@pytest.mark.parametrize(
    "environ, fragment",
    [
        ({"OVERBLIKSKORT_PORT": "otte"}, "heltal"),
        ({"OVERBLIKSKORT_MAX_UPLOAD_BYTES": "-5"}, "positiv"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(tmp_path, environ, fragment):
    with pytest.raises(SettingsError, match=fragment):
        Settings.load(data_dir=tmp_path, environ=environ)


def test_unreadable_config_file_is_refused(tmp_path):
    (tmp_path / "overblikskort.toml").write_text("port = [")
    with pytest.raises(SettingsError, match="konfigurationsfilen"):
        Settings.load(data_dir=tmp_path, environ={})
