"""The approval pages for godkendere at /godkend/: pages over the /api/v1 endpoints (one shared
header and login in templates/page.html, the scripts in static/).

* ``/godkend/`` the queue: a submission's report, its changes on a map, approve / reject;
* ``/godkend/overblik`` the national dashboard;
* ``/godkend/kommuner/<kode>`` a kommune's releases, their changes, rollback, audit trail.

All data reaches the pages as JSON and is written into them as text (never as HTML); MapLibre is
served from the local node_modules, never from a CDN. The pages share the viewer's DOM helpers
(publisher/web/viewer/dom.js, served here as /godkend/app/dom.js too, so the pages work without
the public blueprint) and read their words from /godkend/app/labels.json (the data model's
labels).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    make_response,
    redirect,
    render_template,
    send_from_directory,
)

from ..settings import Settings
from .labels import review_labels

STATIC_DIR = Path(str(resources.files(__package__).joinpath("static")))
SHARED_DIR = Path(str(resources.files("publisher.web").joinpath("viewer")))
SHARED_FILES = ("dom.js",)
"""The viewer's modules the approval pages share (one file, served under both prefixes)."""
MAPLIBRE_FILES = re.compile(r"maplibre-gl(-worker|-shared)?\.(mjs|css)")
APP_FILE = re.compile(r"[a-z0-9_]+\.(js|css)")
KOMMUNEKODE = re.compile(r"\d{4}")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


PAGES = {
    "index.html": ("Overblikskort – godkendelse", "review.js", "queue"),
    "overblik.html": ("Overblikskort – overblik over kommunerne", "overblik.js", "dashboard"),
    "kommune.html": ("Overblikskort – kommunens udgivelser", "kommune.js", "kommune"),
}
"""Each page: its title, its script and its place in the navigation; the header, login and the
shared head are templates/page.html (Jinja2, autoescaped)."""


def _page(name: str):
    title, script, current = PAGES[name]
    response = make_response(render_template(name, title=title, script=script, current=current))
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def create_blueprint(node_modules: Path | None = None) -> Blueprint:
    """The pages, with MapLibre from ``node_modules`` (default: the publisher's node_modules
    setting)."""
    vendor = (node_modules or Settings().node_modules_path) / "maplibre-gl" / "dist"
    blueprint = Blueprint("review", __name__, template_folder="templates")
    labels = json.dumps(review_labels(), ensure_ascii=False)

    @blueprint.get("/godkend")
    def review_redirect():
        return redirect("/godkend/", code=308)

    @blueprint.get("/godkend/")
    def review_page():
        return _page("index.html")

    @blueprint.get("/godkend/overblik")
    def dashboard_page():
        return _page("overblik.html")

    @blueprint.get("/godkend/kommuner/<kode>")
    def kommune_page(kode: str):
        if not KOMMUNEKODE.fullmatch(kode):
            abort(404)
        return _page("kommune.html")

    @blueprint.get("/godkend/app/labels.json")
    def labels_file():
        response = Response(labels, mimetype="application/json")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @blueprint.get("/godkend/app/<name>")
    def review_file(name: str):
        folder = SHARED_DIR if name in SHARED_FILES else STATIC_DIR
        if not APP_FILE.fullmatch(name) or not (folder / name).is_file():
            abort(404)
        response = send_from_directory(folder, name, max_age=0)
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @blueprint.get("/godkend/vendor/<name>")
    def vendor_file(name: str):
        if not MAPLIBRE_FILES.fullmatch(name):
            abort(404)
        return send_from_directory(vendor, name, max_age=3600)

    return blueprint
