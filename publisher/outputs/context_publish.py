"""The context part of one public build: its tiles, collections, sources and guidance catalogue
put into the build folder (from the cache of ``context_build`` when the references are unchanged).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from datamodel.references import KINDS

from ..guidance import guidance_catalogue
from . import artefacts, context_build, tiles
from .context import PLANNED

DERIVED_FROM = {PLANNED: ("lokalplaner", "kommuneplanrammer")}


@dataclass
class PublishedContext:
    key: str | None = None
    tiles: dict[str, str] = field(default_factory=dict)
    """Tileset name (grundkort, kontekst) → its path in the build folder."""
    layers: set[str] = field(default_factory=set)
    collections: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)


def kind_sources(imports: list | None) -> dict:
    """kind → the attribution, licence and newest data date of its imports (the catalogue's
    defaults where the imports say nothing); derived kinds take their sources'."""
    sources: dict[str, dict] = {}
    for item in imports or []:
        entry = sources.setdefault(item.kind, {"attribution": set(), "licence": set(), "date": None})
        entry["attribution"].add(item.attribution or KINDS[item.kind].attribution)
        entry["licence"].add(item.licence or KINDS[item.kind].licence)
        if item.data_date and (entry["date"] is None or item.data_date > entry["date"]):
            entry["date"] = item.data_date
    result = {kind: {"attribution": "; ".join(sorted(e["attribution"])),
                     "licence": "; ".join(sorted(e["licence"])), "date": e["date"]}
              for kind, e in sources.items()}
    for derived, parents in DERIVED_FROM.items():
        known = [result[p] for p in parents if p in result]
        if known:
            result[derived] = {"attribution": "; ".join(sorted({k["attribution"] for k in known})),
                               "licence": "; ".join(sorted({k["licence"] for k in known})),
                               "date": max((k["date"] for k in known if k["date"]), default=None)}
    return result


def _defaults(kinds) -> dict:
    return {kind: {"attribution": KINDS[kind].attribution, "licence": KINDS[kind].licence,
                   "date": None} for kind in kinds}


def publish_context(references, folder: Path, cache_root: Path, tools: tiles.TileTools,
                    work: Path) -> PublishedContext:
    """Put the context artefacts of `references` into the build `folder`."""
    artefacts.write_json(folder / "guidance.json",
                         guidance_catalogue(getattr(references, "guidance", None)))
    made = context_build.build_context(references, cache_root / "context", tools, work)
    if made is None:
        return PublishedContext()
    published = PublishedContext(key=made.folder.name, layers=set(made.meta["layers"]))
    for name, path in made.tiles.items():
        tiles.copy_into(path, folder / "tiles" / path.name)
        published.tiles[name] = f"tiles/{path.name}"
    imports = getattr(references, "imports", None)
    published.sources = {**_defaults(made.meta["collections"]), **_defaults(
        {name for name in KINDS if any(layer.id in published.layers for layer in KINDS[name].layers)}),
        **kind_sources(imports)}
    for name, info in made.meta["collections"].items():
        kind = KINDS[name]
        downloads = {}
        for fmt in artefacts.DOWNLOAD_FORMATS:
            tiles.copy_into(made.download(name, fmt), folder / "downloads" / f"{name}.{fmt}")
            downloads[fmt] = f"downloads/{name}.{fmt}"
        published.collections[name] = {
            **info, "title_da": kind.label_da, "title_en": kind.label_en,
            "description_da": kind.description_da, "description_en": kind.description_en,
            "downloads": downloads, **published.sources.get(name, {})}
    return published
