"""What of a release may be public, and in which shape.

Everything that leaves the publisher for the public passes through `public_features`: only
objects whose `synlighed` is exactly `offentlig`, only the fields of the data model (never
`synlighed` itself, never stray columns a municipality sent along), derived areas computed from
the geometry. An object with a missing or unknown `synlighed` is kept out, not let through.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Callable

import geopandas as gpd
import pandas as pd
import shapely

from datamodel import CRS, LAYERS, FieldType, Visibility
from datamodel.schema import Surface

PUBLIC_LAYERS = ("erhvervsareal", "infrastruktur", "industripark_kandidat")
WGS84 = "EPSG:4326"

TILE_FIELDS = {name: LAYERS[name].public_field_names(Surface.TILE) for name in PUBLIC_LAYERS}
"""Attributes carried in the vector tiles (declared in the data model: `Surface.TILE`): what the
style and the map filter need, no more. The site card reads the full public record."""


@dataclass(frozen=True)
class KommuneRelease:
    """The current release of one kommune: its id (the cache key) and its layers."""

    release_id: str
    layers: Mapping[str, gpd.GeoDataFrame] = field(default_factory=dict)


class StoredRelease:
    """A kommune's current release whose layers are loaded only if the build needs them: a
    kommune whose parts and tiles are cached under its release id is never read from the store."""

    def __init__(self, release_id: str, load: Callable[[], Mapping[str, gpd.GeoDataFrame]]):
        self.release_id = release_id
        self._load = load

    @cached_property
    def layers(self) -> Mapping[str, gpd.GeoDataFrame]:
        return self._load()


def public_fields(layer_name: str) -> tuple[str, ...]:
    """Every field of the layer that may leave the publisher (`Surface.DOWNLOAD`)."""
    return LAYERS[layer_name].public_field_names(Surface.DOWNLOAD)


def public_features(layer_name: str, frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    """The public objects of one layer in EPSG:25832 with the data-model fields only."""
    columns = public_fields(layer_name)
    if frame is None or frame.empty or "synlighed" not in frame.columns:
        return gpd.GeoDataFrame({name: [] for name in columns}, geometry=[], crs=CRS)
    frame = frame if frame.crs is not None else frame.set_crs(CRS)
    frame = frame.to_crs(CRS) if frame.crs != CRS else frame
    is_public = frame["synlighed"].astype("string").str.strip() == Visibility.OFFENTLIG.value
    geometry = frame.geometry
    keep = is_public.fillna(False).to_numpy() & ~(geometry.isna() | geometry.is_empty).to_numpy()
    selected = frame.loc[keep]
    result = gpd.GeoDataFrame(
        {name: (selected[name] if name in selected.columns else None) for name in columns},
        geometry=shapely.force_2d(selected.geometry.to_numpy()),
        crs=CRS,
        index=selected.index,
    )
    for derived in LAYERS[layer_name].fields:
        if derived.derived_from_geometry and derived.name in columns:
            result[derived.name] = result.geometry.area.round(0)
    return result.reset_index(drop=True)


def to_wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.to_crs(WGS84)


def json_value(value):
    """A plain JSON value for one attribute (dates as ISO text, NaN/NaT as null)."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return (
            value.date().isoformat()
            if isinstance(value, (datetime, pd.Timestamp))
            else value.isoformat()
        )
    if hasattr(value, "item"):
        return json_value(value.item())
    return value


def typed_for_output(layer_name: str, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns coerced to the data model's types so GeoPackage and tiles get stable types."""
    result = frame.copy()
    for spec in LAYERS[layer_name].fields:
        if spec.name not in result.columns:
            continue
        column = result[spec.name]
        if spec.type in (FieldType.INTEGER,):
            result[spec.name] = pd.to_numeric(column, errors="coerce").astype("Int64")
        elif spec.type == FieldType.REAL:
            result[spec.name] = pd.to_numeric(column, errors="coerce").astype("float64")
        elif spec.type == FieldType.BOOLEAN:
            result[spec.name] = column.map(_as_bool).astype("boolean")
        elif spec.type == FieldType.DATE:
            dates = pd.to_datetime(column, errors="coerce").dt.strftime("%Y-%m-%d")
            result[spec.name] = dates.astype(object).where(dates.notna(), None)
        else:
            text = column.astype("string")
            result[spec.name] = text.astype(object).where(text.notna(), None)
    return result


def _as_bool(value):
    value = json_value(value)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "ja", "yes", "t")
    return bool(value)
