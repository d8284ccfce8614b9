"""The national context of the public map: what of the reference layers may be public, curated.

From the stored reference kinds (``datamodel.references``) it takes only objects whose
``synlighed`` is exactly ``offentlig`` and only the kind's declared fields, derives the planned
business areas (plans with anvgen 31 or 21, adopted or proposed) so the map is national before
any kommune has sent anything, and cuts each kind into the layers the map draws.
"""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd
import shapely

from datamodel import Visibility
from datamodel.references import ERHVERV_ANVGEN, KINDS, PLANNED_STATUSES, MapLayer, ReferenceKind

CRS = "EPSG:25832"
WGS84 = "EPSG:4326"
PLANNED = "planlagte_erhvervsomraader"
POINT_SUFFIX = "_punkt"
BASEMAP_LABEL_LAYERS = {"kommunegraenser": "kommune_navne", "regioner": "region_navne"}
"""Point layers with the names of the basemap's areas (one point inside each area)."""


def public_objects(kind: ReferenceKind, frame: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The kind's public objects with its declared fields only, or None when there are none."""
    if frame is None or frame.empty:
        return None
    marked = (
        frame["synlighed"]
        if "synlighed" in frame.columns
        else pd.Series(Visibility.OFFENTLIG.value, index=frame.index)
    )
    keep = (marked.astype("string").str.strip() == Visibility.OFFENTLIG.value).fillna(False)
    keep &= ~(frame.geometry.isna() | frame.geometry.is_empty)
    selected = frame.loc[keep.to_numpy()]
    if selected.empty:
        return None
    data = {
        spec.name: next(
            (selected[c] for c in (spec.name, *spec.sources) if c in selected.columns), None
        )
        for spec in kind.fields
    }
    geometry = shapely.force_2d(selected.geometry.to_numpy())
    crs = frame.crs or CRS
    return (
        gpd.GeoDataFrame(data, geometry=geometry, crs=crs, index=selected.index)
        .to_crs(CRS)
        .reset_index(drop=True)
    )


def planned_business_areas(frames: Mapping[str, gpd.GeoDataFrame]) -> gpd.GeoDataFrame | None:
    """Lokalplaner and kommuneplanrammer for erhverv (31) or mixed (21), adopted or proposed."""
    kind = KINDS[PLANNED]
    parts = []
    for plantype, source in (
        ("lokalplan", "lokalplaner"),
        ("kommuneplanramme", "kommuneplanrammer"),
    ):
        frame = frames.get(source)
        if frame is None:
            continue
        chosen = frame[
            frame["anvgen"].astype("string").isin(ERHVERV_ANVGEN).fillna(False)
            & frame["status"].astype("string").isin(PLANNED_STATUSES).fillna(False)
        ]
        if not chosen.empty:
            parts.append(chosen.assign(plantype=plantype))
    if not parts:
        return None
    joined = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=CRS)
    return joined[[*kind.field_names, "geometry"]]


def public_context(
    references: Mapping[str, gpd.GeoDataFrame] | None,
) -> dict[str, gpd.GeoDataFrame]:
    """kind name → its public objects (EPSG:25832), the planned business areas included."""
    context = {}
    for name, kind in KINDS.items():
        if not kind.importable:
            continue
        frame = public_objects(kind, (references or {}).get(name))
        if frame is not None:
            context[name] = frame
    planned = planned_business_areas(context)
    if planned is not None:
        context[PLANNED] = planned
    return context


def layer_objects(layer: MapLayer, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if layer.where is None:
        return frame
    field, values = layer.where
    return frame[frame[field].astype("string").isin(values).fillna(False)]


def tile_layers(context: Mapping[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    """layer id → its objects in WGS84 with the kind's tile fields (and the basemap's name
    points), as the context tileset takes them."""
    layers = {}
    for name, frame in context.items():
        kind = KINDS[name]
        for layer in kind.layers:
            selected = layer_objects(layer, frame)
            if selected.empty:
                continue
            columns = [c for c in kind.tile_fields if c in selected.columns]
            layers[layer.id] = gpd.GeoDataFrame(
                selected[columns], geometry=selected.geometry.values, crs=CRS
            ).to_crs(WGS84)
            if layer.points_below is not None:
                points = selected.geometry.map(_label_point)
                layers[f"{layer.id}{POINT_SUFFIX}"] = gpd.GeoDataFrame(
                    selected[columns], geometry=points.values, crs=CRS
                ).to_crs(WGS84)
        label_layer = BASEMAP_LABEL_LAYERS.get(name)
        if label_layer:
            points = frame.geometry.map(_label_point)
            layers[label_layer] = gpd.GeoDataFrame(
                {
                    "navn": frame["navn"].to_numpy(),
                    "areal_km2": (frame.geometry.area / 1e6).round(0),
                },
                geometry=points.values,
                crs=CRS,
            ).to_crs(WGS84)
    return layers


def _label_point(geometry):
    """A point inside the largest part (a kommune's main land, not one of its islands)."""
    parts = shapely.get_parts(geometry)
    largest = parts[int(shapely.area(parts).argmax())] if len(parts) else geometry
    return shapely.point_on_surface(largest)
