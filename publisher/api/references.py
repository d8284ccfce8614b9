"""Read-only reference layers under /api/v1/references, for any signed-in user (the plugin's
"Hent Erhvervsstyrelsens referencelag"). The logic is ``publisher.reference_extracts``; this
module holds the routes and their request and response models."""

from __future__ import annotations

from typing import Literal

from flask import Response, request
from flask_openapi3 import Tag
from pydantic import BaseModel, Field

from ..errors import InvalidRequest
from ..reference_extracts import (
    MAX_BUFFER_METRES,
    ExtractRequestError,
    UnknownReferenceKind,
    extract_request,
    reference_extract,
    reference_listing,
)
from ..store import NotFound
from .blueprint import api_blueprint, workflow
from .errors import error_responses
from .request_models import Kommunekode, Query

REFERENCES = Tag(
    name="referencelag",
    description="Erhvervsstyrelsens referencelag / ERST's reference layers (read-only)",
)

references_api = api_blueprint("api_v1_references", __name__)


class ReferenceKindPath(BaseModel):
    kind: str = Field(pattern=r"^[a-z0-9_]{1,40}$", description="e.g. lokalplaner")


class ReferenceQuery(Query):
    format: Literal["gpkg", "geojson"] = Field(
        "gpkg", description="GeoPackage 1.2 in EPSG:25832, or RFC 7946 GeoJSON (WGS84)"
    )
    bbox: str | None = Field(
        None, description="xmin,ymin,xmax,ymax in EPSG:25832: only the objects that meet it"
    )
    kommune: Kommunekode | None = Field(
        None, description="only the objects that meet this kommune (with buffer)"
    )
    buffer: float = Field(0, ge=0, le=MAX_BUFFER_METRES, description="metres around the kommune")


class ReferenceSource(BaseModel):
    source: str
    file_name: str
    feature_count: int
    imported_at: str = Field(description="when ERST imported it (ISO 8601)")


class ReferenceKind(BaseModel):
    kind: str
    version: str = Field(description="changes with every import of the kind")
    crs: str
    feature_count: int
    imported_at: str = Field(description="the kind's latest import (ISO 8601)")
    href: str
    sources: list[ReferenceSource]


class ReferenceListing(BaseModel):
    references: list[ReferenceKind]


@references_api.get(
    "/references",
    tags=[REFERENCES],
    summary="Referencelagene Erhvervsstyrelsen validerer med: slags, kilder, "
    "datoer, antal og version",
    responses={200: ReferenceListing},
)
def list_references():
    kinds = reference_listing(workflow().store)
    for entry in kinds:
        entry["href"] = f"{request.base_url}/{entry['kind']}"
    return {"references": kinds}


@references_api.get(
    "/references/<kind>",
    tags=[REFERENCES],
    summary="Ét referencelag, hele objekter der rører bbox og/eller kommunen med buffer",
    responses={
        200: {
            "description": "the layer; ETag and X-Reference-Version carry its version",
            "content": {
                "application/geopackage+sqlite3": {
                    "schema": {"type": "string", "format": "binary"}
                },
                "application/geo+json": {"schema": {"type": "object"}},
            },
        },
        304: {"description": "If-None-Match names the current version"},
        **error_responses(404),
    },
)
def get_reference(path: ReferenceKindPath, query: ReferenceQuery):
    try:
        extract = reference_extract(
            workflow().store,
            extract_request(path.kind, query.format, query.bbox, query.kommune, query.buffer),
        )
    except ExtractRequestError as error:
        raise InvalidRequest(error.message_da, error.message_en) from None
    except UnknownReferenceKind as error:
        raise NotFound(error.message_da, error.message_en) from None
    etag = f'"{extract.version}"'
    headers = {
        "ETag": etag,
        "X-Reference-Version": extract.version,
        "X-Feature-Count": str(extract.feature_count),
        "Content-Disposition": f'attachment; filename="{extract.file_name}"',
        "Cache-Control": "private, no-cache",
    }
    if etag in request.headers.get("If-None-Match", ""):
        return Response(status=304, headers=headers)
    return Response(extract.content, mimetype=extract.media_type, headers=headers)
