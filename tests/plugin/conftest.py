"""Fixtures for the plugin tests in real QGIS (pytest-qgis)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from osgeo import gdal
from qgis.core import Qgis, QgsApplication, QgsAuthMethodConfig, QgsProject, QgsSettings

from loopback import serve_publisher, stop_process
from qgis_support import InterfaceRegistrations, own_reference_folder  # noqa: F401 - autouse

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "scripts"))
from qgis_desktop_screenshots import load_references  # noqa: E402


def pytest_report_header(config):
    return f"QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__} (bindings of the QGIS install)"


@pytest.fixture(scope="session")
def iface(qgis_iface):
    InterfaceRegistrations(qgis_iface)
    return qgis_iface


@pytest.fixture()
def settings_sandbox():
    """Restores every plugin and locale setting a test changes."""
    keys = ("overblikskort", "locale")
    stored = QgsSettings()
    saved = {key: stored.value(key) for key in stored.allKeys() if key.startswith(keys)}
    yield stored
    for key in stored.allKeys():
        if key.startswith(keys) and key not in saved:
            stored.remove(key)
    for key, value in saved.items():
        stored.setValue(key, value)


@pytest.fixture()
def danish(settings_sandbox):
    settings_sandbox.setValue("locale/overrideFlag", True)
    settings_sandbox.setValue("locale/userLocale", "da_DK")
    return settings_sandbox


@pytest.fixture()
def clean_project():
    project = QgsProject.instance()
    project.clear()
    yield project
    project.clear()


def _publisher(data_dir: Path, *arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "publisher", "--data-dir", str(data_dir), *arguments],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="session")
def publisher(tmp_path_factory, shared_data):
    """The publisher's own `serve` command (waitress) with an indsender for Hvidovre, a
    godkender, and every kind of reference layer loaded from the real Hvidovre data."""
    data_dir = tmp_path_factory.mktemp("publisher")
    load_references(data_dir, shared_data)
    indsender = (
        _publisher(data_dir, "users", "add", "hvidovre", "--role", "indsender", "--kommune", "0167")
        .strip()
        .splitlines()[-1]
    )
    godkender = (
        _publisher(data_dir, "users", "add", "erst", "--role", "godkender").strip().splitlines()[-1]
    )
    server, url, log = serve_publisher(data_dir)
    yield {"url": url, "indsender": indsender, "godkender": godkender, "data_dir": data_dir}
    stop_process(server)
    log.close()


@pytest.fixture()
def publisher_auth(publisher):
    """An authentication configuration ('Basic', token as password) for the Hvidovre indsender."""
    manager = QgsApplication.authManager()
    assert manager.setMasterPassword("test-master-password", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("Overblikskort Hvidovre")
    config.setConfig("username", "hvidovre")
    config.setConfig("password", publisher["indsender"])
    ok, config = manager.storeAuthenticationConfig(config)
    assert ok
    yield config.id()
    manager.removeAuthenticationConfig(config.id())


@pytest.fixture()
def erst_references(publisher):
    """Erhvervsstyrelsen's reference layers fetched from the publisher for Hvidovre, as the
    plugin's "Hent Erhvervsstyrelsens referencelag" does."""
    from plugin.core.erst_references import fetch_references
    from plugin.core.publisher_client import PublisherClient

    manifest, _ = fetch_references(
        PublisherClient(publisher["url"], publisher["indsender"]), "0167"
    )
    return manifest
