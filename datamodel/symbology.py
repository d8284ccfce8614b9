"""The national symbology (``symbology.json`` beside this module): the one source of the colours
that the QGIS styles (``styles/*.qml``, generated) and the public map's style both follow."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def load_symbology() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("symbology.json").read_text(encoding="utf-8")
    )
    return document
