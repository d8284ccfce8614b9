"""Overblikskort QGIS plugin (installed as ``overblikskort``).

This module must not import QGIS: the publisher imports the sibling ``datamodel`` package from
this folder without QGIS installed. QGIS calls :func:`classFactory`, which imports lazily.
"""


def classFactory(iface):  # noqa: N802 - the name QGIS looks for
    from .entry import Overblikskort

    return Overblikskort(iface)
