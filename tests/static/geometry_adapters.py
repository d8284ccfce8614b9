"""Read by mypy (scripts/lint.sh), never run: both geometry adapters satisfy the data model's
GeometryAdapter protocol, so the rulebook gets the same calls in QGIS and in the publisher.
mypy reads the QGIS adapter with the QGIS bindings as untyped (they have no py.typed)."""

from __future__ import annotations

from datamodel.geometry import GeometryAdapter
from plugin.core.qgis_geometry import QgisGeometryAdapter
from publisher.validation.shapely_adapter import ShapelyAdapter


def both_adapters(
    publisher: ShapelyAdapter, plugin: QgisGeometryAdapter
) -> tuple[GeometryAdapter, GeometryAdapter]:
    return publisher, plugin
