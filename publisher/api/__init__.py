"""The composition root: settings → store → workflow (+ release hooks) → Flask app.

Other parts plug in without touching this module's callers:

* ``blueprints``: Flask blueprints to register (default: the public viewer and OGC API
  Features from ``publisher.public``);
* ``release_hooks``: callables ``hook(kommunekode)`` run after every approval and rollback
  (default: none, and the background build worker of ``publisher.publication`` builds the
  public side; ``app.extensions["overblikskort.publication"]`` is that worker, started by
  ``serve``);
* ``build_in_process``: False for API processes whose build worker runs as its own process
  (``serve --no-build-worker``): the publication then only signals that worker;
* ``checkpoint``: a test hook called with a name at fixed points of an approval, a rollback and
  a build (tests hang there to kill the process); nothing by default;
* ``check_responses``: validate every JSON answer against its response model (the tests do).

API endpoints live on flask-openapi3 ``APIBlueprint``s (``API_BLUEPRINTS``), whose models make
the OpenAPI document at /api/v1/openapi.json.
"""

from __future__ import annotations

import logging
from typing import Iterable, Sequence

from flask import Blueprint, Flask, jsonify, request
from flask.json.provider import DefaultJSONProvider
from flask_openapi3 import APIBlueprint, OpenAPI
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from datamodel.messages import BilingualError

from ..errors import DomainError
from ..settings import Settings
from ..store import Store, StoreError, open_store
from ..store.store import Checkpoint
from ..workflow import ReleaseHook, Workflow
from ..workflow.desk import Desk
from .desk_routes import desk_api
from .document import INFO, SECURITY_SCHEMES, serve_document
from .errors import error_body, http_status, invalid_input, too_large_body
from .references import references_api
from .response_models import ErrorBody
from .routes import api
from .serving import MULTIPART_OVERHEAD, make_server, request_body_limit
from .wiring import default_blueprints, publication_for

log = logging.getLogger(__name__)

__all__ = ["API_BLUEPRINTS", "MULTIPART_OVERHEAD", "create_app", "error_body", "make_server"]

API_BLUEPRINTS: tuple[APIBlueprint, ...] = (api, desk_api, references_api)
"""Every blueprint of /api/v1; add a new one here."""


class _UnicodeJSON(DefaultJSONProvider):
    ensure_ascii = False


def create_app(
    settings: Settings,
    *,
    store: Store | None = None,
    release_hooks: Sequence[ReleaseHook] | None = None,
    blueprints: Iterable[Blueprint] | None = None,
    checkpoint: Checkpoint | None = None,
    check_responses: bool = False,
    build_in_process: bool = True,
) -> Flask:
    store = store or open_store(settings, checkpoint)
    publication = (
        publication_for(settings, store, checkpoint, build_in_process)
        if release_hooks is None
        else None
    )
    app = OpenAPI(
        "publisher",
        info=INFO,
        security_schemes=SECURITY_SCHEMES,
        doc_ui=False,
        validation_error_status=400,
        validation_error_model=ErrorBody,
        validation_error_callback=invalid_input,
        validate_response=check_responses,
    )
    app.json = _UnicodeJSON(app)
    app.config["MAX_CONTENT_LENGTH"] = request_body_limit(settings)
    app.extensions["overblikskort.settings"] = settings
    app.extensions["overblikskort.store"] = store
    app.extensions["overblikskort.publication"] = publication
    workflow = Workflow(store, settings, list(release_hooks or ()), publication)
    app.extensions["overblikskort.workflow"] = workflow
    app.extensions["overblikskort.desk"] = Desk(workflow)
    for api_blueprint in API_BLUEPRINTS:
        app.register_api(api_blueprint)
    serve_document(app)
    for blueprint in blueprints if blueprints is not None else default_blueprints(settings):
        app.register_blueprint(blueprint)
    _register_errors(app, settings)
    return app


def _register_errors(app: Flask, settings: Settings) -> None:
    @app.after_request
    def no_sniffing(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.before_request
    def refuse_oversized_upload():
        length = request.content_length
        if length is not None and length > app.config["MAX_CONTENT_LENGTH"]:
            raise RequestEntityTooLarge()

    def bilingual(error: BilingualError):
        code = getattr(error, "code", "ugyldig_anmodning")
        return jsonify(error_body(code, error.message_da, error.message_en)), http_status(error)

    app.register_error_handler(DomainError, bilingual)
    app.register_error_handler(StoreError, bilingual)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        return jsonify(too_large_body(settings.max_upload_bytes)), 413

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not request.path.startswith("/api/"):
            return error
        return jsonify(error_body(f"http_{error.code}", error.name, error.name)), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return jsonify(
            error_body(
                "intern_fejl",
                "Der skete en uventet fejl på serveren.",
                "An unexpected error happened on the server.",
            )
        ), 500
