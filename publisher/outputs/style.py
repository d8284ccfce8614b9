"""MapLibre style and legend generated from datamodel/symbology.json, the one source of symbology.

The QGIS .qml files are generated from the same file, so web and QGIS show the same colours.
Sizes in the symbology are millimetres (as QGIS takes them); the web gets 96 dpi pixels.
"""

from __future__ import annotations

from typing import Any

from datamodel import CODELISTS, LAYERS

from . import context_style
from .tiles import DETAIL_MINZOOM, OVERVIEW_LAYER

PX_PER_MM = 96 / 25.4
DASH = [3, 2]
SITE_SOURCE = "overblik"
LAYER_ORDER = ("industripark_kandidat", "erhvervsareal", "infrastruktur")


def px(millimetres: float) -> float:
    return round(millimetres * PX_PER_MM, 2)


def _match(attribute: str, classes: dict, key: str, fallback: str) -> list:
    expression: list = ["match", ["to-string", ["get", attribute]]]
    for value, spec in classes.items():
        expression += [value, spec.get(key, fallback)]
    return [*expression, fallback]


def _meta(layer_name: str) -> dict:
    return {"overblikskort:layer": layer_name}


def _fill_layers(layer_name: str, spec: dict) -> list[dict]:
    attribute, classes, fallback = spec["classify_by"], spec["classes"], spec["fallback"]
    dashed = [value for value, cls in classes.items() if cls.get("dashed")]
    is_dashed = ["in", ["to-string", ["get", attribute]], ["literal", dashed]]
    outline = {
        "line-color": _match(attribute, classes, "outline", fallback["outline"]),
        "line-width": px(spec["outline_width_mm"]),
    }
    return [
        {
            "id": f"{layer_name}-fill",
            "type": "fill",
            "source": SITE_SOURCE,
            "source-layer": layer_name,
            "metadata": _meta(layer_name),
            "paint": {
                "fill-color": _match(attribute, classes, "fill", fallback["fill"]),
                "fill-opacity": spec["fill_opacity"],
            },
        },
        {
            "id": f"{layer_name}-outline",
            "type": "line",
            "source": SITE_SOURCE,
            "source-layer": layer_name,
            "metadata": _meta(layer_name),
            "filter": ["!", is_dashed],
            "paint": outline,
        },
        {
            "id": f"{layer_name}-outline-dashed",
            "type": "line",
            "source": SITE_SOURCE,
            "source-layer": layer_name,
            "metadata": _meta(layer_name),
            "filter": is_dashed,
            "paint": {**outline, "line-dasharray": DASH},
        },
    ]


def _overview_layer(spec: dict) -> dict:
    """Below the zoom where sites become polygons, each site is a dot in its status colour."""
    attribute, classes, fallback = spec["classify_by"], spec["classes"], spec["fallback"]
    return {
        "id": "erhvervsareal-punkt",
        "type": "circle",
        "source": SITE_SOURCE,
        "source-layer": OVERVIEW_LAYER,
        "maxzoom": DETAIL_MINZOOM,
        "metadata": _meta("erhvervsareal"),
        "paint": {
            "circle-color": _match(attribute, classes, "fill", fallback["fill"]),
            "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 2.5, 9, 4.5],
            "circle-stroke-color": _match(attribute, classes, "outline", fallback["outline"]),
            "circle-stroke-width": 1,
        },
    }


def _mixed_layers(layer_name: str, spec: dict) -> list[dict]:
    attribute, classes, fallback = spec["classify_by"], spec["classes"], spec["fallback"]
    colour = _match(attribute, classes, "color", fallback["color"])
    geometry = ["geometry-type"]
    return [
        {
            "id": f"{layer_name}-area",
            "type": "fill",
            "source": SITE_SOURCE,
            "source-layer": layer_name,
            "metadata": _meta(layer_name),
            "filter": ["in", geometry, ["literal", ["Polygon", "MultiPolygon"]]],
            "paint": {
                "fill-color": colour,
                "fill-opacity": spec["fill_opacity"],
                "fill-outline-color": colour,
            },
        },
        {
            "id": f"{layer_name}-line",
            "type": "line",
            "source": SITE_SOURCE,
            "source-layer": layer_name,
            "metadata": _meta(layer_name),
            "filter": ["in", geometry, ["literal", ["LineString", "MultiLineString"]]],
            "paint": {"line-color": colour, "line-width": px(spec["line_width_mm"])},
        },
        {
            "id": f"{layer_name}-point",
            "type": "circle",
            "source": SITE_SOURCE,
            "source-layer": layer_name,
            "metadata": _meta(layer_name),
            "filter": ["in", geometry, ["literal", ["Point", "MultiPoint"]]],
            "paint": {
                "circle-color": colour,
                "circle-radius": px(spec["point_size_mm"]) / 2,
                "circle-stroke-color": "#1a1a1a",
                "circle-stroke-width": 1,
            },
        },
    ]


def maplibre_style(
    symbology: dict,
    *,
    sites_url: str | None,
    context_urls: dict | None = None,
    context_layers: set[str] | frozenset[str] = frozenset(),
    bounds: list[float] | None = None,
    filters: list[dict] | None = None,
) -> dict:
    """A MapLibre style (v8). URLs are relative to the build folder; the viewer resolves them.
    ``filters`` (the site finder's, from the data model) ride along in the metadata, so that a
    permalink's filters apply to the map's very first frame.

    Bottom up: the sea, the land (all kommuner), the context areas, the kommune and region
    boundaries, the context lines, the municipal sites, the context points, the names."""
    basemap = symbology["basemap"]
    sources: dict = {}
    layers: list[dict] = [
        {"id": "background", "type": "background", "paint": {"background-color": basemap["sea"]}}
    ]
    fills: list[dict] = []
    lines: list[dict] = []
    points: list[dict] = []
    for name, url in (context_urls or {}).items():
        sources[name] = {"type": "vector", "url": f"pmtiles://{url}"}
    if context_urls:
        layers += context_style.land_layers(basemap, context_layers)
        fills, lines, points = context_style.context_layers(symbology, context_layers)
        layers += fills + context_style.boundary_layers(symbology, context_layers) + lines
    if sites_url:
        sources[SITE_SOURCE] = {"type": "vector", "url": f"pmtiles://{sites_url}"}
        for layer_name in LAYER_ORDER:
            spec = symbology["layers"][layer_name]
            layers += (
                _mixed_layers(layer_name, spec)
                if spec["kind"] == "mixed"
                else _fill_layers(layer_name, spec)
            )
            if layer_name == "erhvervsareal":
                layers.append(_overview_layer(spec))
    layers += points
    if context_urls:
        layers += context_style.label_layers(basemap, context_layers)
    if sites_url:
        layers.append(
            {
                "id": "erhvervsareal-selected",
                "type": "line",
                "source": SITE_SOURCE,
                "source-layer": "erhvervsareal",
                "filter": ["==", ["get", "objekt_id"], ""],
                "paint": {"line-color": "#000000", "line-width": 4},
            }
        )
    return {
        "version": 8,
        "name": "Overblikskort",
        "metadata": {
            "overblikskort:symbology_version": symbology.get("version"),
            "overblikskort:bounds": bounds,
            "overblikskort:filters": filters or [],
        },
        "sources": sources,
        "layers": layers,
    }


def _class_label(layer_name: str, attribute: str, value: str) -> tuple[str, str]:
    codelist = CODELISTS.get(LAYERS[layer_name].field(attribute).codelist or "")
    if codelist is None:
        return value, value
    return codelist.label(value, "da"), codelist.label(value, "en")


def legend(
    symbology: dict,
    context_layers: set[str] | frozenset[str] = frozenset(),
    sources: dict | None = None,
) -> dict:
    """Legend entries per layer with Danish and English labels from the data model's code lists;
    the context layers' entries carry their group, default, zooms and source."""
    entries: list[dict[str, Any]] = []
    for layer_name in reversed(LAYER_ORDER):
        spec = symbology["layers"][layer_name]
        items = []
        for value, cls in spec["classes"].items():
            label_da, label_en = _class_label(layer_name, spec["classify_by"], value)
            items.append(
                {
                    "value": value,
                    "label_da": label_da,
                    "label_en": label_en,
                    "fill": cls.get("fill", cls.get("color")),
                    "outline": cls.get("outline", cls.get("color")),
                    "dashed": bool(cls.get("dashed")),
                    "shape": cls.get("shape", "area" if spec["kind"] == "fill" else "mixed"),
                }
            )
        layer = LAYERS[layer_name]
        entries.append(
            {
                "layer": layer_name,
                "label_da": layer.label_da,
                "label_en": layer.label_en,
                "items": items,
            }
        )
    entries += context_style.legend_entries(symbology, set(context_layers), sources or {})
    return {"symbology_version": symbology.get("version"), "layers": entries}
