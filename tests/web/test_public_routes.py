"""The public blueprint's own routes: artefacts, downloads, vendored libraries."""

from __future__ import annotations

import pyogrio
import requests


def test_json_artefacts_are_served_gzipped_to_browsers_that_take_it(server):
    config = requests.get(f"{server.url}/kort/config.json", timeout=10).json()
    url = f"{server.url}{config['data']}sites.json"
    compressed = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=10)
    plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=10)
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert compressed.json() == plain.json() and len(plain.json()) == 26
    assert int(compressed.headers["Content-Length"]) < len(plain.content) / 3


def test_map_library_and_viewer_code_are_served_gzipped_to_browsers_that_take_it(server):
    for path in ("vendor/maplibre-gl/maplibre-gl.mjs", "app/app.js"):
        url = f"{server.url}/kort/{path}"
        compressed = requests.get(url, headers={"Accept-Encoding": "gzip"}, timeout=10)
        plain = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=10)
        assert compressed.headers["Content-Encoding"] == "gzip", path
        assert compressed.headers["Content-Type"].startswith("text/javascript"), path
        assert compressed.content == plain.content, path
        assert int(compressed.headers["Content-Length"]) < len(plain.content) / 2, path
    assert requests.get(f"{server.url}/kort/app/nothing.js", timeout=10).status_code == 404


def test_downloads_are_attachments_of_the_current_build(server, tmp_path):
    response = requests.get(f"{server.url}/kort/downloads/erhvervsareal.gpkg", timeout=10)
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    (tmp_path / "erhvervsareal.gpkg").write_bytes(response.content)
    assert len(pyogrio.read_dataframe(tmp_path / "erhvervsareal.gpkg", layer="erhvervsareal")) == 26
    assert (
        requests.get(f"{server.url}/kort/downloads/synlighed.gpkg", timeout=10).status_code == 404
    )
    assert (
        requests.get(f"{server.url}/kort/downloads/erhvervsareal.shp", timeout=10).status_code
        == 404
    )


def test_only_the_listed_library_files_are_served(server):
    assert requests.get(f"{server.url}/kort/vendor/maplibre-gl/maplibre-gl.mjs", timeout=10).ok
    assert requests.get(
        f"{server.url}/kort/vendor/maplibre-gl/maplibre-gl-worker.mjs", timeout=10
    ).ok
    for path in (
        "maplibre-gl/package.json",
        "pmtiles/..%2F..%2Fpackage.json",
        "fflate/index.js",
        "axe-core/axe.js",
    ):
        assert requests.get(f"{server.url}/kort/vendor/{path}", timeout=10).status_code == 404, path
    assert (
        requests.get(f"{server.url}/kort/data/not-a-build/style.json", timeout=10).status_code
        == 404
    )


def test_viewer_page_forbids_foreign_scripts(server):
    response = requests.get(f"{server.url}/kort/", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "http" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "cdn" not in response.text.lower() and "https://" not in response.text


def test_the_overdue_filter_is_offered_only_when_the_publisher_turns_it_on(public_dir):
    from flask import Flask

    from public_server import public_app
    from publisher.public import create_blueprint
    from publisher.settings import Settings

    assert (
        public_app(public_dir).test_client().get("/kort/config.json").json["optional_filters"] == []
    )
    for value, offered in (("true", ["bekr"]), ("false", [])):
        settings = Settings.load(
            environ={"OVERBLIKSKORT_FINDER_CONFIRMED_FILTER": value}, public_dir=public_dir
        )
        app = Flask("offer")
        app.register_blueprint(create_blueprint(settings))
        assert app.test_client().get("/kort/config.json").json["optional_filters"] == offered
