"""Style layers and legend entries of the basemap and the context layers.

What each layer is and from which zoom comes from the catalogue (``datamodel.references``), its
colours from ``symbology.json`` (``basemap`` and ``reference_layers``). Names are drawn by
MapLibre from the browser's own fonts (the style names no ``glyphs`` URL: MapLibre 6 then draws
every glyph locally), so the offline basemap needs no font files.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from datamodel import CODELISTS
from datamodel.reference_codelists import REFERENCE_CODELISTS
from datamodel.references import MAP_LAYERS, MapLayer, ReferenceKind, Shape

from .context_build import LABEL_MINZOOM, tileset_of

PX_PER_MM = 96 / 25.4
FILL_ORDER = (
    "natur",
    "kloakoplande",
    "fjernvarme_omraader",
    "energiparker",
    "kommuneplanrammer",
    "lokalplaner",
    "planlagte_erhvervsomraader",
)
LINE_ORDER = ("gasnet_ledninger", "elnet_ledninger")
POINT_ORDER = ("fjernvarme_vaerker", "gasnet_stationer", "elnet_stationer")


def _px(millimetres: float) -> float:
    return round(millimetres * PX_PER_MM, 2)


def _meta(layer_id: str, **extra) -> dict:
    return {"overblikskort:layer": layer_id, **{f"overblikskort:{k}": v for k, v in extra.items()}}


def _match(attribute: str | None, classes: dict, key: str, fallback) -> object:
    if not attribute or not classes:
        return fallback
    expression: list = ["match", ["to-string", ["get", attribute]]]
    for value, spec in classes.items():
        expression += [value, spec.get(key, fallback)]
    return [*expression, fallback]


def _codelist(kind: ReferenceKind, field_name: str | None):
    if not field_name:
        return None
    name = kind.field(field_name).codelist or ""
    return REFERENCE_CODELISTS.get(name) or CODELISTS.get(name)


def _base(layer: MapLayer, layer_type: str, suffix: str) -> dict:
    return {
        "id": f"{layer.id}-{suffix}",
        "type": layer_type,
        "source": tileset_of(layer.id),
        "source-layer": layer.id,
        "minzoom": layer.minzoom,
        "metadata": _meta(layer.id, context=True, group=layer.group),
        "layout": {"visibility": "visible" if layer.default_on else "none"},
    }


def _fill_styles(layer: MapLayer, spec: dict) -> list[dict]:
    classes, attribute, fallback = spec.get("classes", {}), layer.classify_by, spec["fallback"]
    dashed = [value for value, cls in classes.items() if cls.get("dashed")]
    outline = {
        "line-color": _match(attribute, classes, "outline", fallback["outline"]),
        "line-width": _px(spec["outline_width_mm"]),
    }
    styles = [
        {
            **_base(layer, "fill", "fill"),
            "paint": {
                "fill-color": _match(attribute, classes, "fill", fallback["fill"]),
                "fill-opacity": spec["fill_opacity"],
            },
        },
        {**_base(layer, "line", "outline"), "paint": outline},
    ]
    if dashed and attribute:
        is_dashed = ["in", ["to-string", ["get", attribute]], ["literal", dashed]]
        styles[1]["filter"] = ["!", is_dashed]
        styles.append(
            {
                **_base(layer, "line", "outline-dashed"),
                "filter": is_dashed,
                "paint": {**outline, "line-dasharray": [3, 2]},
            }
        )
    if layer.points_below is not None:
        styles.append(
            {
                **_base(layer, "circle", "punkt"),
                "source-layer": f"{layer.id}_punkt",
                "minzoom": 3,
                "maxzoom": layer.points_below,
                "paint": {
                    "circle-color": _match(attribute, classes, "fill", fallback["fill"]),
                    "circle-radius": ["interpolate", ["linear"], ["zoom"], 5, 2.5, 9, 4.5],
                    "circle-stroke-color": _match(
                        attribute, classes, "outline", fallback["outline"]
                    ),
                    "circle-stroke-width": 1,
                },
            }
        )
    return styles


def _layer_styles(layer: MapLayer, spec: dict) -> list[dict]:
    fallback = spec["fallback"]
    classes = spec.get("classes", {})
    attribute = layer.classify_by
    if spec["kind"] == "fill":
        return _fill_styles(layer, spec)
    if spec["kind"] == "line":
        width = _match(
            attribute,
            {k: {"w": _px(v["width_mm"])} for k, v in classes.items()},
            "w",
            _px(fallback["width_mm"]),
        )
        return [
            {
                **_base(layer, "line", "line"),
                "layout": {**_base(layer, "line", "")["layout"], "line-cap": "round"},
                "paint": {
                    "line-color": _match(attribute, classes, "color", fallback["color"]),
                    "line-width": [
                        "interpolate",
                        ["linear"],
                        ["zoom"],
                        5,
                        0.6,
                        9,
                        width,
                        14,
                        ["*", 2, width],
                    ],
                },
            }
        ]
    radius = _px(spec["point_size_mm"]) / 2 if "point_size_mm" in spec else 3
    return [
        {
            **_base(layer, "circle", "point"),
            "paint": {
                "circle-color": _match(attribute, classes, "color", fallback["color"]),
                "circle-radius": [
                    "interpolate",
                    ["linear"],
                    ["zoom"],
                    6,
                    radius * 0.6,
                    12,
                    radius * 1.4,
                ],
                "circle-stroke-color": spec.get("stroke", "#ffffff"),
                "circle-stroke-width": 1,
            },
        }
    ]


def context_layers(symbology: dict, present: AbstractSet[str]) -> tuple[list, list, list]:
    """(fills, lines, points) of the context layers the tileset has."""
    specs = symbology.get("reference_layers", {})
    groups = []
    for order in (FILL_ORDER, LINE_ORDER, POINT_ORDER):
        styles = []
        for layer_id in order:
            if layer_id in present and layer_id in specs:
                styles += _layer_styles(MAP_LAYERS[layer_id][1], specs[layer_id])
        groups.append(styles)
    return groups[0], groups[1], groups[2]


def land_layers(basemap: dict, present: AbstractSet[str]) -> list[dict]:
    if "kommunegraenser" not in present:
        return []
    return [
        {
            "id": "basemap-land",
            "type": "fill",
            "source": tileset_of("kommunegraenser"),
            "source-layer": "kommunegraenser",
            "metadata": {"overblikskort:basemap": True},
            "paint": {"fill-color": basemap["land"]},
        }
    ]


def boundary_layers(symbology: dict, present: AbstractSet[str]) -> list[dict]:
    basemap, specs = symbology["basemap"], symbology.get("reference_layers", {})
    layers = []
    for layer_id, widths in (
        ("kommunegraenser", (5, 0.2, 10, 1.0)),
        ("regioner", (3, 0.6, 10, 2.0)),
    ):
        if layer_id not in present:
            continue
        colour = specs.get(layer_id, {}).get("color", basemap["kommune_line"])
        low_zoom, low, high_zoom, high = widths
        layers.append(
            {
                "id": f"{layer_id}-line",
                "type": "line",
                "source": tileset_of(layer_id),
                "source-layer": layer_id,
                "metadata": _meta(layer_id, basemap=True, group="grundkort"),
                "paint": {
                    "line-color": colour,
                    "line-width": [
                        "interpolate",
                        ["linear"],
                        ["zoom"],
                        low_zoom,
                        low,
                        high_zoom,
                        high,
                    ],
                },
            }
        )
    return layers


def label_layers(basemap: dict, present: AbstractSet[str]) -> list[dict]:
    font = basemap["font"]
    layers = []
    if "region_navne" in present:
        layers.append(
            {
                "id": "region-navne",
                "type": "symbol",
                "source": tileset_of("region_navne"),
                "source-layer": "region_navne",
                "minzoom": LABEL_MINZOOM["region_navne"],
                "maxzoom": 8.5,
                "metadata": {"overblikskort:basemap": True},
                "layout": {
                    "text-field": ["get", "navn"],
                    "text-font": font,
                    "text-size": ["interpolate", ["linear"], ["zoom"], 5, 12, 8, 16],
                    "text-transform": "uppercase",
                    "text-letter-spacing": 0.12,
                    "text-max-width": 8,
                },
                "paint": {
                    "text-color": basemap["region_label"],
                    "text-halo-color": basemap["label_halo"],
                    "text-halo-width": 1.5,
                },
            }
        )
    if "kommune_navne" in present:
        layers.append(
            {
                "id": "kommune-navne",
                "type": "symbol",
                "source": tileset_of("kommune_navne"),
                "source-layer": "kommune_navne",
                "minzoom": LABEL_MINZOOM["kommune_navne"],
                "metadata": {"overblikskort:basemap": True},
                "layout": {
                    "text-field": ["get", "navn"],
                    "text-font": font,
                    "text-size": ["interpolate", ["linear"], ["zoom"], 7, 11, 11, 15],
                    "symbol-sort-key": ["-", 0, ["coalesce", ["get", "areal_km2"], 0]],
                    "text-max-width": 7,
                    "text-padding": 4,
                },
                "paint": {
                    "text-color": basemap["kommune_label"],
                    "text-halo-color": basemap["label_halo"],
                    "text-halo-width": 1.5,
                },
            }
        )
    return layers


def legend_entries(symbology: dict, present: AbstractSet[str], sources: dict) -> list[dict]:
    """One legend entry per context layer in the tileset, with its classes, its default, its
    zoom range and its source (attribution, date, licence of the imports it comes from)."""
    specs = symbology.get("reference_layers", {})
    entries = []
    for layer_id in (*reversed(FILL_ORDER), *LINE_ORDER, *POINT_ORDER):
        if layer_id not in present or layer_id not in specs:
            continue
        kind, layer = MAP_LAYERS[layer_id]
        spec = specs[layer_id]
        codelist = _codelist(kind, layer.classify_by)
        shape = {Shape.POLYGON: "area", Shape.LINE: "line", Shape.POINT: "circle"}[layer.shape]
        items = []
        for value, cls in (spec.get("classes") or {}).items():
            items.append(
                {
                    "value": value,
                    "label_da": codelist.label(value, "da") if codelist else value,
                    "label_en": codelist.label(value, "en") if codelist else value,
                    "fill": cls.get("fill", cls.get("color")),
                    "outline": cls.get("outline", cls.get("color")),
                    "dashed": bool(cls.get("dashed")),
                    "shape": shape,
                }
            )
        if not items:
            fallback = spec["fallback"]
            items.append(
                {
                    "value": layer_id,
                    "label_da": layer.label_da,
                    "label_en": layer.label_en,
                    "fill": fallback.get("fill", fallback.get("color")),
                    "outline": fallback.get("outline", fallback.get("color")),
                    "dashed": False,
                    "shape": shape,
                }
            )
        entries.append(
            {
                "layer": layer_id,
                "label_da": layer.label_da,
                "label_en": layer.label_en,
                "context": True,
                "group": layer.group,
                "default_on": layer.default_on,
                "minzoom": layer.minzoom,
                "kind": kind.name,
                "source": sources.get(kind.name),
                "items": items,
            }
        )
    return entries
