"""Reference layers: read the authorities' files into the store, and hand them to the validator.

Kinds and what each keeps (all EPSG:25832):

* ``kommunegraenser`` (DAGI): ``kommunekode``, ``navn``; parts of one kommune dissolved into one
  MultiPolygon, Z dropped. A re-import replaces the whole kind.
* ``natur`` (MiljøGIS §3, Natura 2000, fredninger): ``kind`` (paragraf3 · natura2000 · fredning),
  ``navn``. A re-import replaces that kind and source (file).
* ``lokalplaner`` (Plandata): ``planid``, ``anvgen``, ``status``, ``plannavn``, ``komnr``.
  A re-import replaces that source (file).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

import shapely

from datamodel.messages import BilingualError

from .store.features import CRS, rows_from_frames, frames_from_rows

NATUR_KINDS = ("natura2000", "paragraf3", "fredning")

DEFAULT_FIELD_MAPS: dict[str, dict[str, str]] = {
    "kommunegraenser": {"KOMKODE": "kommunekode", "KOMNAVN": "navn",
                        "kommunekode": "kommunekode", "navn": "navn"},
    "natur": {"Objektnavn": "navn", "Fred_navn": "navn", "Natyp_navn": "navn",
              "Temanavn": "navn", "navn": "navn"},
    "lokalplaner": {"planid": "planid", "anvgen": "anvgen", "status": "status",
                    "plannavn": "plannavn", "komnr": "komnr"},
}
REQUIRED_FIELDS = {"kommunegraenser": ("kommunekode", "navn"), "natur": ("navn",),
                   "lokalplaner": ("planid", "anvgen", "status", "plannavn")}
_NATUR_BY_TEMAKODE = {2013: "paragraf3", 2019: "natura2000", 2009: "fredning"}


class ReferenceImportError(BilingualError, ValueError):
    """A reference file that cannot be loaded; nothing was replaced."""


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    source: str
    feature_count: int
    kommuner: tuple[str, ...]
    bbox: tuple[float, float, float, float]

    def lines(self) -> list[str]:
        box = ", ".join(f"{v:.0f}" for v in self.bbox)
        kommuner = ", ".join(self.kommuner[:12]) + (" …" if len(self.kommuner) > 12 else "")
        return [f"{self.kind} ({self.source}): {self.feature_count} objekter / features",
                f"  kommuner: {kommuner or '-'}",
                f"  udstrækning / bbox (EPSG:25832): {box}"]


def read_reference_file(kind: str, path: Path, field_map: Mapping[str, str] | None = None,
                        natur_kind: str | None = None):
    """The file as a GeoDataFrame in the kind's columns, or ReferenceImportError."""
    import pyogrio

    try:
        frame = pyogrio.read_dataframe(path)
    except Exception as error:  # pyogrio raises several unrelated types for unreadable files
        raise ReferenceImportError(
            f"Filen {path.name} kan ikke læses som geodata: {error}",
            f"The file {path.name} cannot be read as geodata: {error}") from error
    if len(frame) == 0:
        raise ReferenceImportError(f"Filen {path.name} indeholder ingen objekter.",
                                   f"The file {path.name} contains no features.")
    if frame.crs is None:
        raise ReferenceImportError(
            f"Filen {path.name} angiver intet koordinatsystem.",
            f"The file {path.name} declares no coordinate reference system.")
    mapping = {**DEFAULT_FIELD_MAPS[kind], **(field_map or {})}
    renamed = {source: target for source, target in mapping.items()
               if source in frame.columns and source != target}
    frame = frame.rename(columns=renamed)
    frame = frame.loc[:, ~frame.columns.duplicated()]
    if kind == "natur":
        frame["kind"] = natur_kind or _guess_natur_kind(frame, path)
    missing = [name for name in REQUIRED_FIELDS[kind] if name not in frame.columns]
    if missing:
        raise ReferenceImportError(
            f"Filen {path.name} mangler felterne {', '.join(missing)} (brug --field-map "
            f"kilde=mål).", f"The file {path.name} lacks the fields {', '.join(missing)} "
            f"(use --field-map source=target).")
    keep = [*REQUIRED_FIELDS[kind], *(("kind",) if kind == "natur" else ()),
            *(("komnr",) if kind == "lokalplaner" and "komnr" in frame.columns else ())]
    frame = frame[[*keep, "geometry"]].copy()
    frame["geometry"] = shapely.force_2d(frame.geometry.values)
    frame = frame[~frame.geometry.isna() & ~frame.geometry.is_empty].to_crs(CRS)
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values)
    if kind == "kommunegraenser":
        frame["kommunekode"] = frame["kommunekode"].astype(str).str.zfill(4)
        frame = frame.dissolve(by="kommunekode", aggfunc="first", as_index=False)
        frame["geometry"] = [shapely.MultiPolygon(shapely.get_parts(g))
                             if g.geom_type == "Polygon" else g for g in frame.geometry]
    if kind == "lokalplaner":
        for column in ("planid", "anvgen", "komnr"):
            if column in frame.columns:
                frame[column] = [_code_text(value) for value in frame[column]]
    return frame


def _code_text(value) -> str | None:
    """Plandata codes as text: 31.0 → "31"; missing → None."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _guess_natur_kind(frame, path: Path) -> str:
    if "Temakode" in frame.columns and len(frame):
        guess = _NATUR_BY_TEMAKODE.get(int(frame["Temakode"].iloc[0]))
        if guess:
            return guess
    raise ReferenceImportError(
        f"Kan ikke se hvilken slags natur {path.name} indeholder; angiv --kind "
        f"({' · '.join(NATUR_KINDS)}).",
        f"Cannot tell which kind of nature {path.name} holds; give --kind "
        f"({' · '.join(NATUR_KINDS)}).")


def import_reference_file(store, kind: str, path: Path, *, field_map=None, natur_kind=None,
                          source: str | None = None, actor: str = "cli") -> ImportSummary:
    from .store.reference_layers import replace_reference_layer

    frame = read_reference_file(kind, Path(path), field_map, natur_kind)
    if kind == "natur":
        source = source or f"{frame['kind'].iloc[0]}:{Path(path).name}"
    source = source or Path(path).name
    rows = rows_from_frames({kind: frame})
    replace_reference_layer(store, kind, source, Path(path).name, rows, actor,
                            replace_whole_kind=kind == "kommunegraenser")
    if kind == "kommunegraenser":
        kommuner = tuple(sorted(frame["kommunekode"]))
    elif kind == "lokalplaner" and "komnr" in frame.columns:
        kommuner = tuple(sorted({v.zfill(4) for v in frame["komnr"] if v}))
    else:
        kommuner = _kommuner_touched(store, frame)
    xmin, ymin, xmax, ymax = (float(v) for v in frame.total_bounds)
    return ImportSummary(kind, source, len(frame), kommuner, (xmin, ymin, xmax, ymax))


def _kommuner_touched(store, frame) -> tuple[str, ...]:
    """Codes of the stored kommuner the imported objects lie in (none before kommunegrænser)."""
    from .store.reference_layers import reference_rows

    rows = reference_rows(store, "kommunegraenser")
    if not rows:
        return ()
    kommuner = frames_from_rows(rows)["kommunegraenser"]
    hits = kommuner.sindex.query(frame.geometry.values, predicate="intersects")[1]
    return tuple(sorted(set(kommuner["kommunekode"].iloc[sorted(set(hits))])))


def reference_frame(store, kind: str):
    """One stored kind as one GeoDataFrame, as the validator reads it (lokalplaner appearing in
    several files once); None when nothing of the kind is loaded."""
    from .store.reference_layers import reference_rows

    rows = reference_rows(store, kind)
    if not rows:
        return None
    frame = frames_from_rows(rows)[kind]
    if kind == "lokalplaner":
        frame = frame.drop_duplicates(subset="planid").reset_index(drop=True)
    return frame


def reference_frames(store) -> dict:
    """Every stored kind as one GeoDataFrame (lokalplaner appearing in several files once)."""
    frames = {}
    for kind in ("kommunegraenser", "natur", "lokalplaner"):
        frame = reference_frame(store, kind)
        if frame is not None:
            frames[kind] = frame
    return frames


def load_references(data_dir_or_store):
    """The stored reference layers as ``publisher.validation.References``; None when there are none.

    Accepts a data dir (the embedded store there, or OVERBLIKSKORT_DATABASE_URL) or a Store.
    A data dir without a store gives None and creates nothing.
    """
    from .store import Store

    if isinstance(data_dir_or_store, Store):
        store = data_dir_or_store
    else:
        from .settings import SQLITE_FILE_NAME, Settings
        from .store.backends import backend_for

        settings = Settings.load(data_dir=Path(data_dir_or_store))
        if not settings.uses_postgis and not (Path(settings.data_dir) / SQLITE_FILE_NAME
                                              ).is_file():
            return None
        store = Store(backend_for(settings.database))
        store.migrate()
    frames = reference_frames(store)
    if not frames:
        return None
    from .validation import References

    if "kommunegraenser" in frames:
        frames["kommunegraenser"]["kommunenavn"] = frames["kommunegraenser"]["navn"]
    return References(**{kind: frames.get(kind) for kind in
                         ("kommunegraenser", "natur", "lokalplaner")})
