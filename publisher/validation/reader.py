"""Reading a submitted file (GeoPackage or GeoJSON) into columns, or saying clearly why not."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence, cast

import numpy as np
import pyogrio
import pyogrio.raw
import shapely

from datamodel import LAYERS, FieldType
from datamodel.messages import BilingualError
from datamodel.rules import LayerInput

GEOPACKAGE_MAGIC = b"SQLite format 3\x00"
DEFAULT_GEOJSON_LAYER = "erhvervsareal"


class UnreadableSubmission(BilingualError):
    """The file cannot be read at all; nothing in it was validated."""


@dataclass
class SubmittedLayer:
    source_name: str
    arrays: dict[str, np.ndarray]
    """The attribute columns as read."""
    layer_input: LayerInput


@dataclass
class Submission:
    layers: list[SubmittedLayer] = field(default_factory=list)
    unknown_layers: list[str] = field(default_factory=list)
    assumed_layers: dict[str, str] = field(default_factory=dict)


def read_submission(path: Path) -> Submission:
    path = Path(path)
    kind = _sniff(path)
    try:
        listed = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as error:
        detail = _gdal_detail(error, path)
        raise UnreadableSubmission(
            f"Filen {path.name} kan ikke åbnes som {kind}; den er måske beskadiget eller "
            f"ufuldstændig (GDAL: {detail})",
            f"The file {path.name} cannot be opened as {kind}; it may be damaged or incomplete "
            f"(GDAL: {detail})") from None
    if not listed:
        raise UnreadableSubmission(f"Filen {path.name} indeholder ingen vektorlag.",
                                   f"The file {path.name} holds no vector layers.")
    submission = Submission()
    if kind == "GeoJSON":
        name = _geojson_layer_name(listed[0], path)
        if name != listed[0]:
            submission.assumed_layers[listed[0]] = name
        submission.layers.append(_read_layer(path, listed[0], name))
        return submission
    # "Erhvervsareal" and "ERHVERVSAREAL" are the planner's erhvervsareal.
    known = [name for name in listed if name.lower() in LAYERS]
    submission.unknown_layers = [name for name in listed if name.lower() not in LAYERS]
    if not known:
        found = ", ".join(listed)
        raise UnreadableSubmission(
            f"GeoPackagen {path.name} har intet lag fra datamodellen (fandt: {found}); "
            "lagene skal hedde erhvervsareal, infrastruktur eller industripark_kandidat.",
            f"The GeoPackage {path.name} has no layer of the data model (found: {found}); "
            "layers must be named erhvervsareal, infrastruktur or industripark_kandidat.")
    submission.layers = [_read_layer(path, name, name.lower()) for name in known]
    return submission


def _sniff(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError as error:
        raise UnreadableSubmission(f"Filen {path} kan ikke læses: {error.strerror}",
                                   f"The file {path} cannot be read: {error.strerror}") from None
    if not head:
        raise UnreadableSubmission(f"Filen {path.name} er tom.", f"The file {path.name} is empty.")
    if head.startswith(GEOPACKAGE_MAGIC):
        return "GeoPackage"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "GeoJSON"
    raise UnreadableSubmission(
        f"Filen {path.name} er hverken en GeoPackage eller GeoJSON.",
        f"The file {path.name} is neither a GeoPackage nor GeoJSON.")


def _gdal_detail(error: Exception, path: Path) -> str:
    """GDAL's own words, without the full path and the advice about drivers."""
    text = str(error).replace(str(path), path.name).replace(f"'{path.name}' ", "")
    return text.split("; It might help")[0].strip()


def _geojson_layer_name(found: str, path: Path) -> str:
    """A GeoJSON file is one layer: named by its "name" member, else by the file name."""
    for candidate in (found.lower(), path.stem.lower()):
        if candidate in LAYERS:
            return candidate
    return DEFAULT_GEOJSON_LAYER


def _read_layer(path: Path, source_name: str, layer_name: str) -> SubmittedLayer:
    """Reads through pyogrio's array interface: no DataFrame until the rules have run."""
    try:
        meta, _, wkb, arrays = pyogrio.raw.read(path, layer=source_name)
    except Exception as error:
        raise UnreadableSubmission(
            f"Laget {source_name} i {path.name} kan ikke læses; filen er måske beskadiget eller "
            f"ufuldstændig (GDAL: {_gdal_detail(error, path)})",
            f"The layer {source_name} in {path.name} cannot be read; the file may be damaged or "
            f"incomplete (GDAL: {_gdal_detail(error, path)})") from None
    layer = LAYERS[layer_name]
    count = len(wkb) if wkb is not None else (len(arrays[0]) if len(arrays) else 0)
    if wkb is None:
        geometries = np.full(count, None, dtype=object)
    else:
        geometries = shapely.from_wkb(wkb, on_invalid="ignore")
        declared_type = str(meta.get("geometry_type") or "Unknown")
        may_have_z = "Z" in declared_type or "Unknown" in declared_type
        if count and may_have_z and shapely.has_z(geometries).any():
            geometries = shapely.force_2d(geometries)
    declared = {field.name: field.type for field in layer.fields}
    arrays = {str(name): _as_declared(array, declared.get(str(name)))
              for name, array in zip(meta["fields"], arrays)}
    columns = {name: array.tolist() for name, array in arrays.items()}
    layer_input = LayerInput(layer, columns, cast(Sequence[Any], geometries),  # an object array
                             crs=meta.get("crs") or None)
    return SubmittedLayer(source_name, arrays, layer_input)


def _as_declared(array: np.ndarray, field_type: FieldType | None) -> np.ndarray:
    """Date-times in a date field become dates (the time of day is not part of the model)."""
    if field_type is FieldType.DATE and array.dtype.kind == "M":
        return array.astype("datetime64[D]")
    return array
