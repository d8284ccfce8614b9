"""Read-only OGC API - Features (Part 1: Core, GeoJSON, HTML) over the current public build.

Plain functions that take the request's parameters and return (status, body, media type); the
Flask adapter in `routes.py` only translates. The data are the build's GeoJSON downloads (already
only `offentlig` objects, already WGS84 = CRS84), loaded once per build.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import geopandas as gpd
import numpy as np
import pyogrio
import shapely

from datamodel import LAYERS

from ..outputs.public_build import current_build
from ..outputs.public_data import PUBLIC_LAYERS

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
]
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000


class OgcError(Exception):
    def __init__(self, status: int, code: str, da: str, en: str):
        super().__init__(en)
        self.status, self.code, self.da, self.en = status, code, da, en

    def body(self) -> dict:
        return {"code": self.code, "description": f"{self.da} / {self.en}"}


@dataclass
class Collection:
    name: str
    frame: gpd.GeoDataFrame
    bounds: np.ndarray

    @property
    def extent(self) -> list[float]:
        if self.frame.empty:
            return [8.0, 54.5, 15.3, 57.8]
        return [round(float(v), 6) for v in self.frame.total_bounds]


class PublicCollections:
    """The current build's collections, reloaded when `current` points at a new build."""

    def __init__(self, public_dir: Path):
        self.public_dir = Path(public_dir)
        self._lock = threading.Lock()
        self._loaded: tuple[Path, dict[str, Collection]] | None = None

    def collections(self) -> dict[str, Collection]:
        """Before the first release every collection is there, empty, so clients can add them."""
        build = current_build(self.public_dir)
        if build is None:
            return {name: _empty(name) for name in PUBLIC_LAYERS}
        with self._lock:
            if self._loaded is None or self._loaded[0] != build:
                self._loaded = (build, {name: _load(build, name) for name in PUBLIC_LAYERS})
            return self._loaded[1]

    def collection(self, name: str) -> Collection:
        collections = self.collections()
        if name not in collections:
            raise OgcError(404, "NotFound", f"Samlingen {name!r} findes ikke.",
                           f"Collection {name!r} does not exist.")
        return collections[name]


def _empty(name: str) -> Collection:
    return Collection(name, gpd.GeoDataFrame(geometry=[], crs="OGC:CRS84"), np.zeros((0, 4)))


def _load(build: Path, name: str) -> Collection:
    path = build / "downloads" / f"{name}.geojson"
    if not path.exists():
        return _empty(name)
    frame = pyogrio.read_dataframe(path, datetime_as_string=True)
    if not frame.empty:
        frame = frame.set_index(frame["objekt_id"].astype(str), drop=False)
    bounds = shapely.bounds(frame.geometry.to_numpy()) if not frame.empty else np.zeros((0, 4))
    return Collection(name, frame, bounds)


def _link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def landing(base: str) -> dict:
    return {
        "title": "Overblikskort – erhvervsarealer",
        "description": "Offentlige erhvervsarealer, infrastruktur og industripark-kandidater / "
                       "Public business sites, infrastructure and industrial-park candidates",
        "links": [
            _link(f"{base}?f=json", "self", JSON, "Denne side / This document"),
            _link(f"{base}?f=html", "alternate", HTML, "HTML"),
            _link(f"{base}/api", "service-desc", OPENAPI, "OpenAPI"),
            _link(f"{base}/conformance", "conformance", JSON, "Overensstemmelse / Conformance"),
            _link(f"{base}/collections", "data", JSON, "Samlinger / Collections"),
        ],
    }


def openapi(base: str) -> dict:
    """A small OpenAPI 3.0 description of this read-only API (QGIS's provider asks for one)."""
    def parameter(name: str, schema: dict, description: str) -> dict:
        return {"name": name, "in": "query", "required": False, "schema": schema,
                "style": "form", "explode": False, "description": description}

    items_parameters = [
        parameter("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                            "default": DEFAULT_LIMIT}, "Antal objekter / number of features"),
        parameter("offset", {"type": "integer", "minimum": 0, "default": 0}, "Forskydning / offset"),
        parameter("bbox", {"type": "array", "minItems": 4, "maxItems": 6,
                           "items": {"type": "number"}}, "minLon,minLat,maxLon,maxLat (CRS84)"),
    ]
    ok = {"200": {"description": "OK"}}
    paths: dict[str, Any] = {"/": {"get": {"summary": "Landing page", "responses": ok}},
             "/conformance": {"get": {"summary": "Conformance", "responses": ok}},
             "/collections": {"get": {"summary": "Collections", "responses": ok}}}
    for name in PUBLIC_LAYERS:
        paths[f"/collections/{name}"] = {"get": {"summary": name, "responses": ok}}
        paths[f"/collections/{name}/items"] = {"get": {"summary": f"{name} items",
                                                        "parameters": items_parameters,
                                                        "responses": ok}}
        paths[f"/collections/{name}/items/{{featureId}}"] = {"get": {
            "summary": f"{name} item", "responses": ok,
            "parameters": [{"name": "featureId", "in": "path", "required": True,
                            "schema": {"type": "string"}}]}}
    return {"openapi": "3.0.2",
            "info": {"title": "Overblikskort OGC API Features", "version": "1.0.0"},
            "servers": [{"url": base}], "paths": paths}


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def collection_document(base: str, collection: Collection) -> dict:
    layer = LAYERS[collection.name]
    href = f"{base}/collections/{collection.name}"
    return {
        "id": collection.name, "title": layer.label_da,
        "description": f"{layer.description_da} / {layer.description_en}",
        "itemType": "feature", "crs": [CRS84], "storageCrs": CRS84,
        "extent": {"spatial": {"bbox": [collection.extent], "crs": CRS84}},
        "links": [
            _link(href, "self", JSON, layer.label_da),
            _link(f"{href}?f=html", "alternate", HTML, "HTML"),
            _link(f"{href}/items", "items", GEOJSON, f"{layer.label_da} (GeoJSON)"),
            _link(f"{href}/items?f=html", "items", HTML, f"{layer.label_da} (HTML)"),
        ],
    }


def collections_document(base: str, store: PublicCollections) -> dict:
    return {
        "links": [_link(f"{base}/collections", "self", JSON, "Samlinger / Collections"),
                  _link(f"{base}/collections?f=html", "alternate", HTML, "HTML")],
        "collections": [collection_document(base, c) for c in store.collections().values()],
    }


def _int_parameter(args, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise OgcError(400, "InvalidParameterValue",
                       f"{name} skal være et heltal på mindst {minimum}, ikke {raw!r}.",
                       f"{name} must be an integer of at least {minimum}, not {raw!r}.")
    return min(value, maximum) if maximum else value


def _bbox_parameter(args) -> tuple[float, float, float, float] | None:
    raw = args.get("bbox")
    if not raw:
        return None
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise OgcError(400, "InvalidParameterValue",
                       f"bbox skal være minLon,minLat,maxLon,maxLat (CRS84), ikke {raw!r}.",
                       f"bbox must be minLon,minLat,maxLon,maxLat (CRS84), not {raw!r}.")
    xmin, ymin, xmax, ymax = numbers
    return xmin, ymin, xmax, ymax


def items(base: str, store: PublicCollections, name: str, args) -> dict:
    collection = store.collection(name)
    limit = _int_parameter(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int_parameter(args, "offset", 0, 0, None)
    bbox = _bbox_parameter(args)
    frame = collection.frame
    if bbox is not None and not frame.empty:
        b = collection.bounds
        candidate = (b[:, 0] <= bbox[2]) & (b[:, 2] >= bbox[0]) & (b[:, 1] <= bbox[3]) & (b[:, 3] >= bbox[1])
        hits = frame.loc[candidate]
        frame = hits.loc[hits.geometry.intersects(shapely.box(*bbox)).to_numpy()]
    page = frame.iloc[offset:offset + limit]
    href = f"{base}/collections/{name}/items"
    query = {"limit": limit, **({"bbox": args.get("bbox")} if bbox else {})}

    def page_link(rel: str, page_offset: int, media_type: str = GEOJSON) -> dict:
        fmt = "html" if media_type == HTML else "json"
        params = urlencode({**query, "offset": page_offset, "f": fmt})
        return _link(f"{href}?{params}", rel, media_type, rel)

    links = [page_link("self", offset), page_link("alternate", offset, HTML),
             _link(f"{base}/collections/{name}", "collection", JSON, name)]
    if offset + limit < len(frame):
        links.append(page_link("next", offset + limit))
    if offset > 0:
        links.append(page_link("prev", max(0, offset - limit)))
    features = json.loads(page.to_json(na="null", default=str))["features"] if len(page) else []
    for feature in features:
        feature["id"] = feature["properties"]["objekt_id"]
    return {"type": "FeatureCollection", "features": features, "numberMatched": len(frame),
            "numberReturned": len(features),
            "timeStamp": datetime.now(UTC).isoformat(timespec="seconds"), "links": links}


def item(base: str, store: PublicCollections, name: str, feature_id: str) -> dict:
    collection = store.collection(name)
    if collection.frame.empty or feature_id not in collection.frame.index:
        raise OgcError(404, "NotFound", f"Objektet {feature_id!r} findes ikke i {name}.",
                       f"Feature {feature_id!r} does not exist in {name}.")
    row = collection.frame.loc[[feature_id]]
    feature = json.loads(row.to_json(na="null", default=str))["features"][0]
    feature["id"] = feature_id
    href = f"{base}/collections/{name}/items/{feature_id}"
    feature["links"] = [_link(href, "self", GEOJSON, "GeoJSON"),
                        _link(f"{href}?f=html", "alternate", HTML, "HTML"),
                        _link(f"{base}/collections/{name}", "collection", JSON, name)]
    return feature
