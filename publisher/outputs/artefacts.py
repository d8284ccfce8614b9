"""The non-tile public artefacts: downloads, the site records (card details), the compact finder
rows, the search index and the labels the viewer shows (taken from the data model, so a renamed field follows everywhere)."""
from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from datamodel import CODELISTS, DATAMODEL_VERSION, LAYERS

from .public_data import json_value, public_fields

DOWNLOAD_FORMATS = ("gpkg", "geojson")


def write_json(path: Path, data) -> None:
    """The JSON file and a gzip copy beside it, which the web side serves to browsers that take it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    encoded = text.encode("utf-8")
    path.write_bytes(encoded)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(encoded, compresslevel=6, mtime=0))


def download_paths(layer_name: str) -> dict:
    return {fmt: f"downloads/{layer_name}.{fmt}" for fmt in DOWNLOAD_FORMATS}


def write_gpkg(layer_name: str, typed_25832: gpd.GeoDataFrame, path: Path) -> None:
    """GeoPackage in EPSG:25832 (the Danish standard) of a frame from `typed_for_output`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    geometry_type = "Unknown" if layer_name == "infrastruktur" else "MultiPolygon"
    pyogrio.write_dataframe(typed_25832, path, layer=layer_name,
                            driver="GPKG", geometry_type=geometry_type,
                            promote_to_multi=layer_name != "infrastruktur")


def write_geojson(layer_name: str, typed_wgs84: gpd.GeoDataFrame, path: Path) -> None:
    """GeoJSON in WGS84 (RFC 7946) of a frame from `typed_for_output`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pyogrio.write_dataframe(typed_wgs84, path, layer=layer_name,
                            driver="GeoJSON", RFC7946="YES", WRITE_NAME="NO",
                            geometry_type="Unknown")


def _bounds(frame_wgs84: gpd.GeoDataFrame):
    return shapely.bounds(frame_wgs84.geometry.to_numpy()).round(6)


def site_records_json(typed_wgs84: gpd.GeoDataFrame, extra: Mapping[str, list] | None = None) -> str:
    """Every public attribute of every public business site, plus its bbox and the `extra`
    columns (omgivelser, next steps), for the card (from a frame of `typed_for_output`)."""
    frame_wgs84 = typed_wgs84
    fields = [name for name in public_fields("erhvervsareal") if name in frame_wgs84.columns]
    records = pd.DataFrame(frame_wgs84[fields])
    records["bbox"] = _bounds(frame_wgs84).tolist() if len(records) else []
    for name, values in (extra or {}).items():
        records[name] = values if len(records) else []
    return records.to_json(orient="records", force_ascii=False, double_precision=6)


FINDER_FIELDS = ("objekt_id", "kommunekode", "navn", "status", "ledigt_areal_m2",
                 "anvendelse_generel", "miljoeklasse_max", "forsyning", "el_kapacitet_mw", "bbox")
"""One finder row: what the site finder's filters and its list need. `forsyning` is a bit mask
over FINDER_UTILITIES (bit 0 = el); bbox is WGS84 to 5 decimals (about 1 m)."""
FINDER_UTILITIES = ("el", "vand", "kloak", "fjernvarme", "gas")


def _compact_number(value):
    value = json_value(value)
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def finder_rows_json(typed_wgs84: gpd.GeoDataFrame) -> str:
    """The finder rows (FINDER_FIELDS, as arrays) of a frame from `typed_for_output`."""
    frame = typed_wgs84
    if frame.empty:
        return "[]"
    boxes = shapely.bounds(frame.geometry.to_numpy()).round(5).tolist()
    masks = [0] * len(frame)
    for bit, name in enumerate(FINDER_UTILITIES):
        column = f"tilslutning_{name}"
        if column in frame.columns:
            for index, value in enumerate(frame[column].tolist()):
                if json_value(value) is True:
                    masks[index] |= 1 << bit
    column = lambda name: frame[name].tolist() if name in frame.columns else [None] * len(frame)  # noqa: E731
    rows = [[json_value(objekt_id), json_value(kode), json_value(navn), json_value(status),
             _compact_number(ledigt), _compact_number(anvendelse), _compact_number(miljo), mask,
             _compact_number(mw), box]
            for objekt_id, kode, navn, status, ledigt, anvendelse, miljo, mask, mw, box in zip(
                column("objekt_id"), column("kommunekode"), column("navn"), column("status"),
                column("ledigt_areal_m2"), column("anvendelse_generel"), column("miljoeklasse_max"),
                masks, column("el_kapacitet_mw"), boxes)]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


def kommune_index(kommunegraenser_wgs84: gpd.GeoDataFrame | None,
                  kommunekoder: set[str]) -> list[dict]:
    """Kommune names and extents from the reference boundaries (codes alone if there are none)."""
    rows: dict[str, dict] = {}
    if kommunegraenser_wgs84 is not None and not kommunegraenser_wgs84.empty:
        frame = kommunegraenser_wgs84
        name_column = next((c for c in ("kommunenavn", "navn", "KOMNAVN") if c in frame.columns), None)
        for code, group in frame.groupby("kommunekode"):
            minx, miny, maxx, maxy = group.total_bounds.round(6)
            name = str(group[name_column].iloc[0]) if name_column else str(code)
            rows[str(code)] = {"kommunekode": str(code), "navn": name,
                               "bbox": [float(minx), float(miny), float(maxx), float(maxy)]}
    for code in kommunekoder - rows.keys():
        rows[code] = {"kommunekode": code, "navn": code, "bbox": None}
    return sorted(rows.values(), key=lambda row: row["navn"])


def data_bounds(kommuner: list[dict], released: set[str], boxes: list[list[float]]) -> list[float] | None:
    """The extent the map opens on: the kommuner with a release and the public objects' boxes."""
    boxes = [k["bbox"] for k in kommuner if k["kommunekode"] in released and k["bbox"]] + list(boxes)
    if not boxes:
        return None
    return [round(float(v), 6) for v in (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                         max(b[2] for b in boxes), max(b[3] for b in boxes))]


def search_sites(layers_wgs84: Mapping[str, gpd.GeoDataFrame]) -> list[dict]:
    """The search entries of the named sites: business sites and industrial-park candidates."""
    sites = []
    for layer_name in ("erhvervsareal", "industripark_kandidat"):
        frame = layers_wgs84.get(layer_name)
        if frame is None or frame.empty:
            continue
        for bbox, objekt_id, navn, kode in zip(_bounds(frame), frame["objekt_id"], frame["navn"],
                                               frame["kommunekode"]):
            sites.append({"layer": layer_name, "objekt_id": json_value(objekt_id),
                          "navn": json_value(navn), "kommunekode": json_value(kode),
                          "bbox": [float(v) for v in bbox]})
    return sites


def labels() -> dict:
    """Field and code labels in Danish and English, straight from the data model."""
    return {
        "datamodel_version": DATAMODEL_VERSION,
        "layers": {name: {"da": layer.label_da, "en": layer.label_en} for name, layer in LAYERS.items()},
        "fields": {name: {spec.name: {"da": spec.label_da, "en": spec.label_en,
                                      "codelist": spec.codelist, "type": spec.type.value}
                          for spec in layer.fields if spec.name != "synlighed"}
                   for name, layer in LAYERS.items()},
        "codelists": {name: {code.value: {"da": code.label_da, "en": code.label_en}
                             for code in codelist.codes}
                      for name, codelist in CODELISTS.items()},
    }
