"""MapLibre style and legend generated from datamodel/symbology.json, the one source of symbology.

The QGIS .qml files are generated from the same file, so web and QGIS show the same colours.
Sizes in the symbology are millimetres (as QGIS takes them); the web gets 96 dpi pixels.
"""
from __future__ import annotations

from typing import Any

from datamodel import CODELISTS, LAYERS

from .tiles import DETAIL_MINZOOM, OVERVIEW_LAYER

PX_PER_MM = 96 / 25.4
SEA_COLOUR = "#dbe6ef"
LAND_COLOUR = "#f6f5f0"
DASH = [3, 2]
SITE_SOURCE = "overblik"
REFERENCE_SOURCE = "reference"
LAYER_ORDER = ("industripark_kandidat", "erhvervsareal", "infrastruktur")

REFERENCE_LABELS = {
    "kommunegraenser": ("Kommunegrænser", "Municipal boundaries"),
    "natur": ("Beskyttet natur (Natura 2000, §3, fredninger)",
              "Protected nature (Natura 2000, §3, protected areas)"),
}




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
    outline = {"line-color": _match(attribute, classes, "outline", fallback["outline"]),
               "line-width": px(spec["outline_width_mm"])}
    return [
        {"id": f"{layer_name}-fill", "type": "fill", "source": SITE_SOURCE,
         "source-layer": layer_name, "metadata": _meta(layer_name),
         "paint": {"fill-color": _match(attribute, classes, "fill", fallback["fill"]),
                   "fill-opacity": spec["fill_opacity"]}},
        {"id": f"{layer_name}-outline", "type": "line", "source": SITE_SOURCE,
         "source-layer": layer_name, "metadata": _meta(layer_name),
         "filter": ["!", is_dashed], "paint": outline},
        {"id": f"{layer_name}-outline-dashed", "type": "line", "source": SITE_SOURCE,
         "source-layer": layer_name, "metadata": _meta(layer_name),
         "filter": is_dashed, "paint": {**outline, "line-dasharray": DASH}},
    ]


def _overview_layer(spec: dict) -> dict:
    """Below the zoom where sites become polygons, each site is a dot in its status colour."""
    attribute, classes, fallback = spec["classify_by"], spec["classes"], spec["fallback"]
    return {"id": "erhvervsareal-punkt", "type": "circle", "source": SITE_SOURCE,
            "source-layer": OVERVIEW_LAYER, "maxzoom": DETAIL_MINZOOM,
            "metadata": _meta("erhvervsareal"),
            "paint": {"circle-color": _match(attribute, classes, "fill", fallback["fill"]),
                      "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 2.5, 9, 4.5],
                      "circle-stroke-color": _match(attribute, classes, "outline", fallback["outline"]),
                      "circle-stroke-width": 1}}


def _mixed_layers(layer_name: str, spec: dict) -> list[dict]:
    attribute, classes, fallback = spec["classify_by"], spec["classes"], spec["fallback"]
    colour = _match(attribute, classes, "color", fallback["color"])
    geometry = ["geometry-type"]
    return [
        {"id": f"{layer_name}-area", "type": "fill", "source": SITE_SOURCE,
         "source-layer": layer_name, "metadata": _meta(layer_name),
         "filter": ["in", geometry, ["literal", ["Polygon", "MultiPolygon"]]],
         "paint": {"fill-color": colour, "fill-opacity": spec["fill_opacity"],
                   "fill-outline-color": colour}},
        {"id": f"{layer_name}-line", "type": "line", "source": SITE_SOURCE,
         "source-layer": layer_name, "metadata": _meta(layer_name),
         "filter": ["in", geometry, ["literal", ["LineString", "MultiLineString"]]],
         "paint": {"line-color": colour, "line-width": px(spec["line_width_mm"])}},
        {"id": f"{layer_name}-point", "type": "circle", "source": SITE_SOURCE,
         "source-layer": layer_name, "metadata": _meta(layer_name),
         "filter": ["in", geometry, ["literal", ["Point", "MultiPoint"]]],
         "paint": {"circle-color": colour, "circle-radius": px(spec["point_size_mm"]) / 2,
                   "circle-stroke-color": "#1a1a1a", "circle-stroke-width": 1}},
    ]


def _reference_layers(references: dict) -> list[dict]:
    layers: list[dict] = []
    natur = references.get("natur")
    if natur:
        layers += [
            {"id": "natur-fill", "type": "fill", "source": REFERENCE_SOURCE, "source-layer": "natur",
             "metadata": _meta("natur"),
             "paint": {"fill-color": natur["fill"], "fill-opacity": natur["fill_opacity"],
                       "fill-outline-color": natur["outline"]}},
        ]
    boundary = references.get("kommunegraenser")
    if boundary:
        paint = {"line-color": boundary["color"], "line-width": px(boundary["line_width_mm"])}
        if boundary.get("dash"):
            paint["line-dasharray"] = DASH
        layers.append({"id": "kommunegraenser-line", "type": "line", "source": REFERENCE_SOURCE,
                       "source-layer": "kommunegraenser", "metadata": _meta("kommunegraenser"),
                       "paint": paint})
    return layers


def maplibre_style(symbology: dict, *, sites_url: str, reference_url: str | None,
                   bounds: list[float] | None = None, filters: list[dict] | None = None) -> dict:
    """A MapLibre style (v8). URLs are relative to the build folder; the viewer resolves them.
    ``filters`` (the site finder's, from the data model) ride along in the metadata, so that a
    permalink's filters apply to the map's very first frame."""
    sources: dict = {SITE_SOURCE: {"type": "vector", "url": f"pmtiles://{sites_url}"}}
    layers: list[dict] = [{"id": "background", "type": "background",
                           "paint": {"background-color": SEA_COLOUR}}]
    if reference_url:
        sources[REFERENCE_SOURCE] = {"type": "vector", "url": f"pmtiles://{reference_url}"}
        layers.append({"id": "basemap-land", "type": "fill", "source": REFERENCE_SOURCE,
                       "source-layer": "kommunegraenser", "metadata": {"overblikskort:basemap": True},
                       "paint": {"fill-color": LAND_COLOUR}})
        layers += _reference_layers(symbology.get("reference_layers", {}))
    for layer_name in LAYER_ORDER:
        spec = symbology["layers"][layer_name]
        layers += _mixed_layers(layer_name, spec) if spec["kind"] == "mixed" else _fill_layers(layer_name, spec)
        if layer_name == "erhvervsareal":
            layers.append(_overview_layer(spec))
    layers.append({"id": "erhvervsareal-selected", "type": "line", "source": SITE_SOURCE,
                   "source-layer": "erhvervsareal", "filter": ["==", ["get", "objekt_id"], ""],
                   "paint": {"line-color": "#000000", "line-width": 4}})
    return {"version": 8, "name": "Overblikskort", "metadata": {
        "overblikskort:symbology_version": symbology.get("version"),
        "overblikskort:bounds": bounds, "overblikskort:filters": filters or []},
        "sources": sources, "layers": layers}


def _class_label(layer_name: str, attribute: str, value: str) -> tuple[str, str]:
    codelist = CODELISTS.get(LAYERS[layer_name].field(attribute).codelist or "")
    if codelist is None:
        return value, value
    return codelist.label(value, "da"), codelist.label(value, "en")


def legend(symbology: dict, with_references: bool = True) -> dict:
    """Legend entries per layer with Danish and English labels from the data model's code lists."""
    entries: list[dict[str, Any]] = []
    for layer_name in reversed(LAYER_ORDER):
        spec = symbology["layers"][layer_name]
        items = []
        for value, cls in spec["classes"].items():
            label_da, label_en = _class_label(layer_name, spec["classify_by"], value)
            items.append({"value": value, "label_da": label_da, "label_en": label_en,
                          "fill": cls.get("fill", cls.get("color")),
                          "outline": cls.get("outline", cls.get("color")),
                          "dashed": bool(cls.get("dashed")),
                          "shape": cls.get("shape", "area" if spec["kind"] == "fill" else "mixed")})
        layer = LAYERS[layer_name]
        entries.append({"layer": layer_name, "label_da": layer.label_da, "label_en": layer.label_en,
                        "items": items})
    if with_references:
        for name, spec in symbology.get("reference_layers", {}).items():
            label_da, label_en = REFERENCE_LABELS.get(name, (name, name))
            entries.append({"layer": name, "label_da": label_da, "label_en": label_en,
                            "reference": True,
                            "items": [{"value": name, "label_da": label_da, "label_en": label_en,
                                       "fill": spec.get("fill", "#ffffff"),
                                       "outline": spec.get("outline", spec.get("color")),
                                       "dashed": bool(spec.get("dash")), "shape": spec["kind"]}]})
    return {"symbology_version": symbology.get("version"), "layers": entries}
