"""The OpenAPI 3.0 description of the OGC API Features (its "API definition"): every path, and for
each collection's items its parameters, the queryables among them (``style: form``,
``explode: false``: what Part 1 clients read as filterable properties). QGIS's provider reads its
page size from ``components.parameters.limit``."""

from __future__ import annotations

from .ogc_collections import PublicCollections
from .ogc_params import CRS84, DEFAULT_LIMIT, MAX_LIMIT, SUPPORTED_CRS

_SCHEMAS = {
    "text": {"type": "string"},
    "uuid": {"type": "string", "format": "uuid"},
    "date": {"type": "string", "format": "date"},
    "integer": {"type": "integer"},
    "real": {"type": "number"},
    "boolean": {"type": "boolean"},
}


def _query(name: str, schema: dict, description: str, **extra) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "style": "form",
        "explode": False,
        "description": description,
        **extra,
    }


PARAMETERS = {
    "f": _query("f", {"type": "string", "enum": ["json", "html"]}, "Format / format"),
    "limit": _query(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        "Antal objekter / number of features",
    ),
    "offset": _query(
        "offset",
        {"type": "integer", "minimum": 0, "default": 0},
        "Spring over / skip this many features",
    ),
    "cursor": _query(
        "cursor",
        {"type": "string"},
        "Næste side, som et next-link angiver den / the next page, as a next link gives it",
    ),
    "bbox": _query(
        "bbox",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        "minX,minY,maxX,maxY i bbox-crs (standard CRS84) / in bbox-crs (default CRS84)",
    ),
    "bbox-crs": _query(
        "bbox-crs",
        {"type": "string", "format": "uri", "enum": list(SUPPORTED_CRS), "default": CRS84},
        "CRS for bbox",
    ),
    "crs": _query(
        "crs",
        {"type": "string", "format": "uri", "enum": list(SUPPORTED_CRS), "default": CRS84},
        "CRS for svaret / of the response",
    ),
}


def _get(summary: str, parameters: list, media_type: str = "application/json") -> dict:
    return {
        "get": {
            "summary": summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {media_type: {}}},
                "400": {"description": "Ugyldig parameter / invalid parameter"},
                "404": {"description": "Findes ikke / not found"},
            },
        }
    }


def openapi(base: str, store: PublicCollections) -> dict:
    ref = lambda name: {"$ref": f"#/components/parameters/{name}"}  # noqa: E731
    paths = {
        "/": _get("Landing page", [ref("f")]),
        "/conformance": _get("Conformance", [ref("f")]),
        "/collections": _get("Collections", [ref("f")]),
    }
    for collection in store.collections().values():
        spec = collection.spec
        filters = []
        for name in spec.queryables:
            declared = spec.field(name)
            kind, label = (
                (declared.type.value, declared.label_da) if declared is not None else ("text", name)
            )
            filters.append(_query(name, _SCHEMAS[kind], f"{label} (lig med / equals)"))
        path = f"/collections/{spec.name}"
        paths[path] = _get(spec.title_da, [ref("f")])
        paths[f"{path}/queryables"] = _get(
            f"{spec.title_da}: queryables", [], "application/schema+json"
        )
        paths[f"{path}/items"] = _get(
            f"{spec.title_da}: objekter / features",
            [
                ref("f"),
                ref("limit"),
                ref("offset"),
                ref("cursor"),
                ref("bbox"),
                ref("bbox-crs"),
                ref("crs"),
                *filters,
            ],
            "application/geo+json",
        )
        paths[f"{path}/items/{{featureId}}"] = _get(
            f"{spec.title_da}: ét objekt / one feature",
            [
                {"name": "featureId", "in": "path", "required": True, "schema": {"type": "string"}},
                ref("f"),
                ref("crs"),
            ],
            "application/geo+json",
        )
    return {
        "openapi": "3.0.2",
        "info": {
            "title": "Overblikskort OGC API Features",
            "version": "2.0.0",
            "contact": {"name": "Erhvervsstyrelsen"},
        },
        "servers": [{"url": base}],
        "paths": paths,
        "components": {"parameters": PARAMETERS},
    }
