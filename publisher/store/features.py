"""GeoDataFrames in and out of the store: attributes as JSON-ready dicts, geometry as WKB."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Iterable, Mapping

import numpy as np
import shapely

from datamodel import CRS

from .records import FeatureRow


def json_ready(value: Any) -> Any:
    """A value from a GeoDataFrame cell as plain JSON (None for missing values)."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return None if str(value) == "NaT" else value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (str, int, float, bool)):
        return value
    if value.__class__.__name__ in ("NAType", "NaTType"):
        return None
    return str(value)


def rows_from_frames(frames: Mapping[str, Any]) -> list[FeatureRow]:
    """Every object of every layer, numbered from 1 within its layer."""
    rows: list[FeatureRow] = []
    for layer, frame in frames.items():
        if frame is None or len(frame) == 0:
            continue
        geometry_name = frame.geometry.name
        columns = [c for c in frame.columns if c != geometry_name]
        wkbs = shapely.to_wkb(frame.geometry.values, output_dimension=2)
        for number, (record, wkb) in enumerate(
            zip(frame[columns].itertuples(index=False, name=None), wkbs), start=1
        ):
            attributes = {name: json_ready(value) for name, value in zip(columns, record)}
            objekt_id = attributes.get("objekt_id")
            rows.append(
                FeatureRow(
                    layer,
                    number,
                    None if objekt_id is None else str(objekt_id),
                    attributes,
                    None if wkb is None else bytes(wkb),
                )
            )
    return rows


def frames_from_rows(rows: Iterable[FeatureRow]) -> dict[str, Any]:
    """Rows back as one GeoDataFrame per layer in EPSG:25832, in their stored order."""
    import geopandas as gpd

    by_layer: dict[str, list[FeatureRow]] = {}
    for row in rows:
        by_layer.setdefault(row.layer, []).append(row)
    frames = {}
    for layer, layer_rows in by_layer.items():
        layer_rows.sort(key=lambda r: r.feature_no)
        geometries = shapely.from_wkb([r.wkb for r in layer_rows])
        records = [r.attributes for r in layer_rows]
        frames[layer] = gpd.GeoDataFrame(records, geometry=list(geometries), crs=CRS)
    return frames


def same_geometry(left: bytes | None, right: bytes | None) -> bool:
    if left is None or right is None:
        return left is right
    if left == right:
        return True
    a, b = shapely.from_wkb(left), shapely.from_wkb(right)
    return bool(shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=1e-6))
