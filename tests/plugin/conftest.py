"""Fixtures for the plugin tests in real QGIS (pytest-qgis)."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from osgeo import gdal
from qgis.core import Qgis, QgsApplication, QgsAuthMethodConfig, QgsProject, QgsSettings
from qgis.PyQt.QtWidgets import QMenu

REPO_ROOT = Path(__file__).resolve().parents[2]


def pytest_report_header(config):
    return f"QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__} (bindings of the QGIS install)"


class InterfaceRegistrations:
    """The parts of QgisInterface that pytest-qgis's stand-in lacks, with the same behaviour as
    QGIS: registered options pages are kept in a list, docks really join the main window, and
    the 'Help' menu is the first standard menu on the right of the menu bar."""

    def __init__(self, iface):
        self.iface = iface
        self.options_factories = []
        main_window = iface.mainWindow()
        self.help_menu = main_window.findChild(QMenu, "mHelpMenu")
        if self.help_menu is None:
            self.help_menu = QMenu("Help", main_window)
            self.help_menu.setObjectName("mHelpMenu")
            main_window.menuBar().addMenu(self.help_menu)
        iface.registerOptionsWidgetFactory = self.options_factories.append
        iface.unregisterOptionsWidgetFactory = self.options_factories.remove
        iface.firstRightStandardMenu = lambda: self.help_menu
        iface.addDockWidget = main_window.addDockWidget
        iface.removeDockWidget = main_window.removeDockWidget


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
    done = subprocess.run([sys.executable, "-m", "publisher", "--data-dir", str(data_dir),
                           *arguments], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def publisher(tmp_path_factory):
    """The publisher's own `serve` command (waitress) with an indsender for Hvidovre and a
    godkender."""
    data_dir = tmp_path_factory.mktemp("publisher")
    indsender = _publisher(data_dir, "users", "add", "hvidovre", "--role", "indsender",
                           "--kommune", "0167").strip().splitlines()[-1]
    godkender = _publisher(data_dir, "users", "add", "erst", "--role", "godkender")\
        .strip().splitlines()[-1]
    port = _free_port()
    log = (data_dir / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "publisher", "--data-dir", str(data_dir),
                               "serve", "--port", str(port)], cwd=REPO_ROOT,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/v1/openapi.json", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.2)
    else:
        server.kill()
        log.close()
        pytest.fail("the publisher did not start: " + (data_dir / "serve.log").read_text())
    yield {"url": url, "indsender": indsender, "godkender": godkender}
    server.terminate()
    server.wait(timeout=20)
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
