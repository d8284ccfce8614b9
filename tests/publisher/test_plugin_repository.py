"""The publisher as a QGIS plugin repository: /plugins/plugins.xml (qgis-plugin-ci's) with absolute
addresses, and the zip of the publisher's own version, nothing else. (Installing from it in the
real QGIS desktop: tests/plugin/test_desktop_xvfb.py.)"""

from __future__ import annotations

import io
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import pytest
import requests

from loopback import LoopbackServer
from publisher.api import create_app
from publisher.plugin_repository import publisher_version
from publisher.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("data") / "plugins"
    built = subprocess.run(
        [
            "bash",
            str(REPO_ROOT / "scripts" / "plugin_zip.sh"),
            publisher_version(),
            "--working-tree",
            "--repository",
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture
def publisher(repository, tmp_path):
    settings = Settings.load(data_dir=tmp_path, environ={}, plugin_repository=str(repository))
    with LoopbackServer(create_app(settings, release_hooks=[])) as running:
        yield running


def test_plugins_xml_offers_the_publishers_own_version_at_absolute_addresses(publisher):
    answer = requests.get(f"{publisher.url}/plugins/plugins.xml", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith(
        "application/xml"
    )
    root = ElementTree.fromstring(answer.content)
    assert root.get("generator_name") == "qgis-plugin-ci"
    plugin = root.find("pyqgis_plugin")
    version = publisher_version()
    assert plugin.get("name") == "Overblikskort" and plugin.get("version") == version
    assert plugin.findtext("qgis_minimum_version") == "3.22"
    download = plugin.findtext("download_url")
    assert download == f"{publisher.url}/plugins/overblikskort.{version}.zip"
    assert plugin.findtext("icon") == f"{publisher.url}/plugins/icon.svg"
    assert b'<?xml-stylesheet type="text/xsl" href="plugins.xsl"?>' in answer.content

    archive = requests.get(download, timeout=30)
    assert archive.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
    metadata = (
        zipfile.ZipFile(io.BytesIO(archive.content)).read("overblikskort/metadata.txt").decode()
    )
    assert f"version={version}" in metadata and "overblikskort/vendor/datamodel/layers.py" in names
    icon = requests.get(plugin.findtext("icon"), timeout=30)
    assert icon.status_code == 200 and icon.content.lstrip().startswith(b"<svg")
    assert requests.get(f"{publisher.url}/plugins/plugins.xsl", timeout=30).status_code == 200


def test_only_the_named_zip_is_served(publisher):
    for name in ("overblikskort.0.0.1.zip", "..%2Fplugins.xml", "plugins.zip"):
        assert requests.get(f"{publisher.url}/plugins/{name}", timeout=30).status_code == 404


def test_a_repository_of_another_version_or_none_is_refused_with_the_fix(repository, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(repository, other)
    document = (other / "plugins.xml").read_text("utf-8")
    (other / "plugins.xml").write_text(
        document.replace(f'version="{publisher_version()}"', 'version="0.0.9"'), "utf-8"
    )
    for folder, expected in ((other, "version 0.0.9"), (tmp_path / "none", "plugin_zip.sh")):
        settings = Settings.load(data_dir=tmp_path, environ={}, plugin_repository=str(folder))
        with LoopbackServer(create_app(settings, release_hooks=[])) as running:
            answer = requests.get(f"{running.url}/plugins/plugins.xml", timeout=30)
            assert answer.status_code == 404 and expected in answer.text
            zip_name = f"overblikskort.{publisher_version()}.zip"
            assert requests.get(f"{running.url}/plugins/{zip_name}", timeout=30).status_code == 404
