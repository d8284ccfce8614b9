"""One authority's file as the objects of a reference kind (``datamodel.references.KINDS``).

Reads GeoPackage, GeoJSON and the other formats GDAL reads (pyogrio), and CSV with a WKT column
and any one-character separator (the OSM grid extracts use ``#``). Columns are found by the
kind's declared source names, values normalised (``values.py``), geometries made 2D, valid and
EPSG:25832. A file that cannot be used raises ReferenceImportError with a Danish and an English
message; rows without a required value are skipped and counted.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

import geopandas as gpd
import pandas as pd
import shapely

from datamodel import Visibility
from datamodel.messages import BilingualError
from datamodel.references import GEOMETRY_TYPES, KINDS, NATUR_TYPES, ReferenceKind, Shape

from . import values
from ..store.features import CRS

CSV_GEOMETRY_COLUMNS = ("wkt_srid_4326", "wkt", "geometry", "geom", "the_geom")
MAX_CSV_ROWS = 2_000_000
"""A CSV reference file is read row by row up to this many rows."""
SHAPE_OF = {name: shape for shape, names in GEOMETRY_TYPES.items() for name in names}


class ReferenceImportError(BilingualError, ValueError):
    """A reference file that cannot be loaded; nothing was replaced."""


@dataclass
class ReadResult:
    frame: gpd.GeoDataFrame
    """The kind's fields, ``synlighed`` and the geometry (EPSG:25832)."""
    skipped: int = 0
    skipped_because: list[str] = field(default_factory=list)


def _error(da: str, en: str) -> ReferenceImportError:
    return ReferenceImportError(da, en)


def read_source(path: Path) -> gpd.GeoDataFrame:
    if path.suffix.lower() == ".csv":
        return _read_wkt_csv(path)
    import pyogrio

    try:
        return pyogrio.read_dataframe(path)
    except Exception as error:  # pyogrio raises several unrelated types for unreadable files
        raise _error(
            f"Filen {path.name} kan ikke læses som geodata: {error}",
            f"The file {path.name} cannot be read as geodata: {error}",
        ) from error


def _read_wkt_csv(path: Path) -> gpd.GeoDataFrame:
    """CSV with a WKT (or EWKT ``SRID=4326;POINT(...)``) column; the separator is sniffed."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = handle.readline()
            separator = max("#;,\t|", key=header.count)
            handle.seek(0)
            reader = csv.DictReader(handle, delimiter=separator)
            columns = reader.fieldnames or []
            wkt_column = next((c for c in columns if c.lower() in CSV_GEOMETRY_COLUMNS), None)
            if wkt_column is None:
                raise _error(
                    f"CSV-filen {path.name} har ingen WKT-kolonne ({', '.join(CSV_GEOMETRY_COLUMNS)}).",
                    f"The CSV file {path.name} has no WKT column ({', '.join(CSV_GEOMETRY_COLUMNS)}).",
                )
            rows = []
            for number, row in enumerate(reader):
                if number >= MAX_CSV_ROWS:
                    raise _error(
                        f"CSV-filen {path.name} har over {MAX_CSV_ROWS} rækker.",
                        f"The CSV file {path.name} has over {MAX_CSV_ROWS} rows.",
                    )
                rows.append(row)
    except (UnicodeDecodeError, csv.Error) as error:
        raise _error(
            f"CSV-filen {path.name} kan ikke læses: {error}",
            f"The CSV file {path.name} cannot be read: {error}",
        ) from error
    texts = [row.pop(wkt_column) or "" for row in rows]
    srids = {text.split(";", 1)[0].upper() for text in texts if text.upper().startswith("SRID=")}
    if len(srids) > 1:
        raise _error(
            f"CSV-filen {path.name} blander koordinatsystemer ({', '.join(sorted(srids))}).",
            f"The CSV file {path.name} mixes coordinate systems ({', '.join(sorted(srids))}).",
        )
    epsg = int(srids.pop()[5:]) if srids else 4326
    wkt = [text.split(";", 1)[1] if text.upper().startswith("SRID=") else text for text in texts]
    try:
        geometry = shapely.from_wkt([text or None for text in wkt])
    except shapely.errors.GEOSException as error:
        raise _error(
            f"CSV-filen {path.name} har ugyldig WKT: {error}",
            f"The CSV file {path.name} has invalid WKT: {error}",
        ) from error
    return gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=[c for c in columns if c != wkt_column]),
        geometry=geometry,
        crs=f"EPSG:{epsg}",
    )


def _normaliser(kind: ReferenceKind, name: str) -> Callable[[object], object]:
    special = {
        "status": values.plan_status
        if kind.name in ("lokalplaner", "kommuneplanrammer", "planlagte_erhvervsomraader")
        else None,
        "kommunekode": values.kommunekode,
        "kloakering_eksisterende": values.kloakering,
        "kloakering_planlagt": values.kloakering,
        "elnet_type": values.elnet_type,
        "navn": values.osm_name if kind.name == "elnet" else None,
    }.get(name)
    return special or values.BY_TYPE[kind.field(name).type]


def _column_values(
    kind: ReferenceKind, frame: gpd.GeoDataFrame, lowered: Mapping[str, str]
) -> tuple[dict[str, list], list[str]]:
    """Each declared field's values (the first source column with a value wins, row by row),
    and the fields the file has no column for."""
    found, absent = {}, []
    for spec in kind.fields:
        candidates = [
            lowered[c.lower()] for c in (spec.name, *spec.sources) if c.lower() in lowered
        ]
        candidates = list(dict.fromkeys(candidates))
        if not candidates:
            absent.append(spec.name)
            continue
        normalise = _normaliser(kind, spec.name)
        merged = [normalise(value) for value in frame[candidates[0]]]
        for column in candidates[1:]:
            merged = [
                value if value is not None else normalise(other)
                for value, other in zip(merged, frame[column])
            ]
        found[spec.name] = merged
    return found, absent


def _natur_types(
    frame: gpd.GeoDataFrame, lowered: Mapping[str, str], natur_kind: str | None, path: Path
) -> list:
    if natur_kind:
        return [natur_kind] * len(frame)
    column = lowered.get("temakode")
    by_temakode = {str(t.temakode): t.code for t in NATUR_TYPES.values()}
    guessed = [by_temakode.get(values.code_text(v) or "") for v in frame[column]] if column else []
    if not guessed or all(value is None for value in guessed):
        codes = " · ".join(NATUR_TYPES)
        raise _error(
            f"Kan ikke se hvilken slags natur {path.name} indeholder; angiv --kind ({codes}).",
            f"Cannot tell which kind of nature {path.name} holds; give --kind ({codes}).",
        )
    return guessed


def _elnet_voltages(
    columns: dict[str, list], frame: gpd.GeoDataFrame, lowered: Mapping[str, str]
) -> None:
    """spaending_kv, spaendinger and spaendingsniveau from OSM's ``voltage`` (volts, ;-separated)
    where the file has no spaending_kv of its own."""
    source = lowered.get("voltage")
    lists = [values.voltages_kv(v) for v in frame[source]] if source else [[]] * len(frame)
    given = columns.get("spaending_kv")
    if given is None or all(value is None for value in given):
        columns["spaending_kv"] = [kv[0] if kv else None for kv in lists]
    if "spaendinger" not in columns or all(v is None for v in columns["spaendinger"]):
        columns["spaendinger"] = [
            "/".join(f"{v:g}" for v in kv) + " kV" if kv else None for kv in lists
        ]
    columns["spaendingsniveau"] = [values.voltage_level(kv) for kv in columns["spaending_kv"]]


def _geometry(frame: gpd.GeoDataFrame, kind: ReferenceKind, path: Path) -> gpd.GeoSeries:
    if frame.crs is None:
        raise _error(
            f"Filen {path.name} angiver intet koordinatsystem.",
            f"The file {path.name} declares no coordinate reference system.",
        )
    geometry = gpd.GeoSeries(
        shapely.force_2d(frame.geometry.values), crs=frame.crs, index=frame.index
    )
    geometry = geometry.to_crs(CRS) if geometry.crs != CRS else geometry
    invalid = ~geometry.is_valid & ~(geometry.isna() | geometry.is_empty)
    if invalid.any():
        geometry.loc[invalid] = shapely.make_valid(
            geometry[invalid].values, method="structure", keep_collapsed=False
        )
    shapes = geometry.geom_type.map(SHAPE_OF)
    wrong = shapes.notna() & ~shapes.isin(list(kind.shapes))
    other = geometry.notna() & ~geometry.is_empty & shapes.isna()
    if wrong.any() or other.any():
        found = ", ".join(sorted(set(geometry[wrong | other].geom_type)))
        takes = ", ".join(s.value for s in kind.shapes)
        raise _error(
            f"Filen {path.name} har geometrier af typen {found}; {kind.name} tager {takes}.",
            f"The file {path.name} has {found} geometries; {kind.name} takes {takes}.",
        )
    return geometry


def read_reference_file(
    kind_name: str,
    path: Path,
    field_map: Mapping[str, str] | None = None,
    natur_kind: str | None = None,
    synlighed: Visibility | None = None,
) -> ReadResult:
    """The file as the objects of one kind, or ReferenceImportError (nothing is stored here).

    `synlighed` forces every object's visibility (ERST's per-import choice); None applies the
    kind's rule. An object the file marks as anything but ``offentlig`` is never made public.
    """
    kind = KINDS[kind_name]
    path = Path(path)
    frame = read_source(path)
    if len(frame) == 0:
        raise _error(
            f"Filen {path.name} indeholder ingen objekter.",
            f"The file {path.name} contains no features.",
        )
    frame = frame.rename(columns={s: t for s, t in (field_map or {}).items() if s in frame.columns})
    frame = frame.loc[:, ~frame.columns.duplicated(keep="last")].reset_index(drop=True)
    lowered = {str(c).lower(): c for c in frame.columns if c != frame.geometry.name}
    geometry = _geometry(frame, kind, path)
    columns, absent = _column_values(kind, frame, lowered)
    if kind.name == "natur":
        columns["natur_type"] = (
            columns["natur_type"]
            if not natur_kind and "natur_type" in columns
            else _natur_types(frame, lowered, natur_kind, path)
        )
        absent = [name for name in absent if name != "natur_type"]
    if kind.name == "elnet":
        _elnet_voltages(columns, frame, lowered)
        absent = [
            name
            for name in absent
            if name not in ("spaending_kv", "spaendinger", "spaendingsniveau")
        ]
    if kind.type_by_shape and kind.type_by_shape[0] in absent:
        type_field, by_shape = kind.type_by_shape
        names: dict[Shape | None, str] = dict(by_shape)
        columns[type_field] = [names.get(SHAPE_OF.get(t)) for t in geometry.geom_type]
        absent.remove(type_field)
    missing = [name for name in kind.required if name in absent]
    if missing:
        raise _error(
            f"Filen {path.name} mangler felterne {', '.join(missing)} til {kind.name} "
            f"(brug --field-map kilde=mål).",
            f"The file {path.name} lacks the fields {', '.join(missing)} for {kind.name} "
            f"(use --field-map source=target).",
        )
    result = gpd.GeoDataFrame(
        {name: columns.get(name, [None] * len(frame)) for name in kind.field_names},
        geometry=geometry.values,
        crs=CRS,
    )
    result["synlighed"] = _visibility(kind, result, frame, lowered, synlighed)
    usable = ~(result.geometry.isna() | result.geometry.is_empty)
    reasons = [] if usable.all() else [f"{int((~usable).sum())} uden geometri / without geometry"]
    for name in kind.required:
        lacking = usable & result[name].isna()
        if lacking.any():
            reasons.append(f"{int(lacking.sum())} uden / without {name}")
        usable &= ~lacking
    kept = result.loc[usable].reset_index(drop=True)
    if kept.empty:
        raise _error(
            f"Filen {path.name} har ingen brugbare objekter til {kind.name} "
            f"({'; '.join(reasons)}).",
            f"The file {path.name} has no usable features for {kind.name} ({'; '.join(reasons)}).",
        )
    if kind.dissolve_by:
        kept = _dissolved(kept, kind.dissolve_by)
    return ReadResult(kept, int((~usable).sum()), reasons)


def _visibility(
    kind: ReferenceKind,
    result: gpd.GeoDataFrame,
    source: gpd.GeoDataFrame,
    lowered: Mapping[str, str],
    forced: Visibility | None,
) -> list[str]:
    marked = lowered.get("synlighed")
    marks = [values.code_text(v) for v in source[marked]] if marked else [None] * len(result)
    decided = []
    for record, mark in zip(result.drop(columns="geometry").to_dict("records"), marks):
        visibility = forced or kind.visibility.decide(record)
        if marked and mark != Visibility.OFFENTLIG.value:
            visibility = Visibility.MYNDIGHEDER
        decided.append(visibility.value)
    return decided


def _dissolved(frame: gpd.GeoDataFrame, by: str) -> gpd.GeoDataFrame:
    dissolved = frame.dissolve(by=by, aggfunc="first", as_index=False)
    dissolved["geometry"] = [
        shapely.MultiPolygon(shapely.get_parts(g)) if g.geom_type == "Polygon" else g
        for g in dissolved.geometry
    ]
    return dissolved[frame.columns]
