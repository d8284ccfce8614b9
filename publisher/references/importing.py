"""`references import`: one file into the store as one source of a kind, with its provenance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from datamodel import Visibility
from datamodel.references import KINDS

from ..store.features import frames_from_rows, rows_from_frames
from .reading import ReferenceImportError, read_reference_file


@dataclass(frozen=True)
class ImportSummary:
    kind: str
    source: str
    feature_count: int
    public_count: int
    skipped: tuple[str, ...]
    kommuner: tuple[str, ...]
    bbox: tuple[float, float, float, float]
    data_date: str | None
    attribution: str
    licence: str

    def lines(self) -> list[str]:
        box = ", ".join(f"{v:.0f}" for v in self.bbox)
        kommuner = ", ".join(self.kommuner[:12]) + (" …" if len(self.kommuner) > 12 else "")
        lines = [
            f"{self.kind} ({self.source}): {self.feature_count} objekter / features, "
            f"{self.public_count} offentlige / public",
            f"  kommuner: {kommuner or '-'}",
            f"  udstrækning / bbox (EPSG:25832): {box}",
            f"  kilde / source: {self.attribution} ({self.data_date or '-'}); "
            f"licens / licence: {self.licence}",
        ]
        if self.skipped:
            lines.append(f"  sprunget over / skipped: {'; '.join(self.skipped)}")
        return lines


def _valid_date(text: str | None, path: Path) -> str:
    if text is None:
        return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as error:
        raise ReferenceImportError(
            f"--dato skal være ÅÅÅÅ-MM-DD, ikke {text!r}.",
            f"--date must be YYYY-MM-DD, not {text!r}.",
        ) from error


def import_reference_file(
    store,
    kind: str,
    path: Path,
    *,
    field_map: Mapping[str, str] | None = None,
    natur_kind: str | None = None,
    source: str | None = None,
    data_date: str | None = None,
    licence: str | None = None,
    attribution: str | None = None,
    synlighed: str | None = None,
    actor: str = "cli",
) -> ImportSummary:
    """Read, check and store one file; the kind's (or source's) previous objects are replaced in
    one transaction, and kept as they were when anything fails."""
    from ..store.reference_layers import Provenance, replace_reference_layer

    declaration = KINDS.get(kind)
    if declaration is None or not declaration.importable:
        raise ReferenceImportError(
            f"Ukendt referencetype {kind!r}.", f"Unknown reference kind {kind!r}."
        )
    path = Path(path)
    forced = Visibility(synlighed) if synlighed else None
    date = _valid_date(data_date, path)
    result = read_reference_file(kind, path, field_map, natur_kind, forced)
    frame = result.frame
    if kind == "natur" and source is None:
        source = f"{frame['natur_type'].iloc[0]}:{path.name}"
    provenance = Provenance(
        source=source or path.name,
        file_name=path.name,
        data_date=date,
        licence=licence or declaration.licence,
        attribution=attribution or declaration.attribution,
        synlighed=forced.value if forced else declaration.visibility.describe(),
    )
    replace_reference_layer(
        store,
        kind,
        provenance,
        rows_from_frames({kind: frame}),
        actor,
        replace_whole_kind=declaration.replaces_whole_kind,
    )
    if "kommunekode" in frame.columns and frame["kommunekode"].notna().any():
        kommuner = tuple(sorted({v for v in frame["kommunekode"] if v}))
    else:
        kommuner = _kommuner_touched(store, frame)
    return ImportSummary(
        kind,
        provenance.source,
        len(frame),
        int((frame["synlighed"] == Visibility.OFFENTLIG.value).sum()),
        tuple(result.skipped_because),
        kommuner,
        _bbox(frame.total_bounds),
        date,
        provenance.attribution,
        provenance.licence,
    )


def _bbox(bounds) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    return minx, miny, maxx, maxy


def _kommuner_touched(store, frame) -> tuple[str, ...]:
    """Codes of the stored kommuner the imported objects lie in (none before kommunegrænser)."""
    from ..store.reference_layers import reference_rows

    rows = reference_rows(store, "kommunegraenser")
    if not rows:
        return ()
    kommuner = frames_from_rows(rows)["kommunegraenser"]
    hits = kommuner.sindex.query(frame.geometry.values, predicate="intersects")[1]
    return tuple(sorted(set(kommuner["kommunekode"].iloc[sorted(set(hits))])))
