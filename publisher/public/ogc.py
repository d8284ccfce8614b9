"""Read-only OGC API Features over the current public build: Part 1 (core, GeoJSON, HTML, OpenAPI
3.0, property filters on queryables) and Part 2 (CRS by reference: CRS84 and EPSG:25832).

Plain functions that take a request's parameters and return documents; the Flask adapter in
`routes.py` only translates. The collections and their data come from `ogc_collections` (a
registry over the build's GeoPackages) and `ogc_store` (R-tree queries, paging by key, GeoJSON
written once).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode

import numpy as np
import pyproj
import shapely

from .ogc_collections import Collection, PublicCollections
from .ogc_params import (CRS84, DECIMALS, DOCUMENT_PARAMETERS, ITEM_PARAMETERS, SUPPORTED_CRS,
                         ItemsQuery, OgcError, check_known, crs_parameter, items_query,
                         response_format)
from .ogc_store import Area, GeoJsonWriter

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
DENMARK_CRS84 = [8.0, 54.5, 15.3, 57.8]
_EDGE_POINTS = 21
"""Points per edge when a query box is carried into another CRS (its edges curve there)."""


def _link(href: str, rel: str, media_type: str, title: str) -> dict:
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def not_found(da: str, en: str) -> OgcError:
    return OgcError(404, "NotFound", da, en)


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


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def check_document_parameters(args: Mapping[str, str], store: PublicCollections,
                              collection: Collection | None = None) -> None:
    """Documents take `f` only; a client that carries a filter in its connection URL (QGIS does,
    to every request) may send the collection's queryables along."""
    tolerated = set(collection.spec.queryables) if collection else {
        name for c in store.collections().values() for name in c.spec.queryables}
    check_known(args, DOCUMENT_PARAMETERS, tolerated)


def collection(store: PublicCollections, name: str) -> Collection:
    found = store.get(name)
    if found is None:
        raise not_found(f"Samlingen {name!r} findes ikke.", f"Collection {name!r} does not exist.")
    return found


def extent(found: Collection) -> list[float]:
    if found.table.extent is None:
        return DENMARK_CRS84
    transformer = pyproj.Transformer.from_crs(found.table.crs, SUPPORTED_CRS[CRS84], always_xy=True)
    minx, miny, maxx, maxy = found.table.extent
    return [round(float(v), 6) for v in transformer.transform_bounds(minx, miny, maxx, maxy)]


def collection_document(base: str, found: Collection) -> dict:
    spec = found.spec
    href = f"{base}/collections/{spec.name}"
    return {
        "id": spec.name, "title": spec.title_da,
        "description": f"{spec.description_da} / {spec.description_en}", **spec.extra,
        "itemType": "feature", "crs": list(SUPPORTED_CRS),
        "storageCrs": f"http://www.opengis.net/def/crs/EPSG/0/{found.table.srs_id}",
        "extent": {"spatial": {"bbox": [extent(found)], "crs": CRS84}},
        "links": [
            _link(href, "self", JSON, spec.title_da),
            _link(f"{href}?f=html", "alternate", HTML, "HTML"),
            _link(f"{href}/items", "items", GEOJSON, f"{spec.title_da} (GeoJSON)"),
            _link(f"{href}/items?f=html", "items", HTML, f"{spec.title_da} (HTML)"),
            _link(f"{href}/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                  "application/schema+json", "Queryables"),
        ],
    }


def collections_document(base: str, store: PublicCollections) -> dict:
    return {
        "links": [_link(f"{base}/collections", "self", JSON, "Samlinger / Collections"),
                  _link(f"{base}/collections?f=html", "alternate", HTML, "HTML")],
        "crs": list(SUPPORTED_CRS),
        "collections": [collection_document(base, c) for c in store.collections().values()],
    }


_JSON_TYPES = {"text": "string", "uuid": "string", "date": "string", "integer": "integer",
               "real": "number", "boolean": "boolean"}


def queryables_document(base: str, found: Collection) -> dict:
    """The properties a request may filter on (equality), as JSON Schema."""
    spec = found.spec
    properties = {}
    for name in spec.queryables:
        declared = spec.field(name)
        schema = {"title": declared.label_da if declared else name,
                  "type": _JSON_TYPES[declared.type.value] if declared else "string"}
        if declared is not None and declared.codelist and declared.codelist in spec.codelists:
            values = [code.value for code in spec.codelists[declared.codelist].codes]
            schema["enum"] = [int(v) for v in values] if schema["type"] == "integer" else values
        if declared is not None and declared.type.value == "date":
            schema["format"] = "date"
        properties[name] = schema
    return {"$schema": "https://json-schema.org/draft/2019-09/schema",
            "$id": f"{base}/collections/{spec.name}/queryables", "type": "object",
            "title": spec.title_da, "properties": properties}


def _area(query: ItemsQuery, found: Collection) -> Area | None:
    if query.bbox is None:
        return None
    box = shapely.box(*query.bbox)
    storage, requested = found.table.crs, SUPPORTED_CRS[query.bbox_crs]
    if storage == requested:
        return Area(query.bbox, query.bbox, lambda geometries: shapely.intersects(geometries, box))
    forward = pyproj.Transformer.from_crs(requested, storage, always_xy=True)
    back = pyproj.Transformer.from_crs(storage, requested, always_xy=True)
    minx, miny, maxx, maxy = query.bbox
    steps = np.linspace(0.0, 1.0, _EDGE_POINTS)
    edges = {"west": (np.full_like(steps, minx), miny + steps * (maxy - miny)),
             "east": (np.full_like(steps, maxx), miny + steps * (maxy - miny)),
             "south": (minx + steps * (maxx - minx), np.full_like(steps, miny)),
             "north": (minx + steps * (maxx - minx), np.full_like(steps, maxy))}
    moved = {side: forward.transform(*points) for side, points in edges.items()}
    xs = np.concatenate([m[0] for m in moved.values()])
    ys = np.concatenate([m[1] for m in moved.values()])
    inner = (float(moved["west"][0].max()) + 0.01, float(moved["south"][1].max()) + 0.01,
             float(moved["east"][0].min()) - 0.01, float(moved["north"][1].min()) - 0.01)

    def exact(geometries: np.ndarray) -> np.ndarray:
        carried = shapely.transform(geometries, lambda xy: np.column_stack(back.transform(xy[:, 0], xy[:, 1])))
        return shapely.intersects(carried, box)

    return Area((float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max())), inner, exact)


@dataclass
class ItemsAnswer:
    """One page of features: its GeoJSON text, its parts for the HTML page, its CRS."""

    text: str
    crs: str
    features: list[dict]
    """Per feature: id, properties, geometry (GeoJSON text), for the HTML page."""
    number_matched: int
    links: list[dict]


def items(base: str, store: PublicCollections, name: str, args: Mapping[str, str],
          *, for_html: bool = False) -> ItemsAnswer:
    found = collection(store, name)
    query = items_query(args, found.spec)
    crs = CRS84 if for_html else query.crs
    page = found.table.find(filters=query.filters, area=_area(query, found), after=query.cursor,
                            offset=query.offset, limit=query.limit)
    writer = GeoJsonWriter(found.table, SUPPORTED_CRS[crs], DECIMALS[crs])
    href = f"{base}/collections/{name}/items"

    def page_link(rel: str, media_type: str, extra: dict) -> dict:
        params = {**query.link_parameters(), **extra, "f": "html" if media_type == HTML else "json"}
        return _link(f"{href}?{urlencode(params)}", rel, media_type, rel)

    here = {k: v for k, v in (("cursor", query.cursor), ("offset", query.offset)) if v}
    links = [page_link("self", GEOJSON, here), page_link("alternate", HTML, here),
             _link(f"{base}/collections/{name}", "collection", JSON, found.spec.title_da)]
    if page.next_key is not None:
        links.append(page_link("next", GEOJSON, {"cursor": page.next_key}))
    texts = writer.features(page.rows, found.spec.id_field)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    text = ('{"type":"FeatureCollection","features":[' + ",".join(texts) + '],"numberMatched":'
            + str(page.number_matched) + ',"numberReturned":' + str(len(texts)) + ',"timeStamp":"'
            + stamp + '","links":' + json.dumps(links, ensure_ascii=False) + "}")
    features = []
    if for_html:
        geometries = writer.geometries([row[1] for row in page.rows])
        for row, geometry in zip(page.rows, geometries):
            properties = writer.properties(row)
            features.append({"id": properties.get(found.spec.id_field, row[0]), "properties": properties,
                             "geometry": geometry})
    return ItemsAnswer(text, crs, features, page.number_matched, links)


def item(base: str, store: PublicCollections, name: str, feature_id: str, args: Mapping[str, str],
         *, for_html: bool = False) -> ItemsAnswer:
    found = collection(store, name)
    check_known(args, ITEM_PARAMETERS)
    response_format(args)
    crs = CRS84 if for_html else crs_parameter(args)
    row = found.table.by_id(feature_id)
    if row is None:
        raise not_found(f"Objektet {feature_id!r} findes ikke i {name}.",
                        f"Feature {feature_id!r} does not exist in {name}.")
    href = f"{base}/collections/{name}/items/{feature_id}"
    links = [_link(href, "self", GEOJSON, "GeoJSON"), _link(f"{href}?f=html", "alternate", HTML, "HTML"),
             _link(f"{base}/collections/{name}", "collection", JSON, found.spec.title_da)]
    writer = GeoJsonWriter(found.table, SUPPORTED_CRS[crs], DECIMALS[crs])
    text = writer.features([row], found.spec.id_field, links=lambda _: links)[0]
    properties = writer.properties(row)
    features = [{"id": feature_id, "properties": properties, "geometry": writer.geometries([row[1]])[0]}]
    return ItemsAnswer(text, crs, features, 1, links)
