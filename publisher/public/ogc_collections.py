"""The collections OGC API Features serves, as a registry read once per public build.

A collection is a `CollectionSpec`: its id and texts, the GeoPackage table of the build it is
served from, its properties (data-model `Field`s, so the HTML page can show labels), the
queryables a request may filter on, its geometry type, and extra facts for its document
(licence, attribution, date). Two providers make them:

* `municipal_collections`: the data model's public layers, one collection per download table
  (infrastruktur: one per geometry type); properties are the fields on the download surface
  with their label columns, queryables the fields the map and the finder filter on.
* `manifest_collections`: whatever else the build registers in its manifest under
  ``"collections"`` (e.g. the national context kinds), each with its ``downloads.gpkg`` and
  optionally ``table``, ``id_field``, ``queryables`` and ``fields``
  (``[{"name", "type", "label_da", "label_en", "codelist"}]``; else the table's own columns).

Another provider is one function ``(build folder | None, manifest) -> list[CollectionSpec]`` added
to `PROVIDERS`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from datamodel import CODELISTS, LAYERS, FieldType
from datamodel.omgivelser import flat_fields
from datamodel.schema import CodeList, Field, Surface

from ..outputs.downloads import LABEL_SUFFIX, download_paths, download_tables, label_columns
from ..outputs.public_build import CURRENT, current_build
from ..outputs.public_data import PUBLIC_LAYERS
from ..outputs.site_context import SITE_LAYER
from .ogc_index import ServingIndex
from .ogc_store import Column, FeatureTable

_PART_TITLES = {
    "punkt": ("punkter", "points"),
    "linje": ("linjer", "lines"),
    "flade": ("flader", "areas"),
}
_SQLITE_TYPES = {
    "INTEGER": FieldType.INTEGER,
    "REAL": FieldType.REAL,
    "BOOLEAN": FieldType.BOOLEAN,
    "DATE": FieldType.DATE,
}


@dataclass(frozen=True)
class CollectionSpec:
    name: str
    title_da: str
    title_en: str
    description_da: str
    description_en: str
    file: str
    """The GeoPackage inside the build folder."""
    table: str
    fields: tuple[Field, ...]
    """The properties served, in order; a code field's label column is a Field of its own."""
    queryables: tuple[str, ...]
    geometry_type: str
    id_field: str = "objekt_id"
    codelists: Mapping[str, CodeList] = field(default_factory=lambda: CODELISTS)
    extra: Mapping[str, object] = field(default_factory=dict)
    """Shown on the collection document: licence, attribution, date."""

    def field(self, name: str) -> Field | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    def title(self, language: str = "da") -> str:
        return self.title_da if language == "da" else self.title_en


def _label_field(spec: Field) -> Field:
    return Field(
        spec.name + LABEL_SUFFIX,
        FieldType.TEXT,
        f"{spec.label_da} (tekst)",
        f"{spec.label_en} (text)",
    )


def municipal_collections(build: Path | None, manifest: Mapping) -> list[CollectionSpec]:
    specs = []
    for layer_name in PUBLIC_LAYERS:
        layer = LAYERS[layer_name]
        labelled = label_columns(layer_name)
        fields: list[Field] = []
        for spec in layer.fields:
            if spec.is_public_on(Surface.DOWNLOAD):
                fields.append(spec)
                if spec.name in labelled:
                    fields.append(_label_field(spec))
        if layer_name == SITE_LAYER:
            fields.extend(flat_fields())
        queryables = tuple(
            spec.name
            for spec in layer.fields
            if spec.is_public_on(Surface.TILE) or spec.is_public_on(Surface.FINDER)
        )
        tables = download_tables(layer_name)
        for table, geometry_type in tables.items():
            part = table[len(layer_name) + 1 :] if table != layer_name else None
            suffix_da, suffix_en = (
                (f" – {_PART_TITLES[part][0]}", f" – {_PART_TITLES[part][1]}") if part else ("", "")
            )
            specs.append(
                CollectionSpec(
                    table,
                    layer.label_da + suffix_da,
                    layer.label_en + suffix_en,
                    layer.description_da,
                    layer.description_en,
                    download_paths(layer_name)["gpkg"],
                    table,
                    tuple(fields),
                    queryables,
                    geometry_type,
                )
            )
    return specs


def _table_fields(path: Path, table: str) -> tuple[Field, ...]:
    """A table's own columns as fields (for a collection registered without declarations)."""
    connection = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    try:
        columns = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
        geometry = connection.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (table,)
        ).fetchone()
    finally:
        connection.close()
    return tuple(
        Field(name, _SQLITE_TYPES.get(kind.upper(), FieldType.TEXT), name, name)
        for _, name, kind, *_ in columns
        if name != "fid" and (geometry is None or name != geometry[0])
    )


def manifest_collections(build: Path | None, manifest: Mapping) -> list[CollectionSpec]:
    specs = []
    for name, info in (manifest.get("collections") or {}).items():
        file = (info.get("downloads") or {}).get("gpkg")
        if build is None or not file or not (build / file).exists():
            continue
        table = info.get("table", name)
        declared = info.get("fields")
        fields = (
            tuple(
                Field(
                    f["name"],
                    FieldType(f.get("type", "text")),
                    f.get("label_da", f["name"]),
                    f.get("label_en", f["name"]),
                    codelist=f.get("codelist"),
                )
                for f in declared
            )
            if declared
            else _table_fields(build / file, table)
        )
        specs.append(
            CollectionSpec(
                name,
                info.get("title_da", name),
                info.get("title_en", name),
                info.get("description_da", ""),
                info.get("description_en", ""),
                file,
                table,
                fields,
                tuple(info.get("queryables", ())),
                info.get("geometry_type", "Unknown"),
                info.get("id_field", "id"),
                extra={
                    key: info[key] for key in ("licence", "attribution", "date") if info.get(key)
                },
            )
        )
    return specs


PROVIDERS: list[Callable[[Path | None, Mapping], list[CollectionSpec]]] = [
    municipal_collections,
    manifest_collections,
]


@dataclass
class Collection:
    spec: CollectionSpec
    table: FeatureTable

    @property
    def name(self) -> str:
        return self.spec.name


class PublicCollections:
    """The current build's collections; made anew when `current` points at another build. Before
    the first build the data model's collections are there, empty."""

    def __init__(self, public_dir: Path):
        self.public_dir = Path(public_dir)
        self.index_cache = self.public_dir / "cache" / "ogc"
        self._lock = threading.Lock()
        self._loaded: tuple[Path | None, dict[str, Collection], dict] | None = None
        self._target: str | None = None

    def _current(self) -> tuple[Path | None, dict[str, Collection], dict]:
        try:
            target = os.readlink(self.public_dir / CURRENT)  # one system call per request
        except OSError:
            target = None
        with self._lock:
            if self._loaded is None or self._target != target:
                self._target = target
                build = current_build(self.public_dir)
                manifest = (
                    json.loads((build / "manifest.json").read_text())
                    if build and (build / "manifest.json").exists()
                    else {}
                )
                self._loaded = (build, _load(build, manifest, self.index_cache), manifest)
            return self._loaded

    def collections(self) -> dict[str, Collection]:
        return self._current()[1]

    def kommune_names(self) -> dict[str, str]:
        """kommunekode → name, as the current build knows them."""
        return self._current()[2].get("kommuner") or {}

    def names(self) -> list[str]:
        return list(self.collections())

    def get(self, name: str) -> Collection | None:
        return self.collections().get(name)


def _load(build: Path | None, manifest: Mapping, index_cache: Path) -> dict[str, Collection]:
    """The build's collections, each with its serving index started (see `ogc_index`)."""
    loaded = {}
    for provider in PROVIDERS:
        for spec in provider(build, manifest):
            columns = tuple(Column(f.name, f.type) for f in spec.fields)
            table = FeatureTable(
                build / spec.file if build else None, spec.table, columns, spec.id_field
            )
            if build is not None and table.present:
                table.index = ServingIndex(index_cache, build, table)
                table.index.start()
            loaded[spec.name] = Collection(spec, table)
    return loaded
