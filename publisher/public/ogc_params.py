"""The query parameters of OGC API Features requests, checked against what each resource takes.

A parameter a resource does not know answers 400 (Part 1, /req/core/query-param-unknown) rather
than being ignored: ``?kommunekode=0751`` must filter or fail, never return the whole country.
Property filters are the collection's queryables (equality, Part 1 /req/core/fc-filters); CRS
parameters follow Part 2 (``crs``, ``bbox-crs``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from datamodel import FieldType

from .ogc_collections import CollectionSpec

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_25832 = "http://www.opengis.net/def/crs/EPSG/0/25832"
SUPPORTED_CRS = {CRS84: "OGC:CRS84", EPSG_25832: "EPSG:25832"}
"""The CRSs features can be had in (Part 2); CRS84 is the default, EPSG:25832 what Danish GIS
users work in and what the data are stored in."""
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
FORMATS = ("json", "html")
DOCUMENT_PARAMETERS = frozenset({"f"})
"""What the landing page, conformance and collection documents take."""
ITEMS_PARAMETERS = frozenset({"f", "limit", "offset", "cursor", "bbox", "bbox-crs", "crs"})
ITEM_PARAMETERS = frozenset({"f", "crs"})


class OgcError(Exception):
    def __init__(self, status: int, code: str, da: str, en: str):
        super().__init__(en)
        self.status, self.code, self.da, self.en = status, code, da, en

    def body(self) -> dict:
        return {"code": self.code, "description": f"{self.da} / {self.en}"}


def invalid(da: str, en: str) -> OgcError:
    return OgcError(400, "InvalidParameterValue", da, en)


def response_format(args: Mapping[str, str]) -> str | None:
    raw = args.get("f")
    if raw in (None, ""):
        return None
    if raw == "geojson":
        return "json"
    if raw not in FORMATS:
        raise invalid(
            f"f skal være json eller html, ikke {raw!r}.", f"f must be json or html, not {raw!r}."
        )
    return raw


def check_known(
    args: Mapping[str, str], known: Iterable[str], tolerated: Iterable[str] = ()
) -> None:
    """400 for a parameter the resource does not know. `tolerated` parameters (a collection's
    queryables on its own documents, which QGIS carries along from its connection URL) pass."""
    allowed = set(known) | set(tolerated)
    unknown = sorted(set(args) - allowed)
    if unknown:
        listed = ", ".join(sorted(allowed))
        raise OgcError(
            400,
            "InvalidParameterValue",
            f"Ukendt parameter: {', '.join(unknown)}. Kendte parametre: {listed}.",
            f"Unknown parameter: {', '.join(unknown)}. Known parameters: {listed}.",
        )


def _integer(args, name: str, default: int, minimum: int, maximum: int | None) -> int:
    raw = args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise invalid(
            f"{name} skal være et heltal på mindst {minimum}, ikke {raw!r}.",
            f"{name} must be an integer of at least {minimum}, not {raw!r}.",
        )
    return min(value, maximum) if maximum else value


def crs_parameter(args, name: str = "crs") -> str:
    raw = args.get(name)
    if raw in (None, ""):
        return CRS84
    uri = raw.strip("<>")
    if uri not in SUPPORTED_CRS:
        supported = ", ".join(SUPPORTED_CRS)
        raise invalid(
            f"{name} skal være en af {supported}, ikke {raw!r}.",
            f"{name} must be one of {supported}, not {raw!r}.",
        )
    return uri


def _bbox(args, bbox_crs: str) -> tuple[float, float, float, float] | None:
    raw = args.get("bbox")
    if raw in (None, ""):
        if args.get("bbox-crs"):
            raise invalid("bbox-crs kræver en bbox.", "bbox-crs needs a bbox.")
        return None
    try:
        numbers = [float(part) for part in raw.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) == 6:
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    axes = (
        "minLon,minLat,maxLon,maxLat (CRS84)"
        if bbox_crs == CRS84
        else "minX,minY,maxX,maxY (bbox-crs)"
    )
    if (
        len(numbers) != 4
        or not all(math.isfinite(n) for n in numbers)
        or numbers[0] > numbers[2]
        or numbers[1] > numbers[3]
    ):
        raise invalid(f"bbox skal være {axes}, ikke {raw!r}.", f"bbox must be {axes}, not {raw!r}.")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _filter_value(spec: CollectionSpec, name: str, raw: str):
    declared = spec.field(name)
    kind = declared.type if declared else FieldType.TEXT
    if (
        declared is not None
        and declared.codelist is not None
        and declared.codelist in spec.codelists
    ):
        values = [code.value for code in spec.codelists[declared.codelist].codes]
        if raw not in values:
            raise invalid(
                f"{name} skal være en af {', '.join(values)}, ikke {raw!r}.",
                f"{name} must be one of {', '.join(values)}, not {raw!r}.",
            )
    try:
        if kind == FieldType.INTEGER:
            return int(raw)
        if kind == FieldType.REAL:
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError(raw)
            return value
        if kind == FieldType.BOOLEAN:
            return {"true": True, "false": False}[raw.lower()]
    except (ValueError, KeyError):
        words = {
            FieldType.INTEGER: ("et heltal", "an integer"),
            FieldType.REAL: ("et tal", "a number"),
            FieldType.BOOLEAN: ("true eller false", "true or false"),
        }[kind]
        raise invalid(
            f"{name} skal være {words[0]}, ikke {raw!r}.",
            f"{name} must be {words[1]}, not {raw!r}.",
        ) from None
    return raw


@dataclass(frozen=True)
class ItemsQuery:
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    cursor: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    bbox_crs: str = CRS84
    crs: str = CRS84
    filters: tuple[tuple[str, object], ...] = field(default_factory=tuple)
    """(queryable, value) pairs, all of which must hold."""

    def link_parameters(self) -> dict[str, str]:
        """This query's parameters as a next/prev link carries them (without paging)."""
        params: dict[str, str] = {"limit": str(self.limit)}
        if self.bbox is not None:
            params["bbox"] = ",".join(f"{v:g}" for v in self.bbox)
            if self.bbox_crs != CRS84:
                params["bbox-crs"] = self.bbox_crs
        if self.crs != CRS84:
            params["crs"] = self.crs
        for name, value in self.filters:
            params[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return params


def items_query(args: Mapping[str, str], spec: CollectionSpec) -> ItemsQuery:
    check_known(args, ITEMS_PARAMETERS | set(spec.queryables))
    response_format(args)
    cursor = args.get("cursor")
    if cursor not in (None, "") and not cursor.isdigit():
        raise invalid(
            f"cursor skal være den værdi, et next-link giver, ikke {cursor!r}.",
            f"cursor must be the value a next link gives, not {cursor!r}.",
        )
    bbox_crs = crs_parameter(args, "bbox-crs")
    filters = tuple(
        (name, _filter_value(spec, name, args[name])) for name in spec.queryables if name in args
    )
    return ItemsQuery(
        limit=_integer(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_integer(args, "offset", 0, 0, None),
        cursor=int(cursor) if cursor else None,
        bbox=_bbox(args, bbox_crs),
        bbox_crs=bbox_crs,
        crs=crs_parameter(args),
        filters=filters,
    )
