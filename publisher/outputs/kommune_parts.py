"""What one kommune's release contributes to the national downloads and indexes, made once.

Releases are immutable, so a part is cached under its kommunekode and release id: a new release
(also one that hides an object) has a new id and gets a part made from its own public objects;
an unchanged kommune's part is reused as it is. Each part folder holds

    <layer>.gpkg          the kommune's public rows (EPSG:25832), for the national GeoPackage
    <layer>.features      its GeoJSON features (WGS84) as text, for the national GeoJSON
    sites.part(.z)        its records of sites.json (text and a deflate block)
    finder.part(.z)       its entry of finder.json: {"part": <key>, "rows": [finder rows]}
    search.part(.z)       its entries of search.json
    meta.json             counts and extent per layer; whether a row names another kommune
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd

from datamodel import DATAMODEL_VERSION

from . import artefacts, national, site_context
from .public_data import PUBLIC_LAYERS, typed_for_output
from .tiles import safe_key

PARTS_VERSION = "5"
"""Raised when a part's layout changes; with the data-model version it names the cached parts."""


@dataclass(frozen=True)
class KommunePart:
    kommunekode: str
    folder: Path
    meta: dict

    @property
    def has_public_objects(self) -> bool:
        return any(self.meta["counts"].values())

    @property
    def names_other_kommuner(self) -> bool:
        return bool(self.meta["foreign"])

    def gpkg(self, layer_name: str) -> Path | None:
        return self.folder / f"{layer_name}.gpkg" if self.meta["counts"][layer_name] else None

    def geojson_features(self, layer_name: str) -> Path:
        return self.folder / f"{layer_name}.features"

    def text(self, name: str) -> tuple[bytes, bytes]:
        return (self.folder / f"{name}.part").read_bytes(), (
            self.folder / f"{name}.part.z"
        ).read_bytes()


def _list_body(text: str) -> bytes:
    """A JSON array's elements without the brackets ('' for an empty array)."""
    text = text.strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise national.AssemblyError("uventet JSON-liste / unexpected JSON list")
    return text[1:-1].encode("utf-8")


def write_folder_atomically(target: Path, write) -> dict:
    """`write(folder)` into a hidden folder beside `target`, then renamed to it (a concurrent
    build that made it first wins); returns what `write` returned, the folder's meta.json."""
    partial = target.parent / f".{target.name}.{secrets.token_hex(4)}"
    partial.mkdir(parents=True)
    try:
        meta = write(partial)
        try:
            partial.rename(target)
        except OSError:
            if not (target / "meta.json").exists():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return meta


class PartCache:
    """Parts keyed by kommune, release id and the context key (the reference revision the
    sites' omgivelser were computed from): a reference import remakes every part."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.context_key = "ingen"
        self._omgivelser = None
        folder.mkdir(parents=True, exist_ok=True)

    def use_context(self, context_key: str | None, omgivelser_index) -> None:
        """The reference revision parts are made for, and a function giving its omgivelser
        index (called only when a part is made)."""
        self.context_key = context_key or "ingen"
        self._omgivelser = omgivelser_index

    def path_for(self, kommunekode: str, release_id: str) -> Path:
        return self.folder / (
            f"{safe_key(kommunekode)}-{safe_key(release_id)}"
            f"-v{PARTS_VERSION}-{safe_key(DATAMODEL_VERSION)}-{self.context_key}"
        )

    def load(self, kommunekode: str, release_id: str) -> KommunePart | None:
        folder = self.path_for(kommunekode, release_id)
        meta = folder / "meta.json"
        if not meta.exists():
            return None
        return KommunePart(kommunekode, folder, json.loads(meta.read_text()))

    def load_named(self, kommunekode: str, name: str) -> KommunePart | None:
        meta = self.folder / name / "meta.json"
        return (
            KommunePart(kommunekode, self.folder / name, json.loads(meta.read_text()))
            if meta.exists()
            else None
        )

    def build(
        self,
        kommunekode: str,
        release_id: str,
        layers_25832: Mapping[str, gpd.GeoDataFrame],
        layers_wgs84: Mapping[str, gpd.GeoDataFrame],
    ) -> KommunePart:
        """The part of this release, made now from its public layers unless already cached."""
        cached = self.load(kommunekode, release_id)
        if cached is not None:
            return cached
        target = self.path_for(kommunekode, release_id)
        meta = write_folder_atomically(
            target,
            lambda partial: _write_part(
                partial,
                kommunekode,
                release_id,
                layers_25832,
                layers_wgs84,
                self._omgivelser() if self._omgivelser else None,
            ),
        )
        return KommunePart(kommunekode, target, meta)

    def prune(self, keep: set[str]) -> None:
        for path in self.folder.iterdir():
            if path.is_dir() and path.name not in keep and not path.name.startswith("."):
                shutil.rmtree(path, ignore_errors=True)


def _write_part(
    folder: Path,
    kommunekode: str,
    release_id: str,
    layers_25832: Mapping[str, gpd.GeoDataFrame],
    layers_wgs84: Mapping[str, gpd.GeoDataFrame],
    omgivelser_index=None,
) -> dict:
    counts: dict[str, int] = {}
    bounds: dict[str, list[float] | None] = {}
    foreign = False
    typed_sites = None
    omgivelser = site_context.compute(omgivelser_index, layers_25832[site_context.SITE_LAYER])
    for layer_name in PUBLIC_LAYERS:
        frame, wgs84 = layers_25832[layer_name], layers_wgs84[layer_name]
        counts[layer_name] = len(frame)
        features = folder / f"{layer_name}.features"
        if frame.empty:
            features.write_bytes(b"")
            bounds[layer_name] = None
            continue
        foreign |= bool((frame["kommunekode"].astype("string") != kommunekode).fillna(True).any())
        typed = typed_for_output(layer_name, frame)
        typed_wgs84 = typed.set_geometry(wgs84.geometry.to_numpy(), crs=wgs84.crs)
        download, download_wgs84 = typed, typed_wgs84
        if layer_name == site_context.SITE_LAYER:
            download = site_context.with_flat_columns(typed, omgivelser)
            download_wgs84 = download.set_geometry(wgs84.geometry.to_numpy(), crs=wgs84.crs)
        artefacts.write_gpkg(layer_name, download, folder / f"{layer_name}.gpkg")
        collection = folder / f"{layer_name}.geojson"
        artefacts.write_geojson(layer_name, download_wgs84, collection)
        features.write_bytes(national.geojson_features(collection.read_bytes()))
        collection.unlink()
        bounds[layer_name] = [round(float(v), 6) for v in wgs84.total_bounds]
        if layer_name == "erhvervsareal":
            typed_sites = typed_wgs84
    if typed_sites is None:
        typed_sites = typed_for_output("erhvervsareal", layers_wgs84["erhvervsareal"])
    sites = _list_body(
        artefacts.site_records_json(
            typed_sites, site_context.nested_columns(typed_sites, omgivelser)
        )
    )
    search = _list_body(
        json.dumps(artefacts.search_sites(layers_wgs84), ensure_ascii=False, separators=(",", ":"))
    )
    rows = artefacts.finder_rows_json(typed_sites)
    finder = (
        b""
        if rows == "[]"
        else ('{"part":' + json.dumps(safe_key(kommunekode)) + ',"rows":' + rows + "}").encode(
            "utf-8"
        )
    )
    for name, raw in (("sites", sites), ("search", search), ("finder", finder)):
        (folder / f"{name}.part").write_bytes(raw)
        (folder / f"{name}.part.z").write_bytes(national.deflate_block(raw))
    meta = {
        "kommunekode": kommunekode,
        "release_id": release_id,
        "counts": counts,
        "bounds": bounds,
        "foreign": foreign,
    }
    (folder / "meta.json").write_text(json.dumps(meta))
    return meta
