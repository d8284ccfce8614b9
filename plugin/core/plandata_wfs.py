"""Plandata's lokalplaner straight from its WFS, read by QGIS's own WFS provider (proxy, SSL and
authentication settings apply), filtered on the server to one kommune."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from urllib.parse import urlencode

from qgis.core import QgsBlockingNetworkRequest, QgsDataSourceUri, QgsVectorLayer
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtNetwork import QNetworkRequest

from datamodel.messages import BilingualError
from .plandata import KOMMUNE_FIELD, WFS_LAYER


class WfsError(BilingualError):
    """The WFS could not be read; the message says why."""


def feature_types(url: str) -> list[str]:
    """The names of the layers the WFS offers (its GetCapabilities)."""
    separator = "&" if "?" in url else "?"
    address = f"{url}{separator}{urlencode({'SERVICE': 'WFS', 'REQUEST': 'GetCapabilities'})}"
    request = QgsBlockingNetworkRequest()
    if request.get(QNetworkRequest(QUrl(address)), True) != QgsBlockingNetworkRequest.NoError:
        message = request.errorMessage()
        raise WfsError(
            f"Kunne ikke læse WFS'en {url}: {message}", f"Could not read the WFS {url}: {message}"
        )
    try:
        root = ElementTree.fromstring(bytes(request.reply().content()))
    except ElementTree.ParseError as error:
        raise WfsError(
            f"{url} svarede ikke som en WFS ({error}).", f"{url} did not answer as a WFS ({error})."
        ) from None
    return [name.text.strip() for name in root.iterfind(".//{*}FeatureType/{*}Name") if name.text]


def lokalplan_type(names: list[str]) -> str | None:
    """Plandata's adopted lokalplaner among the names (with or without the ``pdk:`` prefix)."""
    return next((name for name in names if name.split(":")[-1] == WFS_LAYER), None)


def wfs_layer(url: str, typename: str, kommune: str | None, title: str) -> QgsVectorLayer:
    """The WFS layer; with ``kommune`` only its rows (``komnr``), filtered by the server."""
    uri = QgsDataSourceUri()
    uri.setParam("url", url)
    uri.setParam("typename", typename)
    uri.setParam("version", "auto")
    uri.setParam("restrictToRequestBBOX", "0")
    if kommune:
        uri.setParam("filter", f'"{KOMMUNE_FIELD}" = {int(kommune)}')
    layer = QgsVectorLayer(uri.uri(False), title, "WFS")
    if not layer.isValid():
        message = layer.error().summary() or typename
        raise WfsError(
            f"Laget {typename} kunne ikke læses fra {url}: {message}",
            f"The layer {typename} could not be read from {url}: {message}",
        )
    return layer
