"""The empty GeoPackage a municipality starts from: every layer, field and type of data model v1.

Field labels and descriptions go into the GeoPackage schema extension (gpkg_data_columns), where
QGIS and GDAL read them as aliases and comments.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pyogrio.raw

from datamodel import CRS, DATAMODEL_VERSION, LAYERS, FieldType

_DTYPES: dict[FieldType, Any] = {
    FieldType.TEXT: object,
    FieldType.UUID: object,
    FieldType.INTEGER: "int32",
    FieldType.REAL: "float64",
    FieldType.BOOLEAN: bool,
    FieldType.DATE: "datetime64[D]",
}


def write_template(path: Path) -> Path:
    path = Path(path)
    if path.exists():
        path.unlink()
    for layer in LAYERS.values():
        fields = layer.fields
        pyogrio.raw.write(
            path,
            np.array([], dtype=object),
            [np.array([], dtype=_DTYPES[field.type]) for field in fields],
            [field.name for field in fields],
            layer=layer.name,
            driver="GPKG",
            geometry_type=layer.table_geometry_type,
            crs=CRS,
            append=path.exists(),
            dataset_options=None if path.exists() else {"VERSION": "1.2"},
            layer_options={
                "DESCRIPTION": f"{layer.label_da}: {layer.description_da} "
                f"(datamodel {DATAMODEL_VERSION})",
                "IDENTIFIER": layer.label_da,
            },
        )
    _write_field_descriptions(path)
    return path


def _write_field_descriptions(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, "
            "column_name TEXT NOT NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, "
            "constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name))"
        )
        connection.execute(
            "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
            "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL)"
        )
        connection.execute(
            "INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', "
            "'http://www.geopackage.org/spec121/#extension_schema', 'read-write')"
        )
        for layer in LAYERS.values():
            for field in layer.fields:
                description = field.description_da or field.label_da
                if field.codelist:
                    description += f" Kodeliste: {field.codelist}."
                connection.execute(
                    "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, "
                    "title, description) VALUES (?, ?, ?, ?, ?)",
                    (layer.name, field.name, field.label_da, field.label_en, description),
                )
