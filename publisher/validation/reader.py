"""Reading a submitted file (GeoPackage or GeoJSON) into columns, or saying clearly why not."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from datamodel import LAYERS
from datamodel.rules import LayerInput

GEOPACKAGE_MAGIC = b"SQLite format 3\x00"
DEFAULT_GEOJSON_LAYER = "erhvervsareal"


class UnreadableSubmission(Exception):
    """The file cannot be read at all; nothing in it was validated."""

    def __init__(self, message_da: str, message_en: str):
        super().__init__(f"{message_da} / {message_en}")
        self.message_da = message_da
        self.message_en = message_en

    def message(self, language: str = "da") -> str:
        return self.message_da if language == "da" else self.message_en


@dataclass
class SubmittedLayer:
    source_name: str
    frame: gpd.GeoDataFrame
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
        raise UnreadableSubmission(
            f"Filen {path.name} kan ikke åbnes som {kind}: {error}",
            f"The file {path.name} cannot be opened as {kind}: {error}") from None
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
    known = [name for name in listed if name in LAYERS]
    submission.unknown_layers = [name for name in listed if name not in LAYERS]
    if not known:
        found = ", ".join(listed)
        raise UnreadableSubmission(
            f"GeoPackagen {path.name} har intet lag fra datamodellen (fandt: {found}); "
            "lagene skal hedde erhvervsareal, infrastruktur eller industripark_kandidat.",
            f"The GeoPackage {path.name} has no layer of the data model (found: {found}); "
            "layers must be named erhvervsareal, infrastruktur or industripark_kandidat.")
    submission.layers = [_read_layer(path, name, name) for name in known]
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


def _geojson_layer_name(found: str, path: Path) -> str:
    """A GeoJSON file is one layer: named by its "name" member, else by the file name."""
    for candidate in (found, path.stem):
        if candidate in LAYERS:
            return candidate
    return DEFAULT_GEOJSON_LAYER


def _read_layer(path: Path, source_name: str, layer_name: str) -> SubmittedLayer:
    try:
        frame = pyogrio.read_dataframe(path, layer=source_name)
    except Exception as error:
        raise UnreadableSubmission(
            f"Laget {source_name} i {path.name} kan ikke læses (filen er måske beskadiget): "
            f"{error}",
            f"The layer {source_name} in {path.name} cannot be read (the file may be damaged): "
            f"{error}") from None
    if not isinstance(frame, gpd.GeoDataFrame):
        frame = gpd.GeoDataFrame(frame, geometry=[None] * len(frame))
    geometries = frame.geometry.values.to_numpy()
    if len(geometries) and shapely.has_z(geometries).any():
        geometries = shapely.force_2d(geometries)
    columns = {name: frame[name].tolist() for name in frame.columns
               if name != frame.geometry.name}
    layer_input = LayerInput(LAYERS[layer_name], columns, geometries.tolist(),
                             crs=_crs_name(frame.crs))
    return SubmittedLayer(source_name, frame, layer_input)


def _crs_name(crs) -> str | None:
    if crs is None:
        return None
    authority = crs.to_authority()
    return ":".join(authority) if authority else crs.to_string()
