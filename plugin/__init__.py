"""Overblikskort QGIS plugin (installed as ``overblikskort``).

This module must not import QGIS. QGIS calls :func:`classFactory`, which imports lazily.

The plugin imports the national data model and rulebook as ``datamodel``, the same package the
publisher imports. In a checkout it is the repository's top-level ``datamodel/``; the plugin zip
carries a copy in ``vendor/datamodel`` (see ``scripts/plugin_zip.sh``), which is put first on
``sys.path`` here so that the plugin always runs with the rulebook it was released with.
"""

import sys
from pathlib import Path

_VENDOR = Path(__file__).resolve().parent / "vendor"
if (_VENDOR / "datamodel").is_dir() and str(_VENDOR) not in sys.path:
    sys.path.insert(0, str(_VENDOR))


def classFactory(iface):
    from .entry import Overblikskort

    return Overblikskort(iface)
