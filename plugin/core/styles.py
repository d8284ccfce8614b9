"""Where the national symbology (.qml per layer) is found and how it is applied."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsMapLayer, QgsVectorLayer

PLUGIN_DIR = Path(__file__).resolve().parents[1]


def styles_dir() -> Path:
    """Inside the installed plugin the styles ship in ``styles/``; in the source tree they live
    in the repository's top-level ``styles/`` folder, beside the plugin folder."""
    shipped = PLUGIN_DIR / "styles"
    if shipped.is_dir():
        return shipped
    return PLUGIN_DIR.parent / "styles"


def style_file(layer_name: str) -> Path:
    return styles_dir() / f"{layer_name}.qml"


def apply_style(layer: QgsVectorLayer, layer_name: str) -> None:
    """Apply the national symbology; raises FileNotFoundError / ValueError with the reason."""
    qml = style_file(layer_name)
    if not qml.is_file():
        raise FileNotFoundError(str(qml))
    message, ok = layer.loadNamedStyle(str(qml), QgsMapLayer.Symbology)
    if not ok:
        raise ValueError(f"{qml}: {message}")
    layer.triggerRepaint()
