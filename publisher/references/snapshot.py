"""The stored reference layers as GeoDataFrames: for the validator and for the public build."""

from __future__ import annotations

import threading
from pathlib import Path

import geopandas as gpd

from datamodel.references import KINDS, RULE_KINDS

from ..store.features import frames_from_rows

_CACHE_LOCK = threading.Lock()
_CACHE: dict[tuple[int, str], dict[str, gpd.GeoDataFrame]] = {}
"""The frames of the last reference revision read per store, so that builds after approvals
(the references unchanged) do not read them again."""


def _frame(store, kind: str) -> gpd.GeoDataFrame | None:
    from ..store.reference_layers import reference_rows

    rows = reference_rows(store, kind)
    if not rows:
        return None
    frame = frames_from_rows(rows)[kind]
    if kind == "natur" and "natur_type" not in frame.columns and "kind" in frame.columns:
        frame = frame.rename(columns={"kind": "natur_type"})  # imported before the catalogue
    if kind == "lokalplaner" and "kommunekode" not in frame.columns and "komnr" in frame.columns:
        frame["kommunekode"] = frame["komnr"].astype("string").str.zfill(4)
    declaration = KINDS[kind]
    for name in (*declaration.field_names, "synlighed"):
        if name not in frame.columns:
            frame[name] = "offentlig" if name == "synlighed" and kind in RULE_KINDS else None
    if declaration.unique_by:
        frame = frame.drop_duplicates(subset=declaration.unique_by).reset_index(drop=True)
    return frame


def reference_frames(store, kinds=None) -> dict[str, gpd.GeoDataFrame]:
    """Every stored kind (or those named) as one GeoDataFrame in EPSG:25832 with the kind's
    fields and ``synlighed``; a plan appearing in several files once."""
    from ..store.reference_layers import reference_revision

    revision = reference_revision(store)
    key = (id(store), revision)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached is None:
        cached = {}
        for kind in KINDS:
            if KINDS[kind].importable:
                frame = _frame(store, kind)
                if frame is not None:
                    cached[kind] = frame
        with _CACHE_LOCK:
            for stale in [k for k in _CACHE if k[0] == id(store)]:
                del _CACHE[stale]
            _CACHE[key] = cached
    wanted = set(kinds) if kinds is not None else set(cached)
    return {kind: frame.copy() for kind, frame in cached.items() if kind in wanted}


def reference_frame(store, kind: str) -> gpd.GeoDataFrame | None:
    """One stored kind as the validator reads it; None when nothing of the kind is loaded."""
    return reference_frames(store, (kind,)).get(kind)


class ReferenceSnapshot(dict):
    """The reference frames for one public build (a ``{kind: GeoDataFrame}`` mapping), with
    the revision that keys the context tiles and omgivelser, each import's provenance and the
    guidance catalogue's links."""

    def __init__(self, frames: dict, revision: str, imports: list, guidance: list):
        super().__init__(frames)
        self.revision = revision
        self.imports = imports
        self.guidance = guidance


def reference_snapshot(store) -> ReferenceSnapshot:
    from ..guidance import guidance_entries
    from ..store.reference_layers import reference_imports, reference_revision

    return ReferenceSnapshot(
        reference_frames(store),
        reference_revision(store),
        reference_imports(store),
        guidance_entries(store),
    )


def load_references(data_dir_or_store):
    """The stored reference layers as ``publisher.validation.References``; None when there are none.

    Accepts a data dir (the embedded store there, or OVERBLIKSKORT_DATABASE_URL) or a Store.
    A data dir without a store gives None and creates nothing.
    """
    from ..store import Store

    if isinstance(data_dir_or_store, Store):
        store = data_dir_or_store
    else:
        from ..settings import SQLITE_FILE_NAME, Settings
        from ..store.backends import backend_for

        settings = Settings.load(data_dir=Path(data_dir_or_store))
        if not settings.uses_postgis and not (Path(settings.data_dir) / SQLITE_FILE_NAME).is_file():
            return None
        store = Store(backend_for(settings.database))
        store.migrate()
    frames = reference_frames(store, RULE_KINDS)
    if not frames:
        return None
    from ..validation import References

    if "kommunegraenser" in frames:
        frames["kommunegraenser"]["kommunenavn"] = frames["kommunegraenser"]["navn"]
    if "natur" in frames:
        frames["natur"]["kind"] = frames["natur"]["natur_type"]
    return References(**{kind: frames.get(kind) for kind in RULE_KINDS})
