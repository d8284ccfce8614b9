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
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import numpy as np
import shapely

from .ogc_collections import Collection, PublicCollections
from .ogc_params import (
    CRS84,
    DOCUMENT_PARAMETERS,
    ITEM_PARAMETERS,
    SUPPORTED_CRS,
    ItemsQuery,
    OgcError,
    check_known,
    crs_parameter,
    items_query,
    response_format,
)
from .ogc_index import ServingIndex, feature_text
from .ogc_store import Area, crs_of, transformer

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
_STEPS = np.linspace(0.0, 1.0, 21)
"""Points along each edge when a query box is carried into another CRS (its edges curve there)."""


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


def check_document_parameters(
    args: Mapping[str, str], store: PublicCollections, collection: Collection | None = None
) -> None:
    """Documents take `f` only; a client that carries a filter in its connection URL (QGIS does,
    to every request) may send the collection's queryables along."""
    tolerated = (
        set(collection.spec.queryables)
        if collection
        else {name for c in store.collections().values() for name in c.spec.queryables}
    )
    check_known(args, DOCUMENT_PARAMETERS, tolerated)


def collection(store: PublicCollections, name: str) -> Collection:
    found = store.get(name)
    if found is None:
        raise not_found(f"Samlingen {name!r} findes ikke.", f"Collection {name!r} does not exist.")
    return found


def extent(found: Collection) -> list[float]:
    if found.table.extent is None:
        return DENMARK_CRS84
    minx, miny, maxx, maxy = found.table.extent
    to_crs84 = transformer(found.table.crs_name, SUPPORTED_CRS[CRS84])
    return [round(float(v), 6) for v in to_crs84.transform_bounds(minx, miny, maxx, maxy)]


def collection_document(base: str, found: Collection) -> dict:
    spec = found.spec
    href = f"{base}/collections/{spec.name}"
    return {
        "id": spec.name,
        "title": spec.title_da,
        "description": f"{spec.description_da} / {spec.description_en}",
        **spec.extra,
        "itemType": "feature",
        "crs": list(SUPPORTED_CRS),
        "storageCrs": f"http://www.opengis.net/def/crs/EPSG/0/{found.table.srs_id}",
        "extent": {"spatial": {"bbox": [extent(found)], "crs": CRS84}},
        "links": [
            _link(href, "self", JSON, spec.title_da),
            _link(f"{href}?f=html", "alternate", HTML, "HTML"),
            _link(f"{href}/items", "items", GEOJSON, f"{spec.title_da} (GeoJSON)"),
            _link(f"{href}/items?f=html", "items", HTML, f"{spec.title_da} (HTML)"),
            _link(
                f"{href}/queryables",
                "http://www.opengis.net/def/rel/ogc/1.0/queryables",
                "application/schema+json",
                "Queryables",
            ),
        ],
    }


def collections_document(base: str, store: PublicCollections) -> dict:
    return {
        "links": [
            _link(f"{base}/collections", "self", JSON, "Samlinger / Collections"),
            _link(f"{base}/collections?f=html", "alternate", HTML, "HTML"),
        ],
        "crs": list(SUPPORTED_CRS),
        "collections": [collection_document(base, c) for c in store.collections().values()],
    }


_JSON_TYPES = {
    "text": "string",
    "uuid": "string",
    "date": "string",
    "integer": "integer",
    "real": "number",
    "boolean": "boolean",
}


def queryables_document(base: str, found: Collection) -> dict:
    """The properties a request may filter on (equality), as JSON Schema."""
    spec = found.spec
    properties = {}
    for name in spec.queryables:
        declared = spec.field(name)
        schema: dict[str, Any] = {
            "title": declared.label_da if declared else name,
            "type": _JSON_TYPES[declared.type.value] if declared else "string",
        }
        if declared is not None and declared.codelist and declared.codelist in spec.codelists:
            values = [code.value for code in spec.codelists[declared.codelist].codes]
            schema["enum"] = [int(v) for v in values] if schema["type"] == "integer" else values
        if declared is not None and declared.type.value == "date":
            schema["format"] = "date"
        properties[name] = schema
    return {
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": f"{base}/collections/{spec.name}/queryables",
        "type": "object",
        "title": spec.title_da,
        "properties": properties,
    }


def _area(query: ItemsQuery, found: Collection) -> Area | None:
    """The query box in the table's CRS. A box in another CRS is carried over with its edges
    densified (they curve there); the exact test is against that polygon."""
    if query.bbox is None:
        return None
    storage, requested = found.table.crs_name, SUPPORTED_CRS[query.bbox_crs]
    if crs_of(storage) == crs_of(requested):
        box = shapely.box(*query.bbox)
        shapely.prepare(box)
        return Area(query.bbox, query.bbox, lambda geometries: shapely.intersects(geometries, box))
    forward = transformer(requested, storage)
    minx, miny, maxx, maxy = query.bbox
    steps = _STEPS
    edges = {
        "west": (np.full_like(steps, minx), miny + steps * (maxy - miny)),
        "north": (minx + steps * (maxx - minx), np.full_like(steps, maxy)),
        "east": (np.full_like(steps, maxx), maxy - steps * (maxy - miny)),
        "south": (maxx - steps * (maxx - minx), np.full_like(steps, miny)),
    }
    moved = {side: forward.transform(*points) for side, points in edges.items()}
    ring = np.concatenate([np.column_stack(m) for m in moved.values()])
    polygon = shapely.Polygon(ring)
    shapely.prepare(polygon)
    inner = (
        float(moved["west"][0].max()) + 0.01,
        float(moved["south"][1].max()) + 0.01,
        float(moved["east"][0].min()) - 0.01,
        float(moved["north"][1].min()) - 0.01,
    )
    west, south, east, north = (float(v) for v in polygon.bounds)
    return Area(
        (west, south, east, north),
        inner,
        lambda geometries: shapely.intersects(geometries, polygon),
    )


@dataclass
class ItemsAnswer:
    """One page of features: its GeoJSON text, its parts for the HTML page, its CRS."""

    text: bytes
    """The GeoJSON document, UTF-8."""
    crs: str
    features: list[dict]
    """Per feature: id, properties, geometry (GeoJSON text), for the HTML page."""
    number_matched: int
    links: list[dict]


def _serving_index(found: Collection, query: ItemsQuery) -> ServingIndex | None:
    """The collection's serving index, when it is ready and can answer this query (CRS84 box,
    no property filters)."""
    index = found.table.index
    if index is None or query.filters or query.bbox_crs != CRS84 or not index.ready():
        return None
    return index


def _html_features(rows: list[tuple]) -> list[dict]:
    return [
        {
            "id": key if identifier is None else identifier,
            "properties": json.loads(properties),
            "geometry": geometry,
        }
        for key, geometry, properties, identifier in rows
    ]


def items(
    base: str,
    store: PublicCollections,
    name: str,
    args: Mapping[str, str],
    *,
    for_html: bool = False,
) -> ItemsAnswer:
    found = collection(store, name)
    query = items_query(args, found.spec)
    crs = CRS84 if for_html else query.crs
    index = _serving_index(found, query)
    if index is not None:
        page = index.find(query.bbox, after=query.cursor, offset=query.offset, limit=query.limit)
    else:
        page = found.table.find(
            filters=query.filters,
            area=_area(query, found),
            after=query.cursor,
            offset=query.offset,
            limit=query.limit,
        )
    if index is not None and crs == CRS84 and not for_html:
        texts = index.texts(page.keys)
    else:
        rows = found.table.features(page.keys, SUPPORTED_CRS[crs])
        texts = [feature_text(*row) for row in rows]
    href = f"{base}/collections/{name}/items"

    def page_link(rel: str, media_type: str, extra: dict) -> dict:
        params = {**query.link_parameters(), **extra, "f": "html" if media_type == HTML else "json"}
        return _link(f"{href}?{urlencode(params)}", rel, media_type, rel)

    here = {k: v for k, v in (("cursor", query.cursor), ("offset", query.offset)) if v}
    links = [
        page_link("self", GEOJSON, here),
        page_link("alternate", HTML, here),
        _link(f"{base}/collections/{name}", "collection", JSON, found.spec.title_da),
    ]
    if page.next_key is not None:
        links.append(page_link("next", GEOJSON, {"cursor": page.next_key}))
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = (
        b'{"type":"FeatureCollection","features":['
        + b",".join(texts)
        + b'],"numberMatched":'
        + (
            f'{page.number_matched},"numberReturned":{len(texts)},"timeStamp":"{stamp}","links":'
            + json.dumps(links, ensure_ascii=False)
            + "}"
        ).encode("utf-8")
    )
    return ItemsAnswer(
        text, crs, _html_features(rows) if for_html else [], page.number_matched, links
    )


def item(
    base: str,
    store: PublicCollections,
    name: str,
    feature_id: str,
    args: Mapping[str, str],
    *,
    for_html: bool = False,
) -> ItemsAnswer:
    found = collection(store, name)
    check_known(args, ITEM_PARAMETERS)
    response_format(args)
    crs = CRS84 if for_html else crs_parameter(args)
    key = found.table.key_of(feature_id)
    if key is None:
        raise not_found(
            f"Objektet {feature_id!r} findes ikke i {name}.",
            f"Feature {feature_id!r} does not exist in {name}.",
        )
    href = f"{base}/collections/{name}/items/{feature_id}"
    links = [
        _link(href, "self", GEOJSON, "GeoJSON"),
        _link(f"{href}?f=html", "alternate", HTML, "HTML"),
        _link(f"{base}/collections/{name}", "collection", JSON, found.spec.title_da),
    ]
    rows = found.table.features([key], SUPPORTED_CRS[crs])
    text = feature_text(*rows[0])[:-1] + (
        ',"links":' + json.dumps(links, ensure_ascii=False) + "}"
    ).encode("utf-8")
    return ItemsAnswer(text, crs, _html_features(rows), 1, links)
