"""HTTP adapter of ERST's desk under /api/v1 (dashboard, freshness, confirmations, release
history, rollback with preview, events, contacts): parse, call ``Desk``, answer JSON."""
from __future__ import annotations

from flask import current_app, jsonify, request

from ..workflow.desk import EVENTS_PAGE, Desk
from ..workflow.paging import Page, cursor
from .routes import _json_body, _version, api, current_user


def desk() -> Desk:
    return current_app.extensions["overblikskort.desk"]


def _geojson(document: dict):
    response = jsonify(document)
    response.mimetype = "application/geo+json"
    return response


@api.get("/kommuner")
def list_kommuner():
    return jsonify({"kommuner": desk().kommuner(current_user())})


@api.get("/dashboard")
def dashboard():
    return jsonify(desk().dashboard(current_user()))


@api.get("/dashboard/map")
def dashboard_map():
    return _geojson(desk().dashboard_map(current_user()))


@api.get("/kommuner/<kommunekode>/forfaldne")
def sites_to_confirm(kommunekode: str):
    return jsonify(desk().sites_to_confirm(current_user(), kommunekode))


@api.post("/kommuner/<kommunekode>/bekraeftelser")
def confirm_unchanged(kommunekode: str):
    user = current_user()
    body = _json_body()
    return jsonify(desk().confirm_unchanged(user, kommunekode, body.get("objekt_ids"))), 201


@api.get("/kommuner/<kommunekode>/releases")
def list_releases(kommunekode: str):
    return jsonify(desk().release_history(current_user(), kommunekode))


@api.get("/releases/<int:release_id>/changes")
def release_changes(release_id: int):
    return jsonify(desk().release_changes(current_user(), release_id, _against()))


def _against() -> int | None:
    return cursor(request.args.get("against"), "against")


@api.get("/releases/<int:release_id>/changes/map")
def release_changes_map(release_id: int):
    return _geojson(desk().release_changes_map(current_user(), release_id, _against()))


@api.get("/kommuner/<kommunekode>/rollback/preview")
def rollback_preview(kommunekode: str):
    release_id = request.args.get("release_id", "")
    return jsonify(desk().rollback_preview(current_user(), kommunekode,
                                           int(release_id) if release_id.isdigit() else None))


@api.post("/kommuner/<kommunekode>/rollback")
def rollback(kommunekode: str):
    user = current_user()
    body = _json_body()
    return jsonify(desk().rollback(user, kommunekode, body.get("release_id"), _version(body),
                                   body.get("comment"), body.get("confirm_republish", False)))


@api.get("/haendelser")
def events():
    from urllib.parse import urlencode

    user = current_user()
    page = Page(EVENTS_PAGE, request.args.get("limit"), request.args.get("before"))
    after = request.args.get("after")
    items, cursor = desk().events(user, request.args.get("kommune") or None, page, after)
    next_url = None
    if cursor is not None:
        args = request.args.to_dict()
        args.update({"limit": str(page.limit), "after" if after else "before": str(cursor)})
        next_url = f"{request.base_url}?{urlencode(args)}"
    return jsonify({"events": items, "limit": page.limit, "next": next_url})


@api.get("/kontakter")
def contacts():
    return jsonify(desk().contacts(current_user()))


@api.put("/kommuner/<kommunekode>/kontakt")
def set_contact(kommunekode: str):
    user = current_user()
    return jsonify(desk().set_contact(user, kommunekode, _json_body().get("email")))
