"""The installable zip: built with qgis-plugin-ci, unpacked into a clean profile, started by QGIS."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import qgis.utils
from qgis.core import QgsApplication

REPO_ROOT = Path(__file__).resolve().parents[2]

VERSION = "0.1.0"


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory) -> Path:
    built = subprocess.run(
        ["bash", str(REPO_ROOT / "scripts" / "plugin_zip.sh"), VERSION, "--working-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return Path(built.stdout.strip().splitlines()[-1])


def test_zip_has_one_top_folder_with_datamodel_and_styles(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert {name.split("/")[0] for name in names} == {"overblikskort"}
    for required in (
        "__init__.py",
        "metadata.txt",
        "entry.py",
        "vendor/datamodel/layers.py",
        "vendor/datamodel/rules/engine.py",
        "vendor/datamodel/symbology.json",
        "styles/erhvervsareal.qml",
        "styles/infrastruktur_point.qml",
        "styles/infrastruktur_line.qml",
        "styles/infrastruktur_polygon.qml",
        "styles/industripark_kandidat.qml",
    ):
        assert f"overblikskort/{required}" in names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]
    metadata = zipfile.ZipFile(plugin_zip).read("overblikskort/metadata.txt").decode()
    assert f"version={VERSION}" in metadata
    assert "qgisMinimumVersion=3.22" in metadata


def test_the_unpacked_zip_imports_its_own_datamodel_without_the_checkout(plugin_zip, tmp_path):
    plugins_dir = tmp_path / "plugins"
    zipfile.ZipFile(plugin_zip).extractall(plugins_dir)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import overblikskort, datamodel; "
        "from datamodel.rules import RULESET_VERSION; print(datamodel.__file__)"
    )
    done = subprocess.run(
        ["/usr/bin/python3", "-I", "-c", script, str(plugins_dir)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (
        Path(done.stdout.strip()).resolve()
        == (plugins_dir / "overblikskort" / "vendor" / "datamodel" / "__init__.py").resolve()
    )


def test_zip_installs_into_a_clean_profile_and_starts(plugin_zip, tmp_path, iface, monkeypatch):
    plugins_dir = tmp_path / "profiles" / "default" / "python" / "plugins"
    plugins_dir.mkdir(parents=True)
    zipfile.ZipFile(plugin_zip).extractall(plugins_dir)
    monkeypatch.setattr(qgis.utils, "plugin_paths", [str(plugins_dir)])
    monkeypatch.setattr(qgis.utils, "iface", iface)
    monkeypatch.syspath_prepend(str(plugins_dir))

    qgis.utils.updateAvailablePlugins()
    assert "overblikskort" in qgis.utils.available_plugins
    assert qgis.utils.pluginMetadata("overblikskort", "name") == "Overblikskort"
    assert qgis.utils.loadPlugin("overblikskort")
    try:
        assert qgis.utils.startPlugin("overblikskort")
        installed = sys.modules["overblikskort"]
        assert (
            Path(installed.__file__).resolve().parent == (plugins_dir / "overblikskort").resolve()
        )
        from overblikskort.core.styles import styles_dir

        assert styles_dir() == (plugins_dir / "overblikskort" / "styles").resolve()
        providers = [p.id() for p in QgsApplication.processingRegistry().providers()]
        assert "overblikskort" in providers
    finally:
        assert qgis.utils.unloadPlugin("overblikskort")
    assert "overblikskort" not in sys.modules
    assert "overblikskort" not in [p.id() for p in QgsApplication.processingRegistry().providers()]
