"""The OpenAPI 3 description of /api/v1, served at /api/v1/openapi.json."""
from __future__ import annotations

from ..store import ROLES, SUBMISSION_STATUSES
from ..workflow.paging import AUDIT_PAGE, SUBMISSIONS_PAGE, PageSize

API_VERSION = "1.1.0"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    texts = {400: "Ugyldig anmodning / bad request", 401: "Mangler eller ugyldigt token",
             403: "Forkert rolle eller kommune", 404: "Findes ikke",
             409: "Konflikt: tilstanden er ændret (version) eller forbyder handlingen",
             413: "Filen er over størrelsesgrænsen", 422: "Filen kan ikke læses",
             503: "Databasen er ikke tilgængelig lige nu; prøv igen"}
    return {str(code): _json(_ref("Error"), texts[code]) for code in codes}


def _op(summary: str, ok: dict, *errors: int, body: dict | None = None,
        parameters: list | None = None) -> dict:
    operation = {"summary": summary, "responses": {**ok, **_errors(401, *errors, 503)}}
    if body:
        operation["requestBody"] = body
    if parameters:
        operation["parameters"] = parameters
    return operation


def _path_param(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _paging(size: PageSize) -> list[dict]:
    return [_query("limit", {"type": "integer", "minimum": 1, "maximum": size.maximum,
                             "default": size.default}, "rows per page"),
            _query("before", {"type": "integer", "minimum": 0},
                   "continue below this id (the `next` link carries it)")]


def _listing(key: str, item: dict) -> dict:
    return {"type": "object", "required": [key, "limit", "next"], "properties": {
        key: {"type": "array", "items": item}, "limit": {"type": "integer"},
        "next": {"type": "string", "format": "uri", "nullable": True,
                 "description": "URL of the next (older) page; null on the last page"}}}


_KOMMUNE = {"type": "string", "pattern": "^[0-9]{4}$"}
_ID = {"type": "integer"}
_DECISION = {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {
        "comment": {"type": "string", "maxLength": 4000},
        "object_comments": {"type": "array", "items": {"type": "object", "required": ["objekt_id"],
                            "properties": {"objekt_id": {"type": "string"},
                                           "comment": {"type": "string"}}}},
        "expected_version": {"type": "integer", "description": "kommune_state.version seen by "
                             "the approver; a different current version gives 409"},
        "against_release_id": {"type": "integer", "description": "approve against this (the "
                               "current) release: validated and diffed anew; 409 "
                               "foraeldet_grundlag if it is no longer current"}}}}}}


def openapi_document() -> dict:
    obj = {"type": "object"}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Overblikskort publisher API", "version": API_VERSION,
                 "description": "Indsendelser, godkendelse, udgivelser og revisionsspor. "
                                "Submissions, approval, releases and audit log."},
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {
                    "code": {"type": "string"}, "message_da": {"type": "string"},
                    "message_en": {"type": "string"}}}}},
                "Submission": {"type": "object", "properties": {
                    "id": _ID, "kommune": _KOMMUNE,
                    "status": {"type": "string", "enum": list(SUBMISSION_STATUSES)},
                    "uploader": {"type": "string"}, "ruleset_version": {"type": "string"},
                    "report_hash": {"type": "string"}, "file_name": {"type": "string"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "comment": {"type": "string", "nullable": True},
                    "object_comments": {"type": "array", "items": obj},
                    "release_id": {"type": "integer", "nullable": True},
                    "report": {**obj, "description": "Report.to_dict(), see docs/api.md"},
                    "diff": {**obj, "description": "counts and lists of new/changed/deleted/"
                             "unchanged objekt_id against the current release"},
                    "kommune_state": _ref("KommuneState")}},
                "KommuneState": {"type": "object", "properties": {
                    "kommune": _KOMMUNE, "release_id": {"type": "integer", "nullable": True},
                    "version": {"type": "integer"}}},
                "Release": {"type": "object", "properties": {
                    "id": _ID, "kommune": _KOMMUNE, "number": {"type": "integer"},
                    "created_by": {"type": "string"}, "created_at": {"type": "string"},
                    "source_submission_id": _ID, "ruleset_version": {"type": "string"},
                    "report_hash": {"type": "string"}, "feature_count": {"type": "integer"},
                    "current": {"type": "boolean"}}},
                "ReferenceKind": {"type": "object", "properties": {
                    "kind": {"type": "string"}, "version": {"type": "string"},
                    "crs": {"type": "string"}, "feature_count": {"type": "integer"},
                    "imported_at": {"type": "string", "format": "date-time"},
                    "href": {"type": "string", "format": "uri"},
                    "sources": {"type": "array", "items": {"type": "object", "properties": {
                        "source": {"type": "string"}, "file_name": {"type": "string"},
                        "feature_count": {"type": "integer"},
                        "imported_at": {"type": "string", "format": "date-time"}}}}}},
                "User": {"type": "object", "properties": {
                    "name": {"type": "string"}, "role": {"type": "string", "enum": list(ROLES)},
                    "kommune": {"type": "string", "nullable": True},
                    "token": {"type": "string", "description": "only in the answer to POST"}}},
            },
        },
        "paths": {
            "/submissions": {
                "post": _op("Indsend en fil (indsender, egen kommune)",
                            {"201": _json(_ref("Submission"), "Modtaget og valideret")},
                            400, 403, 413, 422, body={"required": True, "content": {
                                "multipart/form-data": {"schema": {
                                    "type": "object", "required": ["file", "kommune"],
                                    "properties": {"file": {"type": "string", "format": "binary"},
                                                   "kommune": _KOMMUNE}}}}}),
                "get": _op("List indsendelser (nyeste først, side for side)",
                           {"200": _json(_listing("submissions", _ref("Submission")),
                                         "En side indsendelser uden rapport")},
                           400, 403, parameters=[
                               _query("kommune", _KOMMUNE),
                               _query("status", {"type": "string",
                                                 "enum": list(SUBMISSION_STATUSES)}),
                               *_paging(SUBMISSIONS_PAGE)]),
            },
            "/submissions/{id}": {"get": _op(
                "Én indsendelse med rapport og ændringer", {"200": _json(_ref("Submission"), "OK")},
                403, 404, parameters=[_path_param("id", _ID)])},
            "/submissions/{id}/file": {"get": _op(
                "Den indsendte fil, uændret", {"200": {"description": "filen", "content": {
                    "application/octet-stream": {}}}}, 403, 404,
                parameters=[_path_param("id", _ID)])},
            "/submissions/{id}/map": {"get": _op(
                "Ændringerne som GeoJSON (WGS84) til kortet: aendring = ny, aendret, slettet, "
                "uaendret, kommunegraense", {"200": {"description": "FeatureCollection",
                                                     "content": {"application/geo+json": {}}}},
                403, 404, parameters=[_path_param("id", _ID)])},
            "/submissions/{id}/approve": {"post": _op(
                "Godkend (godkender): ny udgivelse bliver den aktuelle",
                {"200": _json(obj, "submission, release, kommune_state, public_build")},
                400, 403, 404, 409, body=_DECISION, parameters=[_path_param("id", _ID)])},
            "/submissions/{id}/reject": {"post": _op(
                "Afvis (godkender) med kommentarer", {"200": _json(obj, "submission")},
                400, 403, 404, 409, body=_DECISION, parameters=[_path_param("id", _ID)])},
            "/kommuner/{kode}/releases": {"get": _op(
                "Kommunens udgivelser", {"200": _json(obj, "kommune_state, releases: [Release]")},
                403, parameters=[_path_param("kode", _KOMMUNE)])},
            "/kommuner/{kode}/rollback": {"post": _op(
                "Rul tilbage til en tidligere udgivelse (godkender)",
                {"200": _json(obj, "kommune_state, release, public_build")}, 400, 403, 404, 409,
                body={"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["release_id"],
                    "properties": {"release_id": _ID, "expected_version": {"type": "integer"},
                                   "comment": {"type": "string"}}}}}},
                parameters=[_path_param("kode", _KOMMUNE)])},
            "/releases/{id}": {"get": _op("Én udgivelse", {"200": _json(_ref("Release"), "OK")},
                                          403, 404, parameters=[_path_param("id", _ID)])},
            "/audit": {"get": _op("Revisionsspor (godkender, admin)",
                                  {"200": _json(_listing("entries", obj), "En side af sporet")},
                                  400, 403, parameters=[_query("kommune", _KOMMUNE),
                                                        *_paging(AUDIT_PAGE)])},
            "/users": {
                "get": _op("Brugere (admin)", {"200": _json(obj, "users: [User]")}, 403),
                "post": _op("Opret bruger (admin); svaret har token én gang",
                            {"201": _json(_ref("User"), "Oprettet")}, 400, 403, 409,
                            body={"required": True, "content": {"application/json": {
                                "schema": {"type": "object", "required": ["name", "role"],
                                           "properties": {"name": {"type": "string"},
                                                          "role": {"type": "string"},
                                                          "kommune": _KOMMUNE}}}}}),
            },
            "/users/{name}": {"delete": _op("Spær en bruger (admin)",
                                            {"200": _json(_ref("User"), "Spærret")}, 403, 404,
                                            parameters=[_path_param("name", {"type": "string"})])},
            "/me": {"get": _op("Hvem er jeg", {"200": _json(_ref("User"), "OK")})},
            "/references": {"get": _op(
                "Referencelagene Erhvervsstyrelsen validerer med: slags, kilder, datoer, antal "
                "og version (alle indloggede)",
                {"200": _json({"type": "object", "properties": {"references": {
                    "type": "array", "items": _ref("ReferenceKind")}}}, "OK")})},
            "/references/{kind}": {"get": _op(
                "Ét referencelag som GeoPackage (EPSG:25832) eller GeoJSON (WGS84); hele objekter "
                "der rører bbox og/eller kommunen med buffer (alle indloggede)",
                {"200": {"description": "the layer; ETag and X-Reference-Version carry its "
                                        "version", "content": {
                    "application/geopackage+sqlite3": {}, "application/geo+json": {}}},
                 "304": {"description": "If-None-Match names the current version"}},
                400, 404, parameters=[
                    _path_param("kind", {"type": "string"}),
                    _query("format", {"type": "string", "enum": ["gpkg", "geojson"],
                                      "default": "gpkg"}),
                    _query("bbox", {"type": "string"}, "xmin,ymin,xmax,ymax in EPSG:25832"),
                    _query("kommune", _KOMMUNE, "only objects meeting this kommune"),
                    _query("buffer", {"type": "number", "minimum": 0, "maximum": 50000,
                                      "default": 0}, "metres around the kommune")])},
            "/openapi.json": {"get": {"summary": "Dette dokument", "security": [],
                                      "responses": {"200": {"description": "OpenAPI 3"}}}},
        },
    }
