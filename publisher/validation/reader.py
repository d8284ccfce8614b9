"""Reading a submitted file (GeoPackage or GeoJSON) into columns, or saying clearly why not.

The limits are enforced before the work they guard: the number of layers before any is read, a
layer's feature count before it is read whole (and the read itself stops one feature past the
limit, whatever the file claims), vertices before the rules run. Only a GeoPackage's tables are
layers: a view (a stored query, which can repeat one row a million times) is refused unread.
Messages name the file as its sender named it and never quote GDAL's SQL.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, cast
from urllib.parse import quote

import numpy as np
import pyogrio
import pyogrio.raw
import shapely

from datamodel import LAYERS, FieldType
from datamodel.rules import LayerInput
from datamodel.rules.messages import number

from .errors import TooComplex, UnreadableSubmission
from .limits import ValidationLimits

GEOPACKAGE_MAGIC = b"SQLite format 3\x00"
DEFAULT_GEOJSON_LAYER = "erhvervsareal"
_SQL_TEXT = re.compile(r"sqlite3_|\b(SELECT|PRAGMA|INSERT|UPDATE|DELETE|CREATE)\b", re.IGNORECASE)


@dataclass
class SubmittedLayer:
    source_name: str
    arrays: dict[str, np.ndarray]
    """The attribute columns as read."""
    layer_input: LayerInput
    vertices: int = 0


@dataclass
class Submission:
    layers: list[SubmittedLayer] = field(default_factory=list)
    unknown_layers: list[str] = field(default_factory=list)
    assumed_layers: dict[str, str] = field(default_factory=dict)


def read_submission(
    path: Path, limits: ValidationLimits, display_name: str | None = None
) -> Submission:
    """Reads the file at ``path``; messages call it ``display_name`` (the sender's name)."""
    path = Path(path)
    name = display_name or path.name
    kind = _sniff(path, name)
    try:
        listed = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as error:
        detail = _gdal_detail(error, path, name)
        raise UnreadableSubmission(
            f"Filen {name} kan ikke åbnes som {kind}; den er måske beskadiget eller "
            f"ufuldstændig ({detail[0]})",
            f"The file {name} cannot be opened as {kind}; it may be damaged or incomplete "
            f"({detail[1]})",
        ) from None
    if not listed:
        raise UnreadableSubmission(
            f"Filen {name} indeholder ingen vektorlag.", f"The file {name} holds no vector layers."
        )
    if len(listed) > limits.max_layers:
        raise TooComplex.because(
            name,
            f"den har {len(listed)} lag, og højst {limits.max_layers} er tilladt "
            f"(datamodellen har {len(LAYERS)}).",
            f"it has {len(listed)} layers, and at most {limits.max_layers} are allowed (the data "
            f"model has {len(LAYERS)}).",
        )
    submission = Submission()
    if kind == "GeoJSON":
        # Without a "name" member GDAL names the layer after the file: the sender's name.
        found = Path(name).stem if listed[0] == path.stem else listed[0]
        layer_name = _geojson_layer_name(found, name)
        if layer_name != found:
            submission.assumed_layers[found] = layer_name
        submission.layers.append(
            _read_layer(path, name, listed[0], layer_name, limits, shown_as=layer_name)
        )
        _check_total_vertices(submission, name, limits)
        return submission
    # "Erhvervsareal" and "ERHVERVSAREAL" are the planner's erhvervsareal.
    known = [layer for layer in listed if layer.lower() in LAYERS]
    submission.unknown_layers = [layer for layer in listed if layer.lower() not in LAYERS]
    if not known:
        found = ", ".join(listed)
        raise UnreadableSubmission(
            f"GeoPackagen {name} har intet lag fra datamodellen (fandt: {found}); "
            "lagene skal hedde erhvervsareal, infrastruktur eller industripark_kandidat.",
            f"The GeoPackage {name} has no layer of the data model (found: {found}); "
            "layers must be named erhvervsareal, infrastruktur or industripark_kandidat.",
        )
    _refuse_views(path, name, known)
    submission.layers = [_read_layer(path, name, layer, layer.lower(), limits) for layer in known]
    _check_total_vertices(submission, name, limits)
    return submission


def _sniff(path: Path, name: str) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as error:
        raise UnreadableSubmission(
            f"Filen {name} kan ikke læses: {error.strerror}",
            f"The file {name} cannot be read: {error.strerror}",
        ) from None
    if not head:
        raise UnreadableSubmission(f"Filen {name} er tom.", f"The file {name} is empty.")
    if head.startswith(GEOPACKAGE_MAGIC):
        return "GeoPackage"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "GeoJSON"
    raise UnreadableSubmission(
        f"Filen {name} er hverken en GeoPackage eller GeoJSON.",
        f"The file {name} is neither a GeoPackage nor GeoJSON.",
    )


def _gdal_detail(error: Exception, path: Path, name: str) -> tuple[str, str]:
    """GDAL's own words (Danish, English), with the sender's file name and without the advice
    about drivers; SQL that GDAL quotes is not shown."""
    text = str(error).replace(str(path), name).replace(path.name, name)
    text = text.replace(f"'{name}' ", "").split("; It might help")[0].strip()
    if _SQL_TEXT.search(text):
        return ("SQLite kunne ikke læse filens indhold", "SQLite could not read its content")
    return f"GDAL: {text}", f"GDAL: {text}"


def _refuse_views(path: Path, name: str, layers: list[str]) -> None:
    """Only tables are layers: a view or a virtual table is a query, run at read time."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as database:
            rows = database.execute(
                "SELECT name, type, sql FROM sqlite_master WHERE type IN ('table', 'view')"
            ).fetchall()
    except sqlite3.Error:
        raise UnreadableSubmission(
            f"Filen {name} kan ikke åbnes som GeoPackage; den er måske beskadiget.",
            f"The file {name} cannot be opened as a GeoPackage; it may be damaged.",
        ) from None
    queries = {
        str(row[0]).lower()
        for row in rows
        if row[1] == "view" or str(row[2] or "").upper().startswith("CREATE VIRTUAL")
    }
    for layer in layers:
        if layer.lower() in queries:
            raise UnreadableSubmission(
                f"Laget {layer} i {name} er et view (en gemt forespørgsel), ikke en tabel; kun "
                "tabeller læses. Gem laget som en almindelig tabel (fx med QGIS' 'Gem som').",
                f"The layer {layer} in {name} is a view (a stored query), not a table; only "
                "tables are read. Save the layer as an ordinary table (e.g. QGIS 'Save as').",
            )


def _check_total_vertices(submission: Submission, name: str, limits: ValidationLimits) -> None:
    total = sum(layer.vertices for layer in submission.layers)
    if total > limits.max_vertices:
        raise TooComplex.because(
            name,
            f"den har {number(total).da} punkter i alt, og højst "
            f"{number(limits.max_vertices).da} er tilladt.",
            f"it has {number(total).en} vertices in all, and at most "
            f"{number(limits.max_vertices).en} are allowed.",
        )


def _geojson_layer_name(found: str, file_name: str) -> str:
    """A GeoJSON file is one layer: named by its "name" member, else by the file name."""
    for candidate in (found.lower(), Path(file_name).stem.lower()):
        if candidate in LAYERS:
            return candidate
    return DEFAULT_GEOJSON_LAYER


def _read_layer(
    path: Path,
    name: str,
    source_name: str,
    layer_name: str,
    limits: ValidationLimits,
    shown_as: str | None = None,
) -> SubmittedLayer:
    """Reads through pyogrio's array interface: no DataFrame until the rules have run.
    Messages call the layer ``shown_as`` (default: its name in the file)."""
    shown = shown_as or source_name
    try:
        claimed = pyogrio.read_info(path, layer=source_name).get("features", -1)
        if claimed < 0:  # not recorded in the file: counted (a GeoPackage's COUNT(*))
            claimed = pyogrio.read_info(path, layer=source_name, force_feature_count=True).get(
                "features", -1
            )
        _check_features(claimed, name, shown, limits)
        meta, _, wkb, arrays = pyogrio.raw.read(
            path, layer=source_name, max_features=limits.max_features + 1
        )
    except TooComplex:
        raise
    except Exception as error:
        detail = _gdal_detail(error, path, name)
        raise UnreadableSubmission(
            f"Laget {shown} i {name} kan ikke læses; filen er måske beskadiget eller "
            f"ufuldstændig ({detail[0]})",
            f"The layer {shown} in {name} cannot be read; the file may be damaged or "
            f"incomplete ({detail[1]})",
        ) from None
    layer = LAYERS[layer_name]
    count = len(wkb) if wkb is not None else (len(arrays[0]) if len(arrays) else 0)
    _check_features(count, name, shown, limits, exact=count <= limits.max_features)
    vertices = 0
    if wkb is None:
        geometries = np.full(count, None, dtype=object)
    else:
        geometries = shapely.from_wkb(wkb, on_invalid="ignore")
        vertices = _check_vertices(geometries, name, shown, limits)
        declared_type = str(meta.get("geometry_type") or "Unknown")
        may_have_z = "Z" in declared_type or "Unknown" in declared_type
        if count and may_have_z and shapely.has_z(geometries).any():
            geometries = shapely.force_2d(geometries)
    declared = {field.name: field.type for field in layer.fields}
    arrays = {
        str(field_name): _as_declared(array, declared.get(str(field_name)))
        for field_name, array in zip(meta["fields"], arrays)
    }
    columns = {field_name: array.tolist() for field_name, array in arrays.items()}
    layer_input = LayerInput(
        layer,
        columns,
        cast(Sequence[Any], geometries),  # an object array
        crs=meta.get("crs") or None,
    )
    return SubmittedLayer(source_name, arrays, layer_input, vertices)


def _check_features(
    count: int, name: str, layer: str, limits: ValidationLimits, exact: bool = True
) -> None:
    """``exact``: ``count`` is the layer's count, not where a bounded read stopped."""
    if count > limits.max_features:
        shown = "" if exact else "flere end "
        shown_en = "" if exact else "more than "
        amount = count if exact else limits.max_features
        raise TooComplex.because(
            name,
            f"laget {layer} har {shown}{number(amount).da} objekter, og højst "
            f"{number(limits.max_features).da} er tilladt.",
            f"the layer {layer} has {shown_en}{number(amount).en} features, and at most "
            f"{number(limits.max_features).en} are allowed.",
        )


def _check_vertices(geometries: np.ndarray, name: str, layer: str, limits: ValidationLimits) -> int:
    """The layer's vertex count, once no geometry has more than the limit."""
    if not len(geometries):
        return 0
    counts = shapely.get_num_coordinates(geometries)
    worst = int(np.argmax(counts))
    if counts[worst] > limits.max_vertices_per_geometry:
        raise TooComplex.because(
            name,
            f"objekt nr. {worst + 1} i laget {layer} har {number(counts[worst]).da} "
            f"punkter, og højst {number(limits.max_vertices_per_geometry).da} er tilladt "
            "pr. geometri.",
            f"feature no. {worst + 1} in the layer {layer} has {number(counts[worst]).en} "
            f"vertices, and at most {number(limits.max_vertices_per_geometry).en} are allowed "
            "per geometry.",
        )
    return int(counts.sum())


def _as_declared(array: np.ndarray, field_type: FieldType | None) -> np.ndarray:
    """Date-times in a date field become dates (the time of day is not part of the model)."""
    if field_type is FieldType.DATE and array.dtype.kind == "M":
        return array.astype("datetime64[D]")
    return array
