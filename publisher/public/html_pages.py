"""Plain HTML views of the OGC API documents. Every value is escaped."""
from __future__ import annotations

from html import escape

PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;color:#1a1a1a}}
a{{color:#0b4f9c}} table{{border-collapse:collapse}} td,th{{border:1px solid #767676;padding:.25rem .5rem;text-align:left;vertical-align:top}}</style>
</head><body><main><h1>{title}</h1>{body}</main></body></html>"""


def _links(links: list[dict]) -> str:
    items = "".join(f'<li><a href="{escape(link["href"])}">{escape(link.get("title") or link["rel"])}</a>'
                    f' ({escape(link["rel"])}, {escape(link.get("type", ""))})</li>' for link in links)
    return f"<ul>{items}</ul>"


def _table(rows: list[dict]) -> str:
    if not rows:
        return "<p>Ingen objekter / no features.</p>"
    columns = list(rows[0].keys())
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{escape('' if r.get(c) is None else str(r.get(c)))}</td>"
                                    for c in columns) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(document: dict, title: str) -> str:
    parts = []
    if "description" in document:
        parts.append(f"<p>{escape(str(document['description']))}</p>")
    if "conformsTo" in document:
        parts.append("<ul>" + "".join(f"<li>{escape(c)}</li>" for c in document["conformsTo"]) + "</ul>")
    if "collections" in document:
        parts.append("<h2>Samlinger / Collections</h2>" + "".join(
            f"<h3>{escape(c['title'])}</h3>{_links(c['links'])}" for c in document["collections"]))
    if document.get("type") == "FeatureCollection":
        parts.append(f"<p>{document['numberReturned']} / {document['numberMatched']}</p>")
        parts.append(_table([f["properties"] for f in document["features"]]))
    if document.get("type") == "Feature":
        parts.append(_table([document["properties"]]))
    if "links" in document:
        parts.append("<h2>Links</h2>" + _links(document["links"]))
    return PAGE.format(title=escape(title), body="".join(parts))
