"""Geometry rules: coordinate system, empty, invalid, wrong type, duplicates and overlaps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..geometry import Bounds, TooManyCandidates
from ..layers import CRS
from .catalogue import RULES
from .context import LayerState, RunSettings, layer_wide
from .messages import Found, Omitted, Text, found, listing, number

DUPLICATE_SHARE = 0.95
"""Two geometries sharing more than this share of each one's area are duplicates (G10)."""
OVERLAP_MIN_M2 = 1.0
"""Overlaps smaller than this are digitising noise, not findings (G11)."""

# Plausible extents of Danish data (Bornholm and Christiansø included).
_UTM32_DK = (100_000.0, 5_950_000.0, 1_000_000.0, 6_450_000.0)
_LONLAT_DK = (7.0, 54.0, 16.0, 58.5)
_LATLON_DK = (54.0, 7.0, 58.5, 16.0)
_NATIVE = {CRS}
_GEOGRAPHIC = {"EPSG:4326", "OGC:CRS84", "CRS84", "EPSG:4258", "EPSG:4937"}

_POLYGONAL = {"Polygon", "MultiPolygon"}


@dataclass(frozen=True)
class CrsVerdict:
    action: str
    """"keep", "reproject" or "unknown"."""
    source_crs: str = ""
    swap_axes: bool = False
    what: Text | None = None


def _inside(bounds: Bounds, box: Bounds) -> bool:
    return (
        box[0] <= bounds[0] and box[1] <= bounds[1] and bounds[2] <= box[2] and bounds[3] <= box[3]
    )


def crs_verdict(declared: str | None, bounds: Bounds | None) -> CrsVerdict:
    """Decides from the declared CRS and the coordinates themselves what the layer is in."""
    declared = (declared or "").upper() or None
    if bounds is None:
        return CrsVerdict("keep")
    if declared is not None and declared not in _NATIVE | _GEOGRAPHIC:
        return CrsVerdict(
            "reproject",
            declared,
            what=Text(f"Laget var i {declared}.", f"The layer was in {declared}."),
        )
    if _inside(bounds, _UTM32_DK):
        if declared in _GEOGRAPHIC:
            return CrsVerdict(
                "keep",
                what=Text(
                    f"Laget angiver {declared}, men koordinaterne er i {CRS} og er læst sådan.",
                    f"The layer declares {declared}, but its coordinates are {CRS} and were read "
                    "as such.",
                ),
            )
        return CrsVerdict("keep")
    if _inside(bounds, _LONLAT_DK):
        return CrsVerdict(
            "reproject",
            "EPSG:4326",
            what=Text(
                "Koordinaterne var længde/bredde (WGS84).",
                "The coordinates were longitude/latitude (WGS84).",
            ),
        )
    if _inside(bounds, _LATLON_DK):
        return CrsVerdict(
            "reproject",
            "EPSG:4326",
            swap_axes=True,
            what=Text(
                "Koordinaterne var bredde/længde (WGS84 med ombyttede akser).",
                "The coordinates were latitude/longitude (WGS84 with swapped axes).",
            ),
        )
    return CrsVerdict("unknown")


def check_crs(state: LayerState, run: RunSettings) -> Iterator[Found]:
    bounds = run.adapter.total_bounds(state.geometries)
    verdict = crs_verdict(state.crs, bounds)
    if verdict.action == "unknown":
        state.crs_known = False
        shown = "(" + ", ".join(f"{value:.6g}" for value in bounds or ()) + ")"
        yield found(RULES["G06"], **layer_wide(state), field=None, bounds=shown)
        return
    if verdict.action == "reproject":
        state.geometries = run.adapter.reproject(
            state.geometries, verdict.source_crs, verdict.swap_axes
        )
    if verdict.what is not None:
        yield found(RULES["G05"], **layer_wide(state), field=None, fixed=True, what=verdict.what)


def check_empty_and_invalid(state: LayerState, run: RunSettings) -> Iterator[Found]:
    adapter = run.adapter
    for index, empty in enumerate(adapter.is_empty(state.geometries)):
        if empty:
            state.usable[index] = False
            yield found(RULES["G01"], **state.where(index), field=None)
    reasons = adapter.invalidity_reasons(state.usable_geometries())
    invalid = [index for index, reason in enumerate(reasons) if reason is not None]
    if not invalid:
        return
    repaired = adapter.repair([state.geometries[index] for index in invalid])
    types = adapter.geometry_types(repaired)
    areas = adapter.measures(repaired)
    allowed = set(state.layer.geometry_types)
    for index, geometry, kind, area in zip(invalid, repaired, types, areas):
        reason = reasons[index]
        if geometry is None or kind not in allowed:
            state.usable[index] = False
            yield found(RULES["G03"], **state.where(index), field=None, reason=reason)
            continue
        state.geometries[index] = geometry
        yield found(
            RULES["G02"],
            **state.where(index),
            field=None,
            fixed=True,
            reason=reason,
            area=number(area),
        )


def check_geometry_type(state: LayerState, run: RunSettings) -> Iterator[Found]:
    allowed = state.layer.geometry_types
    shown = listing(list(allowed), limit=len(allowed))
    types = run.adapter.geometry_types(state.usable_geometries())
    for index, kind in enumerate(types):
        if state.usable[index] and kind not in allowed:
            state.usable[index] = False
            yield found(RULES["G04"], **state.where(index), field=None, actual=kind, allowed=shown)
    state.measures = run.adapter.measures(state.usable_geometries())


def is_polygon_layer(state: LayerState) -> bool:
    return set(state.layer.geometry_types) <= _POLYGONAL


def check_duplicates_and_overlaps(state: LayerState, run: RunSettings) -> Iterator[Found | Omitted]:
    """G10 duplicates and G11 overlaps, each reported on the later object of the pair; at most
    ``overlaps_per_object`` per object are itemised, the rest counted. G12 when there are too
    many pairs to examine at all."""
    if not is_polygon_layer(state):
        return
    measures = state.measures
    limit = run.limits.overlap_candidates(state.count)
    shown: dict[int, int] = {}
    try:
        for first, second, area in run.adapter.overlapping_pairs(state.usable_geometries(), limit):
            smaller = min(measures[first], measures[second])
            larger = max(measures[first], measures[second])
            duplicate = larger > 0 and area > DUPLICATE_SHARE * larger
            if not duplicate and (area < OVERLAP_MIN_M2 or smaller <= 0):
                continue
            if shown.get(second, 0) >= run.limits.overlaps_per_object:
                yield Omitted("G10" if duplicate else "G11")
                continue
            shown[second] = shown.get(second, 0) + 1
            if duplicate:
                yield found(
                    RULES["G10"],
                    **state.where(second),
                    field=None,
                    other=state.label(first),
                    share=number(100 * area / larger),
                )
            else:
                yield found(
                    RULES["G11"],
                    **state.where(second),
                    field=None,
                    other=state.label(first),
                    area=number(area),
                )
    except TooManyCandidates as too_many:
        yield found(RULES["G12"], **layer_wide(state), field=None, limit=number(too_many.limit))
