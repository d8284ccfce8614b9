"""The approval pages for godkendere at /godkend/: a static page over the /api/v1 endpoints.

All data reaches the page as JSON and is written into it as text (never as HTML); MapLibre is
served from the local node_modules, never from a CDN.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from flask import Blueprint, abort, redirect, send_from_directory

from ..settings import Settings

STATIC_DIR = Path(str(resources.files(__package__).joinpath("static")))
MAPLIBRE_FILES = re.compile(r"maplibre-gl(-worker|-shared)?\.(mjs|css)")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


def create_blueprint(node_modules: Path | None = None) -> Blueprint:
    """The pages, with MapLibre from ``node_modules`` (default: the publisher's node_modules
    setting)."""
    vendor = (node_modules or Settings().node_modules_path) / "maplibre-gl" / "dist"
    blueprint = Blueprint("review", __name__)

    @blueprint.get("/godkend")
    def review_redirect():
        return redirect("/godkend/", code=308)

    @blueprint.get("/godkend/")
    def review_page():
        response = send_from_directory(STATIC_DIR, "index.html", max_age=0)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @blueprint.get("/godkend/app/<name>")
    def review_file(name: str):
        if name not in ("review.js", "review.css", "i18n.js"):
            abort(404)
        response = send_from_directory(STATIC_DIR, name, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @blueprint.get("/godkend/vendor/<name>")
    def vendor_file(name: str):
        if not MAPLIBRE_FILES.fullmatch(name):
            abort(404)
        return send_from_directory(vendor, name, max_age=3600)

    return blueprint
