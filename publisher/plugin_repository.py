"""A QGIS plugin repository at /plugins/: the plugin zip of the version this publisher was
released with, and its plugins.xml, so a kommune adds ``<publisher>/plugins/plugins.xml`` under
*Plugins ▸ Manage and Install Plugins ▸ Settings ▸ Add…* and gets installs and updates.

The folder (setting ``plugin_repository``, default ``<data_dir>/plugins``) is written at release
time by ``scripts/plugin_zip.sh VERSION --repository DIR`` (qgis-plugin-ci's own plugins.xml). Here
the download and icon addresses become absolute with the address the publisher is reached at, and
only the zip plugins.xml names is served, and only when its version is the publisher's own.
"""

from __future__ import annotations

import importlib.metadata
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, request, send_from_directory

PACKAGE = "overblikskort"
PLUGIN_FOLDER = "overblikskort"
"""The plugin's folder inside the zip (qgis-plugin-ci's project slug)."""
XML_TYPE = "application/xml"
STYLESHEET = re.compile(rb"<\?xml-stylesheet [^?]*\?>")
"""The stylesheet instruction before the root element, which ElementTree would drop."""


class RepositoryUnavailable(Exception):
    """The folder holds no usable repository for this publisher's version; the message says why
    in Danish and English."""


@dataclass(frozen=True)
class PluginRelease:
    version: str
    file_name: str
    document: bytes


def publisher_version() -> str:
    return importlib.metadata.version(PACKAGE)


def read_repository(folder: Path, version: str) -> PluginRelease:
    """The plugins.xml of ``folder`` and the zip it names, checked against ``version``."""
    path = Path(folder) / "plugins.xml"
    if not path.is_file():
        raise RepositoryUnavailable(
            f"Ingen plugin-repository i {folder}: kør scripts/plugin_zip.sh {version} "
            f"--repository {folder}. / No plugin repository in {folder}: run "
            f"scripts/plugin_zip.sh {version} --repository {folder}."
        )
    plugin = ElementTree.parse(path).getroot().find("pyqgis_plugin")
    offered = plugin.get("version") if plugin is not None else None
    file_name = plugin.findtext("file_name", "") if plugin is not None else ""
    if offered != version or not (Path(folder) / file_name).is_file() or "/" in file_name:
        raise RepositoryUnavailable(
            f"Plugin-repositoryet i {folder} har version {offered}, publiceringstjenesten er "
            f"version {version}. / The plugin repository in {folder} holds version {offered}, "
            f"the publisher is version {version}."
        )
    return PluginRelease(version, file_name, path.read_bytes())


def absolute_document(release: PluginRelease, base_url: str) -> bytes:
    """plugins.xml with the download and icon addresses under ``base_url`` (…/plugins/)."""
    root = ElementTree.fromstring(release.document)
    for plugin in root.iter("pyqgis_plugin"):
        download = plugin.find("download_url")
        if download is not None:
            download.text = f"{base_url}{release.file_name}"
        icon = plugin.find("icon")
        if icon is not None and icon.text and not icon.text.startswith("http"):
            icon.text = f"{base_url}icon.svg"
    stylesheet = STYLESHEET.search(release.document)
    prologue = b'<?xml version="1.0" encoding="UTF-8"?>\n' + (
        stylesheet.group(0) + b"\n" if stylesheet else b""
    )
    return prologue + ElementTree.tostring(root, encoding="utf-8")


def create_blueprint(folder: Path, version: str | None = None) -> Blueprint:
    """GET /plugins/plugins.xml, /plugins/<zip>, /plugins/icon.svg and /plugins/plugins.xsl."""
    blueprint = Blueprint("plugin_repository", __name__, url_prefix="/plugins")
    folder = Path(folder)

    def current() -> PluginRelease:
        try:
            return read_repository(folder, version or publisher_version())
        except RepositoryUnavailable as error:
            abort(Response(str(error), status=404, mimetype="text/plain"))

    @blueprint.get("/plugins.xml")
    def plugins_xml():
        release = current()
        response = Response(
            absolute_document(release, request.host_url + "plugins/"), mimetype=XML_TYPE
        )
        response.headers["Cache-Control"] = "no-cache"
        return response

    @blueprint.get("/plugins.xsl")
    def stylesheet():
        return send_from_directory(folder, "plugins.xsl", mimetype="text/xsl", max_age=3600)

    @blueprint.get("/icon.svg")
    def icon():
        release = current()
        with zipfile.ZipFile(folder / release.file_name) as archive:
            try:
                content = archive.read(f"{PLUGIN_FOLDER}/icon.svg")
            except KeyError:
                abort(404)
        return Response(content, mimetype="image/svg+xml")

    @blueprint.get("/<name>.zip")
    def plugin_zip(name: str):
        release = current()
        if f"{name}.zip" != release.file_name:
            abort(404)
        return send_from_directory(
            folder, release.file_name, mimetype="application/zip", as_attachment=True, max_age=0
        )

    return blueprint
