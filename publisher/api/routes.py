"""HTTP adapter of the workflow under /api/v1: parse the request, call the service, answer JSON."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, jsonify, request

from ..auth import authenticate
from ..workflow import InvalidRequest, NotAuthenticated, Workflow
from ..workflow.paging import AUDIT_PAGE, SUBMISSIONS_PAGE, Listing, Page, PageSize
from .openapi import openapi_document

api = Blueprint("api_v1", __name__, url_prefix="/api/v1")


def workflow() -> Workflow:
    return current_app.extensions["overblikskort.workflow"]


def current_user():
    if "user" not in g:
        g.user = authenticate(workflow().store, request.headers.get("Authorization"))
    if g.user is None:
        raise NotAuthenticated()
    return g.user


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if body is None and request.content_length:
        raise InvalidRequest("Kroppen skal være JSON.", "The body must be JSON.")
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise InvalidRequest("Kroppen skal være et JSON-objekt.", "The body must be a JSON object.")
    return body


def _version(body: dict, key: str = "expected_version") -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidRequest(f"{key} skal være et heltal ≥ 0.", f"{key} must be an integer ≥ 0.")
    return value


@api.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@api.post("/submissions")
def submit():
    user = current_user()
    upload = request.files.get("file")
    if upload is None:
        raise InvalidRequest("Mangler filen (multipart-feltet 'file').",
                             "The file is missing (multipart field 'file').")
    content = upload.read()
    result = workflow().submit(user, request.form.get("kommune", ""), upload.filename, content)
    return jsonify(result), 201


def _page(size: PageSize) -> Page:
    return Page(size, request.args.get("limit"), request.args.get("before"))


def _paged(key: str, listing: Listing, page: Page):
    """The page's items, its limit, and ``next``: this URL continued below the last id seen."""
    next_url = None
    if listing.next_before is not None:
        args = request.args.to_dict()
        args.update(limit=str(page.limit), before=str(listing.next_before))
        next_url = f"{request.base_url}?{urlencode(args)}"
    return jsonify({key: listing.items, "limit": page.limit, "next": next_url})


@api.get("/submissions")
def list_submissions():
    user = current_user()
    page = _page(SUBMISSIONS_PAGE)
    return _paged("submissions", workflow().submissions(
        user, request.args.get("kommune") or None, request.args.get("status") or None, page),
        page)


@api.get("/submissions/<int:submission_id>")
def get_submission(submission_id: int):
    return jsonify(workflow().submission(current_user(), submission_id))


@api.get("/submissions/<int:submission_id>/file")
def submission_file(submission_id: int):
    name, content = workflow().submission_file(current_user(), submission_id)
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return Response(content, mimetype="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{ascii_name}"'})


@api.get("/submissions/<int:submission_id>/map")
def submission_map(submission_id: int):
    response = jsonify(workflow().submission_map(current_user(), submission_id))
    response.mimetype = "application/geo+json"
    return response


@api.post("/submissions/<int:submission_id>/approve")
def approve(submission_id: int):
    user = current_user()
    body = _json_body()
    return jsonify(workflow().approve(user, submission_id, body.get("comment"),
                                      body.get("object_comments"), _version(body),
                                      _version(body, "against_release_id")))


@api.post("/submissions/<int:submission_id>/reject")
def reject(submission_id: int):
    user = current_user()
    body = _json_body()
    return jsonify(workflow().reject(user, submission_id, body.get("comment"),
                                     body.get("object_comments")))


@api.get("/kommuner/<kommunekode>/releases")
def list_releases(kommunekode: str):
    return jsonify(workflow().releases(current_user(), kommunekode))


@api.get("/releases/<int:release_id>")
def get_release(release_id: int):
    return jsonify(workflow().release(current_user(), release_id))


@api.post("/kommuner/<kommunekode>/rollback")
def rollback(kommunekode: str):
    user = current_user()
    body = _json_body()
    return jsonify(workflow().rollback(user, kommunekode, body.get("release_id"),
                                       _version(body), body.get("comment")))


@api.get("/audit")
def audit():
    user = current_user()
    page = _page(AUDIT_PAGE)
    return _paged("entries", workflow().audit(user, request.args.get("kommune") or None, page),
                  page)


@api.get("/users")
def list_users():
    return jsonify({"users": workflow().users(current_user())})


@api.post("/users")
def add_user():
    user = current_user()
    body = _json_body()
    return jsonify(workflow().add_user(user, body.get("name"), body.get("role"),
                                       body.get("kommune"))), 201


@api.delete("/users/<name>")
def revoke_user(name: str):
    return jsonify(workflow().revoke_user(current_user(), name))


@api.get("/me")
def me():
    return jsonify(current_user().to_dict())
