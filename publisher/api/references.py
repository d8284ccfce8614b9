"""Read-only reference layers under /api/v1/references, for any signed-in user (the plugin's
"Hent Erhvervsstyrelsens referencelag"). See ``publisher.reference_extracts``."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from ..reference_extracts import (
    ExtractRequestError, UnknownReferenceKind, parse_extract_request, reference_extract,
    reference_listing,
)
from ..store.records import NotFound
from ..workflow import InvalidRequest
from .routes import current_user, workflow

references_api = Blueprint("api_v1_references", __name__, url_prefix="/api/v1/references")


@references_api.get("")
def list_references():
    current_user()
    kinds = reference_listing(workflow().store)
    for entry in kinds:
        entry["href"] = f"{request.base_url}/{entry['kind']}"
    return jsonify({"references": kinds})


@references_api.get("/<kind>")
def get_reference(kind: str):
    current_user()
    try:
        extract = reference_extract(workflow().store, parse_extract_request(kind, request.args))
    except ExtractRequestError as error:
        raise InvalidRequest(error.message_da, error.message_en) from None
    except UnknownReferenceKind as error:
        raise NotFound(error.message_da, error.message_en) from None
    etag = f'"{extract.version}"'
    headers = {"ETag": etag, "X-Reference-Version": extract.version,
               "X-Feature-Count": str(extract.feature_count),
               "Content-Disposition": f'attachment; filename="{extract.file_name}"',
               "Cache-Control": "private, no-cache"}
    if etag in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers=headers)
    return Response(extract.content, mimetype=extract.media_type, headers=headers)
