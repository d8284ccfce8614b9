"""What the rules read: one layer of a submission as columns, the reference layers, the run's
settings. Plain containers; the publisher and the QGIS plugin fill them from their own readers."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Sequence

from ..geometry import Geometry, GeometryAdapter, ReferenceIndex
from ..schema import Layer
from .messages import Text
from .values import is_missing


@dataclass(frozen=True)
class NaturArea:
    kind: str
    """"natura2000", "paragraf3" or "fredning"."""
    navn: str
    geometry: Geometry


@dataclass(frozen=True)
class PlanArea:
    planid: str
    anvgen: str
    """Plandata anvendelse generel, e.g. "31"."""
    status: str
    """Plandata status: "V" vedtaget, "F" forslag, "A" aflyst."""
    navn: str
    geometry: Geometry
    plantype: str = "lokalplan"
    """"lokalplan" or "kommuneplanramme": R04 reads both, R05/R06 (a named lokalplan) only
    lokalplaner."""


@dataclass
class ReferenceSet:
    """Reference layers as adapter geometries (EPSG:25832).

    What the rules derive from them (the nature areas of one kind, a spatial index over the
    plans for business) is built on first use and kept with the set, so a set that lives as
    long as its process (the publisher's validation worker) builds each index once."""

    kommuner: dict[str, Geometry] = field(default_factory=dict)
    """Kommunekode → the whole kommune as one geometry."""
    natur: list[NaturArea] = field(default_factory=list)
    planer: list[PlanArea] = field(default_factory=list)
    """Lokalplaner and kommuneplanrammer."""
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """``build()`` the first time ``key`` is asked for, the same object after that."""
        with self._lock:
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]

    def index(
        self, adapter: GeometryAdapter, key: str, geometries: Callable[[], Sequence[Geometry]]
    ) -> ReferenceIndex:
        """The adapter's reference index over ``geometries()``, built once per set and key."""
        return self.derived(
            f"{type(adapter).__name__}:{key}", lambda: adapter.reference_index(geometries())
        )


@dataclass(frozen=True)
class RunLimits:
    """How much one run itemises and examines; every limit is reported when it bites."""

    findings_per_rule: int = 100
    """Findings itemised per rule and layer; the rest are counted in one S05 finding."""
    overlaps_per_object: int = 3
    """G10/G11 findings itemised per object; its further overlaps are counted in S05."""
    overlap_pairs_per_object: int = 20
    """Pairs of objects whose extents meet that the overlap check examines, per object of the
    layer on average (at least OVERLAP_PAIRS_FLOOR in all); more stops it with G12."""

    def overlap_candidates(self, count: int) -> int:
        return max(OVERLAP_PAIRS_FLOOR, self.overlap_pairs_per_object * count)


OVERLAP_PAIRS_FLOOR = 10_000


@dataclass
class LayerInput:
    """One layer of a submission, column by column."""

    layer: Layer
    columns: dict[str, list[Any]]
    """Field name → one value per feature, in feature order (unknown fields included)."""
    geometries: Sequence[Geometry]
    """One adapter geometry (or None) per feature; any indexable sequence the adapter accepts."""
    crs: str | None = None
    """The CRS the file declares, e.g. "EPSG:25832" or "OGC:CRS84"; None when it declares none."""

    @property
    def count(self) -> int:
        return len(self.geometries)


@dataclass
class RunSettings:
    adapter: GeometryAdapter
    kommune: str
    today: date
    references: ReferenceSet | None = None
    limits: RunLimits = field(default_factory=RunLimits)


class LayerState:
    """A layer while the rules run: geometries are replaced as they are reprojected and repaired."""

    def __init__(self, source: LayerInput):
        self.layer = source.layer
        self.name = source.layer.name
        self.columns = source.columns
        self.crs = source.crs
        self.geometries: list[Geometry] = list(source.geometries)
        """A copy: reprojection and repair replace geometries here, never in the input."""
        self.count = source.count
        self.usable = [True] * self.count
        """False where the geometry is missing, unrepairable or of the wrong type."""
        self.measures = [0.0] * self.count
        self.crs_known = True
        ids = source.columns.get("objekt_id")
        self.ids: list[str | None] = (
            [
                (value.strip() or None)
                if value.__class__ is str
                else None
                if is_missing(value)
                else str(value).strip()
                for value in ids
            ]
            if ids is not None
            else [None] * self.count
        )

    def usable_geometries(self) -> Sequence[Geometry]:
        """The geometries, with None where a geometry is not usable."""
        if all(self.usable):
            return self.geometries
        return [g if ok else None for g, ok in zip(self.geometries, self.usable)]

    def label(self, index: int) -> Text:
        """How a finding names another feature: its objekt_id, else its number."""
        objekt_id = self.ids[index]
        return (
            Text(objekt_id, objekt_id)
            if objekt_id
            else Text(f"nr. {index + 1}", f"no. {index + 1}")
        )

    def where(self, index: int) -> dict[str, Any]:
        """The location arguments of make_finding for feature ``index``."""
        return {"layer": self.name, "feature": index + 1, "objekt_id": self.ids[index]}


def layer_wide(state: LayerState) -> dict[str, Any]:
    return {"layer": state.name, "feature": None, "objekt_id": None}
