"""The geometry adapter protocol: everything the rulebook needs to know about geometries.

The rules never touch a geometry library. They call an adapter with whole sequences of the
adapter's own geometry objects, so an implementation can work vectorised (shapely 2 ufuncs and an
STRtree in the publisher; QgsGeometry and QgsSpatialIndex in the QGIS plugin). Both
implementations must give the same findings on the conformance cases in ``tests/conformance``.

Conventions every implementation follows:

* ``None`` stands for a missing or unreadable geometry and is accepted everywhere; functions
  return a neutral value for it (empty → True, type → "", area → 0.0, bounds → None).
* Coordinates are in metres (EPSG:25832) except where a CRS is named.
* "measure" is area for polygons, length for lines and 1 per point, so that shares of points and
  lines are defined as well.
* Work is bounded: ``overlapping_pairs`` stops with ``TooManyCandidates`` once the pairs to
  examine pass the caller's limit, before it has held them all; a reference index is built once
  per set of references and then answers any number of ``coverage`` questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

Geometry = Any
"""A geometry object of the adapter's own library (shapely geometry, QgsGeometry, ...)."""

Bounds = tuple[float, float, float, float]
"""(xmin, ymin, xmax, ymax)."""

ReferenceIndex = Any
"""What ``GeometryAdapter.reference_index`` builds: the adapter's own spatial index and prepared
geometries over one sequence of references."""


class TooManyCandidates(Exception):
    """``overlapping_pairs`` found more candidate pairs than its limit allows; nothing was
    yielded."""

    def __init__(self, limit: int):
        super().__init__(f"more than {limit} candidate pairs")
        self.limit = limit


@dataclass(frozen=True)
class Coverage:
    """How much of one geometry is covered by a set of reference geometries."""

    share: float
    """Measure of the geometry inside the union of the references it meets, divided by its own
    measure (0.0–1.0). 0.0 for an empty geometry."""
    hits: tuple[int, ...] = field(default_factory=tuple)
    """Indices (into the reference sequence) of the references whose interior the geometry
    shares more than a boundary with, in ascending order."""


class GeometryAdapter(Protocol):
    def is_empty(self, geometries: Sequence[Geometry]) -> list[bool]:
        """True for None and for geometries without any coordinate."""

    def invalidity_reasons(self, geometries: Sequence[Geometry]) -> list[str | None]:
        """None for a valid (or empty) geometry, else the library's reason, e.g.
        "Self-intersection[12.5 7.25]"."""

    def repair(self, geometries: Sequence[Geometry]) -> list[Geometry | None]:
        """Repairs each geometry keeping its dimension (GEOS make_valid, method "structure",
        collapsed parts dropped). None where nothing valid remains."""

    def geometry_types(self, geometries: Sequence[Geometry]) -> list[str]:
        """OGC type names without Z/M suffix: "Polygon", "MultiPolygon", "Point", ... ("" for None)."""

    def measures(self, geometries: Sequence[Geometry]) -> list[float]:
        """Area (polygons), length (lines) or number of points, in the units of the coordinates."""

    def total_bounds(self, geometries: Sequence[Geometry]) -> Bounds | None:
        """Bounds over all non-empty geometries, None when there are none."""

    def reproject(
        self, geometries: Sequence[Geometry], source_crs: str, swap_axes: bool = False
    ) -> list[Geometry | None]:
        """Geometries transformed from ``source_crs`` (e.g. "EPSG:4326", as x = longitude,
        y = latitude) to EPSG:25832. ``swap_axes`` first exchanges x and y (for files written
        with latitude first)."""

    def overlapping_pairs(
        self, geometries: Sequence[Geometry], max_candidates: int
    ) -> Iterable[tuple[int, int, float]]:
        """(i, j, area of the intersection) for every pair i < j whose areas intersect with a
        positive area, in ascending order of (i, j), found through a spatial index. Polygonal
        geometries only.

        Candidates are the pairs i < j whose bounding boxes intersect. When there are more than
        ``max_candidates`` of them the iteration raises TooManyCandidates before it yields
        anything; memory stays bounded by the limit, never by the square of the count."""

    def reference_index(self, references: Sequence[Geometry]) -> ReferenceIndex:
        """An index over the references (spatial index, prepared geometries), built once and
        passed to ``coverage`` for every question about them."""

    def coverage(
        self, geometries: Sequence[Geometry], references: ReferenceIndex
    ) -> list[Coverage]:
        """For each geometry, the share covered by the indexed references and which of them it
        meets (indices into the sequence the index was built from)."""
