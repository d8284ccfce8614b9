"""What every /api/v1 blueprint shares: the workflow of the app, the caller, and a blueprint
that checks the caller's token before it reads the request."""

from __future__ import annotations

from flask import current_app, g, request
from flask_openapi3 import APIBlueprint

from ..auth import authenticate
from ..errors import InvalidRequest, NotAuthenticated
from ..store import User
from ..workflow import Workflow

API_PREFIX = "/api/v1"
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]


def workflow() -> Workflow:
    return current_app.extensions["overblikskort.workflow"]


def current_user() -> User:
    if "user" not in g:
        g.user = authenticate(workflow().store, request.headers.get("Authorization"))
    if g.user is None:
        raise NotAuthenticated()
    return g.user


def caller_and_body_first() -> None:
    """Who calls is checked before what they send (401 before 400), and a body that is not
    JSON is named as such."""
    current_user()
    if (
        request.content_length
        and request.mimetype != "multipart/form-data"
        and request.get_json(silent=True) is None
    ):
        raise InvalidRequest("Kroppen skal være JSON.", "The body must be JSON.")


def api_blueprint(name: str, import_name: str) -> APIBlueprint:
    """An APIBlueprint under /api/v1 whose every route needs a bearer token; list it in
    ``API_BLUEPRINTS`` (publisher/api/__init__.py)."""
    blueprint = APIBlueprint(name, import_name, url_prefix=API_PREFIX, abp_security=BEARER)
    blueprint.before_request(caller_and_body_first)
    return blueprint
