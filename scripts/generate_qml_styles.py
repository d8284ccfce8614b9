"""Writes styles/<layer>.qml for every layer of datamodel/symbology.json, with QGIS's own renderer
classes so that each file is exactly what QGIS itself saves.

    .venv/bin/python scripts/generate_qml_styles.py          # (re)write the .qml files
    .venv/bin/python scripts/generate_qml_styles.py --check  # exit 1 when a file is out of date
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the plugin package of this checkout

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapLayer,
    QgsMarkerSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QColor
from qgis.PyQt.QtXml import QDomDocument

from datamodel.codelists import CODELISTS
from datamodel.layers import CRS, LAYERS
from datamodel.symbology import load_symbology
from plugin.core.workspace import dimensions, is_mixed

REPO_ROOT = Path(__file__).resolve().parents[1]
STYLES_DIR = REPO_ROOT / "styles"

SHAPES = {
    "square": "square",
    "triangle": "triangle",
    "diamond": "diamond",
    "circle": "circle",
    "star": "star",
}
FALLBACK_LABEL = "Anden værdi"


def _rgba(hex_colour: str, opacity: float = 1.0) -> str:
    colour = QColor(hex_colour)
    colour.setAlphaF(opacity)
    return f"{colour.red()},{colour.green()},{colour.blue()},{colour.alpha()}"


def _darker(hex_colour: str) -> str:
    return QColor(hex_colour).darker(160).name()


def _symbol(spec: dict, cls: dict, geometry: int):
    """One class's symbol for a layer of the given geometry type (QgsWkbTypes.GeometryType)."""
    if spec["kind"] == "fill" or (
        spec["kind"] == "mixed" and geometry == QgsWkbTypes.PolygonGeometry
    ):
        fill = cls.get("fill", cls.get("color"))
        outline = cls.get("outline", _darker(fill))
        return QgsFillSymbol.createSimple(
            {
                "color": _rgba(fill, spec.get("fill_opacity", 1.0)),
                "outline_color": _rgba(outline),
                "outline_width": str(spec.get("outline_width_mm", spec.get("line_width_mm", 0.4))),
                "outline_width_unit": "MM",
                "outline_style": "dash" if cls.get("dashed") else "solid",
            }
        )
    if geometry == QgsWkbTypes.LineGeometry:
        return QgsLineSymbol.createSimple(
            {
                "line_color": _rgba(cls["color"]),
                "line_width": str(spec["line_width_mm"]),
                "line_width_unit": "MM",
                "line_style": "dash" if cls.get("dashed") else "solid",
            }
        )
    return QgsMarkerSymbol.createSimple(
        {
            "name": SHAPES[cls.get("shape", "circle")],
            "color": _rgba(cls["color"]),
            "outline_color": _rgba(_darker(cls["color"])),
            "outline_width": "0.2",
            "outline_width_unit": "MM",
            "size": str(spec["point_size_mm"]),
            "size_unit": "MM",
        }
    )


def build_qml(layer_name: str, spec: dict, geometry_name: str | None = None) -> str:
    """The QML text of one layer (or one geometry view of a mixed layer): a categorised
    renderer over the class field, Danish labels."""
    model = LAYERS[layer_name]
    geometry_name = geometry_name or model.geometry_types[0]
    geometry = QgsWkbTypes.geometryType(QgsWkbTypes.parseType(geometry_name))
    field = model.field(spec["classify_by"])
    codelist = CODELISTS[field.codelist]
    categories = [
        QgsRendererCategory(value, _symbol(spec, cls, geometry), codelist.label(value, "da"))
        for value, cls in spec["classes"].items()
    ]
    categories.append(
        QgsRendererCategory("", _symbol(spec, spec["fallback"], geometry), FALLBACK_LABEL)
    )
    layer = QgsVectorLayer(
        f"{geometry_name}?crs={CRS}&field={field.name}:string", layer_name, "memory"
    )
    layer.setRenderer(QgsCategorizedSymbolRenderer(field.name, categories))
    document = QDomDocument()
    error = layer.exportNamedStyle(document, categories=QgsMapLayer.Symbology)
    if error:
        raise RuntimeError(f"{layer_name}: {error}")
    return canonical(document.toString(2))


def canonical(qml: str) -> str:
    """Attributes sorted (Qt writes them in hash order, which changes from run to run)."""
    return ElementTree.canonicalize(xml_data=qml) + "\n"


def without_version(qml: str) -> str:
    """The QML without the QGIS version that wrote it, for comparing across QGIS releases."""
    return re.sub(r'<qgis ([^>]*?)version="[^"]*"', r"<qgis \1", qml, count=1)


def generated_styles() -> dict[str, str]:
    """File stem → QML: ``<layer>`` per layer, ``<layer>_point|line|polygon`` per geometry view
    of a layer that holds points, lines and areas together."""
    symbology = load_symbology()
    styles = {}
    for name, spec in symbology["layers"].items():
        if is_mixed(LAYERS[name]):
            for key, ogr_type in dimensions(LAYERS[name]):
                styles[f"{name}_{key}"] = build_qml(name, spec, ogr_type)
        else:
            styles[name] = build_qml(name, spec)
    return styles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="only compare with the committed files; exit 1 when one differs",
    )
    args = parser.parse_args(argv)
    from qgis.core import QgsApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QgsApplication([], False)
    app.initQgis()
    outdated = []
    generated = generated_styles()
    for stale in sorted({path.stem for path in STYLES_DIR.glob("*.qml")} - set(generated)):
        outdated.append(f"{stale}.qml (no longer generated)")
        if not args.check:
            (STYLES_DIR / f"{stale}.qml").unlink()
    for name, text in generated.items():
        target = STYLES_DIR / f"{name}.qml"
        if target.exists() and without_version(
            target.read_text(encoding="utf-8")
        ) == without_version(text):
            continue
        outdated.append(target.name)
        if not args.check:
            target.write_text(text, encoding="utf-8")
    if outdated:
        print(("out of date: " if args.check else "written: ") + ", ".join(outdated))
    return 1 if args.check and outdated else 0


if __name__ == "__main__":
    sys.exit(main())
