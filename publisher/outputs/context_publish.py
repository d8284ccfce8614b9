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
    kommune_index: list = field(default_factory=list)
    """Kommune names and extents (from the boundaries) for search.json and the manifest."""


def kind_sources(imports: list | None) -> dict:
    """kind → the attribution, licence and newest data date of its imports (the catalogue's
    defaults where the imports say nothing); derived kinds take their sources'."""
    sources: dict[str, dict] = {}
    for item in imports or []:
        entry = sources.setdefault(
            item.kind, {"attribution": set(), "licence": set(), "date": None}
        )
        entry["attribution"].add(item.attribution or KINDS[item.kind].attribution)
        entry["licence"].add(item.licence or KINDS[item.kind].licence)
        if item.data_date and (entry["date"] is None or item.data_date > entry["date"]):
            entry["date"] = item.data_date
    result = {
        kind: {
            "attribution": "; ".join(sorted(e["attribution"])),
            "licence": "; ".join(sorted(e["licence"])),
            "date": e["date"],
        }
        for kind, e in sources.items()
    }
    for derived, parents in DERIVED_FROM.items():
        known = [result[p] for p in parents if p in result]
        if known:
            result[derived] = {
                "attribution": "; ".join(sorted({k["attribution"] for k in known})),
                "licence": "; ".join(sorted({k["licence"] for k in known})),
                "date": max((k["date"] for k in known if k["date"]), default=None),
            }
    return result


def _defaults(kinds) -> dict:
    return {
        kind: {"attribution": KINDS[kind].attribution, "licence": KINDS[kind].licence, "date": None}
        for kind in kinds
    }


def _publish(made: context_build.ContextArtefacts, folder: Path, imports) -> PublishedContext:
    published = PublishedContext(
        key=made.folder.name,
        layers=set(made.meta["layers"]),
        kommune_index=made.meta.get("kommune_index", []),
    )
    for name, path in made.tiles.items():
        tiles.copy_into(path, folder / "tiles" / path.name)
        published.tiles[name] = f"tiles/{path.name}"
    published.sources = {
        **_defaults(made.meta["collections"]),
        **_defaults(
            {
                name
                for name in KINDS
                if any(layer.id in published.layers for layer in KINDS[name].layers)
            }
        ),
        **kind_sources(imports),
    }
    for name, info in made.meta["collections"].items():
        kind = KINDS[name]
        downloads = {}
        for fmt in artefacts.DOWNLOAD_FORMATS:
            tiles.copy_into(made.download(name, fmt), folder / "downloads" / f"{name}.{fmt}")
            downloads[fmt] = f"downloads/{name}.{fmt}"
        published.collections[name] = {
            **info,
            "title_da": kind.label_da,
            "title_en": kind.label_en,
            "description_da": kind.description_da,
            "description_en": kind.description_en,
            "downloads": downloads,
            **published.sources.get(name, {}),
        }
    return published


class ContextSource:
    """The references of one build, read only when needed: with a `references_key` equal to the
    current build's, the context is the current build's (its cache key, sources and guidance)
    and the references are loaded only if a kommune's omgivelser must be computed."""

    def __init__(self, references, references_key: str | None, previous: dict | None):
        self._references = references
        self._loaded = None
        same = (
            references_key is not None
            and previous is not None
            and previous.get("references_key") == references_key
            and "context" in previous
        )
        self.previous = previous if same else None
        self.key = (
            previous["context"] if same and previous else context_build.context_key(self.loaded())
        )

    def loaded(self):
        if self._loaded is None:
            loaded = self._references() if callable(self._references) else self._references
            self._loaded = loaded if loaded is not None else {}
        return self._loaded

    def omgivelser_index(self):
        return context_build.omgivelser_index(self.key, self.loaded)

    def publish(
        self, folder: Path, cache_root: Path, tools: tiles.TileTools, work: Path
    ) -> PublishedContext:
        """Put the context artefacts into the build `folder`."""
        previous = self.previous
        if previous is not None and (previous["folder"] / "guidance.json").exists():
            for name in ("guidance.json", "guidance.json.gz"):
                tiles.copy_into(previous["folder"] / name, folder / name)
        else:
            artefacts.write_json(
                folder / "guidance.json",
                guidance_catalogue(getattr(self.loaded(), "guidance", None)),
            )
        made = context_build.build_context(
            self.key, self.loaded, cache_root / "context", tools, work
        )
        if made is None:
            return PublishedContext()
        imports = None if previous is not None else getattr(self.loaded(), "imports", None)
        published = _publish(made, folder, imports)
        if previous is not None:
            published.sources = previous.get("sources", published.sources)
            for name, info in published.collections.items():
                info.update(previous.get("collections", {}).get(name, {}))
        return published
