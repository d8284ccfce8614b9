"""The public side as one Flask blueprint: the viewer under /kort/, its vendored libraries, the
artefacts of each build, stable download links and the OGC API Features under /ogc."""

from __future__ import annotations

import gzip
import json
import mimetypes
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from flask import Blueprint, Response, abort, redirect, request, send_from_directory
from werkzeug.security import safe_join

from ..outputs.public_build import current_build
from ..settings import Settings
from . import ogc_routes
from .ogc_collections import PublicCollections

DOWNLOAD_NAME = re.compile(r"[a-z_]+")
VIEWER_DIR = Path(str(resources.files("publisher.web").joinpath("viewer")))
OGC_STATIC_DIR = Path(str(resources.files("publisher.public").joinpath("static")))
VENDOR = {
    "maplibre-gl": ("maplibre-gl/dist", re.compile(r"maplibre-gl(-worker)?\.(mjs|css)")),
    "pmtiles": ("pmtiles/dist", re.compile(r"pmtiles\.js")),
    "axe-core": ("axe-core", re.compile(r"axe\.min\.js")),
    "protomaps-basemaps": ("@protomaps/basemaps/dist/esm", re.compile(r"index\.js")),
}
PAGE_LIBRARIES = ("maplibre-gl", "pmtiles")
"""What the map and the approval pages cannot do without (axe-core only serves the tests)."""
BUILD_ID = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{6}")
BUILD_DATA_CACHE = "public, max-age=300"
"""A build's files are served while the build is current, and may be cached for 5 minutes: a
withdrawal (a hidden or deleted object) is out of every cache that obeys within minutes. A CDN
in front must also be purged on every switch (docs/public-map.md)."""
DOWNLOAD_CACHE_SECONDS = 60
"""The stable download links follow the current build; caches keep them a minute."""


@dataclass(frozen=True)
class PublicSettings:
    public_dir: Path
    basemap_tiles_url: str = ""
    """XYZ raster tiles of a production basemap (e.g. a Danish one); empty = the plain offline
    basemap drawn from the kommune boundaries."""
    basemap_attribution: str = ""
    basemap_pmtiles_url: str = ""
    """A Protomaps vector basemap (one PMTiles file); wins over basemap_tiles_url."""
    basemap_flavor: str = "light"
    node_modules: Path = field(default_factory=lambda: Settings().node_modules_path)
    """The npm packages of package.json (see the publisher's `node_modules` setting)."""
    optional_filters: tuple[str, ...] = ()
    """Keys of the data model's optional finder filters the viewer offers (the publisher's
    `finder_confirmed_filter` turns on "Kun bekræftede inden for 12 måneder")."""


def public_settings(settings) -> PublicSettings:
    """PublicSettings from the publisher's Settings (or PublicSettings itself)."""
    if isinstance(settings, PublicSettings):
        return settings
    return PublicSettings(
        public_dir=Path(settings.public_path),
        basemap_tiles_url=settings.basemap_tiles_url,
        basemap_attribution=settings.basemap_attribution,
        basemap_pmtiles_url=settings.basemap_pmtiles_url,
        basemap_flavor=settings.basemap_flavor,
        node_modules=settings.node_modules_path,
        optional_filters=_optional_filters(settings),
    )


def _optional_filters(settings) -> tuple[str, ...]:
    if not getattr(settings, "finder_confirmed_filter", False):
        return ()
    from ..outputs.artefacts import finder_filters

    return tuple(spec["key"] for spec in finder_filters() if spec.get("optional"))


def missing_libraries(node_modules: Path) -> list[str]:
    """The npm packages of PAGE_LIBRARIES that ``node_modules`` lacks."""
    return [
        package for package in PAGE_LIBRARIES if not (node_modules / VENDOR[package][0]).is_dir()
    ]


def _json(document, status: int = 200, media_type: str = "application/json") -> Response:
    return Response(json.dumps(document, ensure_ascii=False), status=status, mimetype=media_type)


def create_blueprint(settings) -> Blueprint:
    config = public_settings(settings)
    collections = PublicCollections(config.public_dir)
    blueprint = Blueprint("public", __name__)

    @blueprint.get("/")
    def site_root():
        return redirect("/kort/", code=302)

    @blueprint.get("/kort")
    def viewer_redirect():
        return redirect("/kort/", code=308)

    @blueprint.get("/kort/")
    def viewer_page():
        response = send_from_directory(VIEWER_DIR, "index.html", max_age=0)
        response.headers["Content-Security-Policy"] = _page_policy(config) + "; frame-ancestors *"
        return response

    @blueprint.get("/ogc/static/<name>")
    def ogc_static(name: str):
        return _static_file(OGC_STATIC_DIR, name, max_age=300)

    @blueprint.get("/kort/app/<path:name>")
    def viewer_file(name: str):
        return _static_file(VIEWER_DIR, name, max_age=300)

    @blueprint.get("/kort/vendor/<package>/<name>")
    def vendor_file(package: str, name: str):
        if package not in VENDOR or not VENDOR[package][1].fullmatch(name):
            abort(404)
        return _static_file(config.node_modules / VENDOR[package][0], name, max_age=3600)

    @blueprint.get("/kort/config.json")
    def viewer_config():
        build = current_build(config.public_dir)
        document = {
            "build": build.name if build else None,
            "data": f"/kort/data/{build.name}/" if build else None,
            "basemap": {
                "tiles": config.basemap_tiles_url,
                "attribution": config.basemap_attribution,
                "pmtiles": config.basemap_pmtiles_url,
                "flavor": config.basemap_flavor,
            },
            "optional_filters": list(config.optional_filters),
        }
        response = _json(document)
        response.headers["Cache-Control"] = "no-cache"
        return response

    @blueprint.get("/kort/data/<build_id>/<path:name>")
    def build_file(build_id: str, name: str):
        build = current_build(config.public_dir)
        if not BUILD_ID.fullmatch(build_id):
            abort(404)
        if build is None or build.name != build_id:
            return _superseded(build)
        if name.endswith(".json") and "gzip" in request.headers.get("Accept-Encoding", ""):
            compressed = safe_join(str(build), name + ".gz")
            if compressed and Path(compressed).is_file():
                response = send_from_directory(build, name + ".gz", mimetype="application/json")
                response.headers["Content-Encoding"] = "gzip"
                response.headers["Vary"] = "Accept-Encoding"
                response.headers["Cache-Control"] = BUILD_DATA_CACHE
                response.headers["Access-Control-Allow-Origin"] = "*"
                return response
        response = send_from_directory(build, name)
        response.headers["Cache-Control"] = BUILD_DATA_CACHE
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    @blueprint.get("/kort/downloads/<layer>.<fmt>")
    def download(layer: str, fmt: str):
        build = current_build(config.public_dir)
        # Every download of the current build (the data model's layers and the public context
        # kinds), under the same names nginx serves them (deploy/nginx).
        if (
            build is None
            or fmt not in ("gpkg", "geojson")
            or not DOWNLOAD_NAME.fullmatch(layer)
            or not (build / "downloads" / f"{layer}.{fmt}").is_file()
        ):
            abort(404)
        return send_from_directory(
            build / "downloads",
            f"{layer}.{fmt}",
            as_attachment=True,
            max_age=DOWNLOAD_CACHE_SECONDS,
        )

    ogc_routes.register(blueprint, collections, _page_policy(config))

    @blueprint.after_request
    def no_sniffing(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return blueprint


def superseded_body(current_build_id: str | None) -> dict:
    """The 410 of a build that is no longer current (also nginx's, rendered by deploy/)."""
    return {
        "code": "ny_version",
        "current": current_build_id,
        "description": "Kortets data er opdateret; indlæs siden igen. / "
        "The map's data has been updated; reload the page.",
    }


def _superseded(build: Path | None) -> Response:
    """410 for a build that is no longer current: open viewers reload onto the current one."""
    response = _json(superseded_body(build.name if build else None), 410)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _static_file(folder: Path, name: str, max_age: int) -> Response:
    """A script or style sheet, gzipped for clients that accept it (MapLibre shrinks 1.1 MB to
    about 0.3 MB on every first visit)."""
    path = safe_join(str(folder), name)
    if path is None or not Path(path).is_file():
        abort(404)
    if "gzip" not in request.headers.get("Accept-Encoding", ""):
        return send_from_directory(folder, name, max_age=max_age)
    response = Response(
        _gzipped(path, Path(path).stat().st_mtime_ns),
        mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    return response


@lru_cache(maxsize=32)
def _gzipped(path: str, modified_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def _page_policy(config: PublicSettings) -> str:
    """The Content-Security-Policy of the map pages: scripts and data from this server only
    (and the basemap's tiles from its own origin)."""
    basemap = _origin(config.basemap_tiles_url)
    vector_basemap = _origin(config.basemap_pmtiles_url)
    return (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data: blob: {basemap}; worker-src 'self' blob:; "
        f"connect-src 'self' {basemap} {vector_basemap}"
    )


def _origin(url: str) -> str:
    match = re.match(r"https?://[^/{}]+", url or "")
    return match.group(0) if match else ""
