"""The non-tile public artefacts: downloads, the site records (card details), the compact finder
rows, the search index and the labels the viewer shows (taken from the data model, so a renamed field follows everywhere)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from datamodel import CODELISTS, DATAMODEL_VERSION, LAYERS
from datamodel.layers import (
    EMAIL_PATTERN,
    PHONE_PATTERN,
    PUBLIC_GROUPS,
    PUBLIC_SECTIONS,
    URL_PATTERN,
)
from datamodel.reference_codelists import REFERENCE_CODELISTS
from datamodel.references import NOT_A_KOMMUNE
from datamodel.schema import Field, Surface

from . import site_context
from .downloads import DOWNLOAD_FORMATS, download_paths, write_geojson, write_gpkg  # noqa: F401
from .public_data import json_value, public_fields


def write_json(path: Path, data) -> None:
    """The JSON file and a gzip copy beside it, which the web side serves to browsers that take it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        data
        if isinstance(data, str)
        else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    )
    encoded = text.encode("utf-8")
    path.write_bytes(encoded)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(encoded, compresslevel=6, mtime=0))


def _bounds(frame_wgs84: gpd.GeoDataFrame):
    return shapely.bounds(frame_wgs84.geometry.to_numpy()).round(6)


def site_records_json(
    typed_wgs84: gpd.GeoDataFrame, extra: Mapping[str, list] | None = None
) -> str:
    """Every public attribute of every public business site, plus its bbox and the `extra`
    columns (omgivelser, next steps), for the card (from a frame of `typed_for_output`)."""
    frame_wgs84 = typed_wgs84
    fields = [name for name in public_fields("erhvervsareal") if name in frame_wgs84.columns]
    records = pd.DataFrame(frame_wgs84[fields])
    records["bbox"] = _bounds(frame_wgs84).tolist() if len(records) else []
    for name, values in (extra or {}).items():
        records[name] = values if len(records) else []
    return records.to_json(orient="records", force_ascii=False, double_precision=6)


FINDER_LAYER = "erhvervsareal"
FINDER_FIELDS = (*LAYERS[FINDER_LAYER].public_field_names(Surface.FINDER), "bbox")
"""One finder row: the fields declared for the finder (`Surface.FINDER`) and the site's bbox in
WGS84 to 5 decimals (about 1 m); finder.json names them once in its "fields"."""


def _compact(value):
    """A finder value as short as JSON allows: whole numbers without ".0", others to 2 decimals."""
    value = json_value(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else round(value, 2)
    return value


def finder_rows_json(typed_wgs84: gpd.GeoDataFrame) -> str:
    """The finder rows (values in the order of FINDER_FIELDS) of a frame from `typed_for_output`."""
    frame = typed_wgs84
    if frame.empty:
        return "[]"
    columns = [
        [_compact(value) for value in frame[name].tolist()]
        if name in frame.columns
        else [None] * len(frame)
        for name in FINDER_FIELDS[:-1]
    ]
    columns.append(shapely.bounds(frame.geometry.to_numpy()).round(5).tolist())
    return json.dumps(
        [list(row) for row in zip(*columns)], ensure_ascii=False, separators=(",", ":")
    )


def kommune_index(
    kommunegraenser_wgs84: gpd.GeoDataFrame | None, kommunekoder: set[str]
) -> list[dict]:
    """Kommune names and extents from the reference boundaries (codes alone if there are none)."""
    rows: dict[str, dict] = {}
    if kommunegraenser_wgs84 is not None and not kommunegraenser_wgs84.empty:
        frame = kommunegraenser_wgs84
        name_column = next(
            (c for c in ("kommunenavn", "navn", "KOMNAVN") if c in frame.columns), None
        )
        for code, group in frame.groupby("kommunekode"):
            if str(code) in NOT_A_KOMMUNE:
                continue
            minx, miny, maxx, maxy = group.total_bounds.round(6)
            name = str(group[name_column].iloc[0]) if name_column else str(code)
            rows[str(code)] = {
                "kommunekode": str(code),
                "navn": name,
                "bbox": [float(minx), float(miny), float(maxx), float(maxy)],
            }
    for code in kommunekoder - rows.keys():
        rows[code] = {"kommunekode": code, "navn": code, "bbox": None}
    return sorted(rows.values(), key=lambda row: row["navn"])


def data_bounds(
    kommuner: list[dict], released: set[str], boxes: list[list[float]]
) -> list[float] | None:
    """The extent the map opens on: the kommuner with a release and the public objects' boxes."""
    boxes = [k["bbox"] for k in kommuner if k["kommunekode"] in released and k["bbox"]] + list(
        boxes
    )
    if not boxes:
        return None
    return [
        round(float(v), 6)
        for v in (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    ]


def search_sites(layers_wgs84: Mapping[str, gpd.GeoDataFrame]) -> list[dict]:
    """The search entries of the named sites: business sites and industrial-park candidates."""
    sites = []
    for layer_name in ("erhvervsareal", "industripark_kandidat"):
        frame = layers_wgs84.get(layer_name)
        if frame is None or frame.empty:
            continue
        for bbox, objekt_id, navn, kode in zip(
            _bounds(frame), frame["objekt_id"], frame["navn"], frame["kommunekode"]
        ):
            sites.append(
                {
                    "layer": layer_name,
                    "objekt_id": json_value(objekt_id),
                    "navn": json_value(navn),
                    "kommunekode": json_value(kode),
                    "bbox": [float(v) for v in bbox],
                }
            )
    return sites


_FORMATS = {URL_PATTERN: "url", EMAIL_PATTERN: "email", PHONE_PATTERN: "phone"}


def _field_label(spec: Field) -> dict:
    label: dict[str, Any] = {
        "da": spec.label_da,
        "en": spec.label_en,
        "codelist": spec.codelist,
        "type": spec.type.value,
    }
    if spec.pattern in _FORMATS:
        label["format"] = _FORMATS[spec.pattern]
    public = spec.public
    if public is not None:
        label["public"] = sorted(surface.value for surface in public.surfaces)
        label.update(
            {
                key: value
                for key, value in (
                    ("group", public.group),
                    ("unit", public.unit),
                    ("role", public.role),
                    ("section", public.section),
                    ("short_da", public.short_da),
                    ("short_en", public.short_en),
                    ("filter", public.filter.key if public.filter else None),
                )
                if value is not None
            }
        )
        if public.sort is not None:
            label["sort"] = {
                "key": public.sort.key,
                "descending": public.sort.descending,
                "da": public.sort.label_da,
                "en": public.sort.label_en,
            }
    return label


def labels() -> dict:
    """Field and code labels in Danish and English, straight from the data model, with where each
    public field appears (`public`: surfaces; `group`, `unit`, `role`, `section`, `format` for the
    card; `sort` for the list's sort orders) and the card's sections in order."""
    return {
        "datamodel_version": DATAMODEL_VERSION,
        "layers": {
            name: {"da": layer.label_da, "en": layer.label_en} for name, layer in LAYERS.items()
        },
        "fields": {
            name: {
                spec.name: _field_label(spec) for spec in layer.fields if spec.public is not None
            }
            for name, layer in LAYERS.items()
        },
        "groups": {name: {"da": da, "en": en} for name, (da, en) in PUBLIC_GROUPS.items()},
        "sections": [
            {"name": name, "da": da, "en": en} for name, (da, en) in PUBLIC_SECTIONS.items()
        ],
        "codelists": {
            name: {
                code.value: {"da": code.label_da, "en": code.label_en} for code in codelist.codes
            }
            for name, codelist in {**CODELISTS, **REFERENCE_CODELISTS}.items()
        },
        "omgivelser": site_context.fact_labels(),
    }


def finder_filters() -> list[dict]:
    """The site finder's filters as the data model declares them, in field order; fields that
    share a filter (a group of yes/no fields) are its choices."""
    filters: dict[str, dict] = {}
    for spec in LAYERS[FINDER_LAYER].fields:
        public = spec.public
        if public is None or public.filter is None:
            continue
        declared = public.filter
        entry = filters.setdefault(
            declared.key,
            {
                "key": declared.key,
                "kind": declared.kind.value,
                "label_da": declared.label_da,
                "label_en": declared.label_en,
                "step": declared.step,
                "fields": [],
                **({"months": declared.months} if declared.months else {}),
                **({"optional": True} if declared.optional else {}),
            },
        )
        entry["fields"].append(
            {
                "name": spec.name,
                "type": spec.type.value,
                "codelist": spec.codelist,
                "choice": public.choice,
                "short_da": public.short_da,
                "short_en": public.short_en,
            }
        )
    return list(filters.values())
