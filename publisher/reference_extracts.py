"""The reference layers ERST validates with, as the API hands them out (read-only).

``reference_listing`` says which kinds are loaded, from which sources, when, how many objects,
and a ``version`` per kind that changes with every import of it (the plugin refreshes its copy
when the version differs). ``reference_extract`` gives one kind exactly as the validator reads it
(``references.reference_frame``), optionally only the objects that meet a bounding box and/or a
kommune with a buffer, as a GeoPackage (EPSG:25832) or GeoJSON (RFC 7946, WGS84). Objects are
selected whole, never cut, so that a check on the extract measures the same shares as the
publisher's check on everything.

Every kind the store lists is served: kinds added to the store flow through without changes here.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

import shapely

from datamodel.messages import BilingualError

from .references import reference_frame
from .store.features import CRS
from .store.reference_layers import ReferenceImport, reference_imports

FORMATS = {"gpkg": "application/geopackage+sqlite3", "geojson": "application/geo+json"}
MAX_BUFFER_METRES = 50_000
"""The widest buffer around a kommune a client may ask for."""
DENMARK_BOUNDS = (400_000.0, 6_000_000.0, 950_000.0, 6_450_000.0)
"""EPSG:25832 box around Denmark (Bornholm and Christiansø included); a bbox must meet it."""


class ExtractRequestError(BilingualError, ValueError):
    """A parameter of an extract that cannot be used (HTTP 400)."""


class UnknownReferenceKind(BilingualError, LookupError):
    """No reference layer of that kind is loaded (HTTP 404)."""


@dataclass(frozen=True)
class ExtractRequest:
    kind: str
    format: str = "gpkg"
    bbox: tuple[float, float, float, float] | None = None
    """EPSG:25832 (xmin, ymin, xmax, ymax)."""
    kommune: str | None = None
    buffer: float = 0.0
    """Metres around the kommune."""


@dataclass(frozen=True)
class Extract:
    kind: str
    version: str
    media_type: str
    file_name: str
    content: bytes
    feature_count: int


def kind_version(imports: list[ReferenceImport], id_ranges: dict[str, tuple[int, int]]) -> str:
    """Changes whenever a source of the kind is imported, replaced or removed: the stored rows'
    ids (never reused) tell a re-import apart even within the second of the last one."""
    text = "\n".join(
        f"{item.source}|{item.file_name}|{item.feature_count}|{item.imported_at}|"
        f"{id_ranges.get(item.source)}"
        for item in sorted(imports, key=lambda item: item.source)
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _id_ranges(store) -> dict[str, dict[str, tuple[int, int]]]:
    """kind → source → (first, last) id of its stored rows."""
    with store.transaction() as tx:
        rows = tx.all(
            "SELECT kind, source, min(id), max(id) FROM reference_features GROUP BY kind, source"
        )
    ranges: dict[str, dict[str, tuple[int, int]]] = {}
    for kind, source, first, last in rows:
        ranges.setdefault(kind, {})[source] = (int(first), int(last))
    return ranges


def _imports_by_kind(store) -> dict[str, list[ReferenceImport]]:
    grouped: dict[str, list[ReferenceImport]] = {}
    for item in reference_imports(store):
        grouped.setdefault(item.kind, []).append(item)
    return grouped


def reference_listing(store) -> list[dict]:
    """One entry per loaded kind: version, total feature count, last import, the sources."""
    listing, ranges = [], _id_ranges(store)
    for kind, imports in _imports_by_kind(store).items():
        listing.append(
            {
                "kind": kind,
                "version": kind_version(imports, ranges.get(kind, {})),
                "crs": CRS,
                "feature_count": sum(item.feature_count for item in imports),
                "imported_at": max(item.imported_at for item in imports),
                "sources": [
                    {
                        "source": item.source,
                        "file_name": item.file_name,
                        "feature_count": item.feature_count,
                        "imported_at": item.imported_at,
                    }
                    for item in imports
                ],
            }
        )
    return listing


def extract_request(
    kind: str,
    chosen_format: str = "gpkg",
    bbox: str | None = None,
    kommune: str | None = None,
    buffer: float = 0,
) -> ExtractRequest:
    """The request's values checked together (the API's model checks each on its own)."""
    if chosen_format not in FORMATS:
        raise ExtractRequestError(
            f"format skal være {' eller '.join(FORMATS)}, ikke {chosen_format!r}.",
            f"format must be {' or '.join(FORMATS)}, not {chosen_format!r}.",
        )
    if not 0 <= buffer <= MAX_BUFFER_METRES:
        raise ExtractRequestError(
            f"buffer skal være mellem 0 og {MAX_BUFFER_METRES} meter, ikke {buffer:g}.",
            f"buffer must be between 0 and {MAX_BUFFER_METRES} metres, not {buffer:g}.",
        )
    if buffer and kommune is None:
        raise ExtractRequestError("buffer kræver kommune.", "buffer needs kommune.")
    return ExtractRequest(kind, chosen_format, _bbox(bbox) if bbox else None, kommune, buffer)


def _number(text: str, name: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise ExtractRequestError(
            f"{name} skal være et tal, ikke {text!r}.", f"{name} must be a number, not {text!r}."
        )
    return value


def _bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    numbers = [_number(part, "bbox") for part in parts] if len(parts) == 4 else []
    if len(numbers) != 4 or numbers[0] >= numbers[2] or numbers[1] >= numbers[3]:
        raise ExtractRequestError(
            f"bbox skal være xmin,ymin,xmax,ymax i EPSG:25832, ikke {text!r}.",
            f"bbox must be xmin,ymin,xmax,ymax in EPSG:25832, not {text!r}.",
        )
    if not shapely.box(*numbers).intersects(shapely.box(*DENMARK_BOUNDS)):
        raise ExtractRequestError(
            f"bbox {text!r} ligger ikke i Danmark; angiv den i EPSG:25832 (meter).",
            f"bbox {text!r} is not in Denmark; give it in EPSG:25832 (metres).",
        )
    xmin, ymin, xmax, ymax = numbers
    return xmin, ymin, xmax, ymax


def _area(store, request: ExtractRequest):
    """The area objects must meet: the bbox and/or the kommune with its buffer; None for all."""
    area = shapely.box(*request.bbox) if request.bbox else None
    if request.kommune is None:
        return area
    kommuner = reference_frame(store, "kommunegraenser")
    own = None if kommuner is None else kommuner.loc[kommuner["kommunekode"] == request.kommune]
    if own is None or own.empty:
        raise ExtractRequestError(
            f"Kommune {request.kommune} findes ikke i de indlæste kommunegrænser.",
            f"Kommune {request.kommune} is not in the loaded municipal boundaries.",
        )
    shape = shapely.union_all(own.geometry.values)
    if request.buffer:
        shape = shape.buffer(request.buffer)
    return shape if area is None else shape.intersection(area)


def reference_extract(store, request: ExtractRequest) -> Extract:
    """One kind (whole objects meeting the requested area) in the requested format."""
    imports = _imports_by_kind(store).get(request.kind, [])
    frame = reference_frame(store, request.kind) if imports else None
    if frame is None:
        raise UnknownReferenceKind(
            f"Referencelaget {request.kind!r} er ikke indlæst.",
            f"The reference layer {request.kind!r} is not loaded.",
        )
    area = _area(store, request)
    if area is not None:
        hits = frame.sindex.query(area, predicate="intersects")
        frame = frame.iloc[sorted(hits)]
    frame = frame.reset_index(drop=True)
    version = kind_version(imports, _id_ranges(store).get(request.kind, {}))
    if request.format == "geojson":
        content = frame.to_crs("OGC:CRS84").to_json(drop_id=True, na="null").encode("utf-8")
    else:
        content = _geopackage(frame, request.kind)
    return Extract(
        request.kind,
        version,
        FORMATS[request.format],
        f"{request.kind}.{request.format}",
        content,
        len(frame),
    )


def _geopackage(frame, layer: str) -> bytes:
    import pyogrio

    with tempfile.TemporaryDirectory(prefix="overblikskort-reference-") as folder:
        path = Path(folder) / f"{layer}.gpkg"
        # GeoPackage 1.2, which the GDAL of QGIS 3.22 (3.6) reads without a warning.
        pyogrio.write_dataframe(
            frame,
            path,
            layer=layer,
            driver="GPKG",
            promote_to_multi=True,
            dataset_options={"VERSION": "1.2"},
        )
        return path.read_bytes()
