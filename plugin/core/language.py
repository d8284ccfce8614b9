"""The language the planner sees: Danish when QGIS runs in Danish, English otherwise."""

from __future__ import annotations

from qgis.core import QgsApplication


def qgis_language() -> str:
    """``"da"`` or ``"en"``, following the locale QGIS itself uses for its user interface."""
    return "da" if QgsApplication.locale().lower().startswith("da") else "en"
