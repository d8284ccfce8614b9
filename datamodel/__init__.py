"""The national data model and rulebook of Overblikskort.

Pure Python (standard library only). The QGIS plugin ships this package inside its zip and the
publisher imports it, so the planner's pre-flight check and ERST's check are the same code.
Imports inside this package are relative so it works both as ``datamodel`` and as
``overblikskort.datamodel``.
"""

from .codelists import CODELISTS
from .layers import CRS, CRS_EPSG, DATAMODEL_VERSION, LAYERS
from .schema import Code, CodeList, Default, Field, FieldType, Layer, Visibility

__all__ = [
    "CODELISTS",
    "CRS",
    "CRS_EPSG",
    "DATAMODEL_VERSION",
    "LAYERS",
    "Code",
    "CodeList",
    "Default",
    "Field",
    "FieldType",
    "Layer",
    "Visibility",
]
