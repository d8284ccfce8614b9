"""The Flask adapter of OGC API Features under /ogc: parameters in, documents out (JSON, GeoJSON
or HTML by ``f`` or the Accept header), errors as JSON with a Danish and English description."""

from __future__ import annotations

import json

from flask import Blueprint, Response, request

from . import html_pages, ogc
from .ogc_collections import PublicCollections
from .ogc_openapi import openapi
from .ogc_params import OgcError, response_format


def _json(document, status: int = 200, media_type: str = "application/json") -> Response:
    body = document if isinstance(document, bytes) else json.dumps(document, ensure_ascii=False)
    return Response(body, status=status, mimetype=media_type)


def _wants_html() -> bool:
    requested = response_format(request.args)
    if requested:
        return requested == "html"
    best = request.accept_mimetypes.best_match(
        ["application/json", "application/geo+json", "text/html"]
    )
    return best == "text/html"


def register(blueprint: Blueprint, collections: PublicCollections, page_policy: str) -> None:
    def base() -> str:
        return request.host_url.rstrip("/") + "/ogc"

    def html(text: str) -> Response:
        response = Response(text, mimetype="text/html")
        response.headers["Content-Security-Policy"] = page_policy
        return response

    def answer(produce):
        try:
            return produce(base())
        except OgcError as error:
            return _json(error.body(), error.status)

    def document(
        kind: str, make, found_name: str | None = None, media_type: str = "application/json"
    ):
        def produce(root: str):
            found = ogc.collection(collections, found_name) if found_name else None
            ogc.check_document_parameters(request.args, collections, found)
            made = make(root, found)
            if _wants_html():
                return html(html_pages.render_document(kind, made, root, found=found))
            return _json(made, media_type=media_type)

        return answer(produce)

    @blueprint.get("/ogc")
    @blueprint.get("/ogc/")
    def ogc_landing():
        return document("landing", lambda root, _: ogc.landing(root))

    @blueprint.get("/ogc/api")
    def ogc_openapi():
        def produce(root: str):
            ogc.check_document_parameters(request.args, collections)
            return _json(openapi(root, collections), media_type=ogc.OPENAPI)

        return answer(produce)

    @blueprint.get("/ogc/conformance")
    def ogc_conformance():
        return document("conformance", lambda root, _: ogc.conformance())

    @blueprint.get("/ogc/collections")
    def ogc_collections():
        return document("collections", lambda root, _: ogc.collections_document(root, collections))

    @blueprint.get("/ogc/collections/<name>")
    def ogc_collection(name: str):
        return document(
            "collection", lambda root, found: ogc.collection_document(root, found), name
        )

    @blueprint.get("/ogc/collections/<name>/queryables")
    def ogc_queryables(name: str):
        return document(
            "queryables",
            lambda root, found: ogc.queryables_document(root, found),
            name,
            "application/schema+json",
        )

    def features(name: str, produce_answer, single: bool):
        def produce(root: str):
            as_html = _wants_html()
            result = produce_answer(root, as_html)
            if as_html:
                found = ogc.collection(collections, name)
                return html(
                    html_pages.render_items(
                        result, found, root, collections.kommune_names(), single=single
                    )
                )
            response = _json(result.text, media_type=ogc.GEOJSON)
            response.headers["Content-Crs"] = f"<{result.crs}>"
            return response

        return answer(produce)

    @blueprint.get("/ogc/collections/<name>/items")
    def ogc_items(name: str):
        return features(
            name,
            lambda root, as_html: ogc.items(
                root, collections, name, request.args, for_html=as_html
            ),
            single=False,
        )

    @blueprint.get("/ogc/collections/<name>/items/<feature_id>")
    def ogc_item(name: str, feature_id: str):
        return features(
            name,
            lambda root, as_html: ogc.item(
                root, collections, name, feature_id, request.args, for_html=as_html
            ),
            single=True,
        )
