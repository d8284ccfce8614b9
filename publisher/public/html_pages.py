"""HTML views of the OGC API documents, rendered by Jinja2 templates (``templates/``) with
autoescaping: every value from the data is escaped, and the features of a page ride along as JSON
(``tojson``) for the small map. Codes show their labels, kommune codes their names."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from datamodel import FieldType
from datamodel.layers import EMAIL_PATTERN, URL_PATTERN

from ..outputs.downloads import LABEL_SUFFIX
from .ogc_collections import Collection, CollectionSpec

_environment = Environment(
    loader=PackageLoader("publisher.public", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
)
TABLE_COLUMNS = 6
"""Columns of the items table besides the object's name: the collection's first queryables."""
_URL = re.compile(URL_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None


def _number(value: float) -> str:
    text = (
        f"{value:,.2f}".rstrip("0").rstrip(".")
        if not float(value).is_integer()
        else f"{int(value):,}"
    )
    return text.replace(",", "\u00a0").replace(".", ",")


def value_cell(spec: CollectionSpec, name: str, value, kommuner: dict[str, str]) -> Cell:
    """One value as a reader wants it: a code's label, a kommune's name, yes/no, a number with
    its unit, a link."""
    declared = spec.field(name)
    if value is None or value == "":
        return Cell("–")
    if name == "kommunekode" and str(value) in kommuner:
        return Cell(f"{kommuner[str(value)]} ({value})")
    if declared is not None and declared.codelist and declared.codelist in spec.codelists:
        return Cell(spec.codelists[declared.codelist].label(str(value), "da"))
    if declared is not None and declared.type == FieldType.BOOLEAN:
        return Cell("Ja" if value else "Nej")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        unit = declared.public.unit if declared is not None and declared.public else None
        return Cell(_number(value) + (f"\u00a0{unit}" if unit else ""))
    text = str(value)
    if _URL.fullmatch(text):
        return Cell(text, text)
    if _EMAIL.fullmatch(text):
        return Cell(text, f"mailto:{text}")
    return Cell(text)


def _shown_fields(spec: CollectionSpec) -> list[str]:
    """The properties a page shows: every field but the label columns (their codes show labels)."""
    coded = {f.name for f in spec.fields if f.codelist}
    return [
        f.name
        for f in spec.fields
        if not (f.name.endswith(LABEL_SUFFIX) and f.name[: -len(LABEL_SUFFIX)] in coded)
    ]


def _label(spec: CollectionSpec, name: str) -> str:
    declared = spec.field(name)
    return declared.label_da if declared is not None else name


def _is_flag(spec: CollectionSpec, name: str) -> bool:
    declared = spec.field(name)
    return declared is not None and declared.type == FieldType.BOOLEAN


def _column_title(spec: CollectionSpec, name: str, kommuner: dict[str, str]) -> str:
    return "Kommune" if name == "kommunekode" and kommuner else _label(spec, name)


def _title_of(spec: CollectionSpec, properties: dict) -> str:
    return str(properties.get("navn") or properties.get(spec.id_field) or "")


def _crumbs(base: str, *parts: tuple[str, str | None]) -> list[dict]:
    return [{"title": "OGC API", "href": f"{base}?f=html"}] + [
        {"title": t, "href": h} for t, h in parts
    ]


def _json_href(href: str, extra: dict | None = None) -> str:
    return f"{href}?{urlencode({**(extra or {}), 'f': 'json'})}"


def render_document(
    kind: str, document: dict, base: str, *, found: Collection | None = None
) -> str:
    """landing, conformance, collections, collection or queryables."""
    context = {
        "title": document.get("title", "Overblikskort OGC API"),
        "description": document.get("description"),
        "links": document.get("links", []),
        "crumbs": _crumbs(base),
        "json_href": _json_href(base),
    }
    if kind == "conformance":
        context.update(
            title="Overensstemmelse / Conformance",
            conforms=document["conformsTo"],
            crumbs=_crumbs(base, ("Conformance", None)),
            json_href=_json_href(f"{base}/conformance"),
        )
    elif kind == "collections":
        context.update(
            title="Samlinger / Collections",
            crumbs=_crumbs(base, ("Samlinger", None)),
            json_href=_json_href(f"{base}/collections"),
            collections=[
                {
                    "href": f"{base}/collections/{c['id']}",
                    "title": c["title"],
                    "description": c["description"],
                }
                for c in document["collections"]
            ],
        )
    elif kind == "collection" and found is not None:
        href = f"{base}/collections/{found.name}"
        west, south, east, north = document["extent"]["spatial"]["bbox"][0]
        context.update(
            crumbs=_crumbs(
                base, ("Samlinger", f"{base}/collections?f=html"), (found.spec.title_da, None)
            ),
            json_href=_json_href(href),
            collections=[
                {"href": href, "title": found.spec.title_da, "description": document["description"]}
            ],
            facts=[
                (label, document[key])
                for key, label in (
                    ("licence", "Licens"),
                    ("attribution", "Kilde"),
                    ("date", "Dato"),
                )
                if document.get(key)
            ]
            + [
                ("Udstrækning (CRS84)", f"{west:.4f}, {south:.4f} – {east:.4f}, {north:.4f}"),
                ("CRS", ", ".join(document["crs"])),
            ],
        )
    elif kind == "queryables" and found is not None:
        href = f"{base}/collections/{found.name}"
        rows = []
        for name, schema in document["properties"].items():
            values = schema.get("enum")
            rows.append(
                {
                    "name": name,
                    "title": schema.get("title", name),
                    "type": schema.get("type"),
                    "values": ", ".join(str(v) for v in values) if values else "",
                }
            )
        first = next(iter(document["properties"]), None)
        context.update(
            title=f"{found.spec.title_da}: filtre / queryables",
            queryables=rows,
            crumbs=_crumbs(
                base,
                ("Samlinger", f"{base}/collections?f=html"),
                (found.spec.title_da, f"{href}?f=html"),
                ("Filtre", None),
            ),
            json_href=_json_href(f"{href}/queryables"),
            links=[],
            example=f"{href}/items?{first}=…" if first else "",
        )
    return _environment.get_template("document.html").render(**context)


def render_items(
    answer, found: Collection, base: str, kommuner: dict[str, str], *, single: bool = False
) -> str:
    spec = found.spec
    href = f"{base}/collections/{found.name}"
    shown = _shown_fields(spec)
    columns = [
        name
        for name in spec.queryables
        if name in shown and name not in (spec.id_field, "navn") and not _is_flag(spec, name)
    ][:TABLE_COLUMNS]
    features = []
    for feature in answer.features:
        properties = feature["properties"]
        item_href = f"{href}/items/{feature['id']}?f=html"
        features.append(
            {
                "rows": [
                    (_label(spec, name), value_cell(spec, name, properties.get(name), kommuner))
                    for name in shown
                ],
                "cells": [Cell(_title_of(spec, properties), item_href)]
                + [value_cell(spec, name, properties.get(name), kommuner) for name in columns],
            }
        )
    geojson = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f["id"],
                "geometry": json.loads(f["geometry"]),
                "properties": {"navn": _title_of(spec, f["properties"])},
            }
            for f in answer.features
        ],
    }
    if single:
        title = _title_of(spec, answer.features[0]["properties"])
        crumbs = _crumbs(
            base,
            ("Samlinger", f"{base}/collections?f=html"),
            (spec.title_da, f"{href}?f=html"),
            ("Objekter", f"{href}/items?f=html"),
            (title, None),
        )
        summary, pages = None, []
        json_href = _json_href(f"{href}/items/{answer.features[0]['id']}")
    else:
        title = f"{spec.title_da}: objekter"
        crumbs = _crumbs(
            base,
            ("Samlinger", f"{base}/collections?f=html"),
            (spec.title_da, f"{href}?f=html"),
            ("Objekter", None),
        )
        summary = (
            f"Viser {len(features)} af {answer.number_matched} objekter "
            f"(showing {len(features)} of {answer.number_matched})."
        )
        pages = [
            {
                "href": link["href"].replace("f=json", "f=html"),
                "rel": "next",
                "title": "Næste side / next page",
            }
            for link in answer.links
            if link["rel"] == "next"
        ]
        json_href = next(link["href"] for link in answer.links if link["rel"] == "self")
    return _environment.get_template("items.html").render(
        title=title,
        crumbs=crumbs,
        json_href=json_href,
        summary=summary,
        single=single,
        features=features,
        columns=["Navn / name"] + [_column_title(spec, n, kommuner) for n in columns],
        geojson=geojson,
        pages=pages,
    )
