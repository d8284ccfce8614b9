"""The rulebook's geometry adapter on shapely 2: vectorised ufuncs and STRtree."""
from __future__ import annotations

from typing import Iterator, Sequence

import numpy as np
import shapely
from pyproj import Transformer

from datamodel.geometry import Bounds, Coverage, TooManyCandidates

from .coverage import ReferenceIndex, covered_shares, measures_of, vertex_chunks

TARGET_CRS = "EPSG:25832"
QUERY_PAIRS = 2_000_000
"""Pairs one STRtree query of the overlap check may return at most (32 MB of indices)."""
_TYPE_NAMES = {
    0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
    5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection",
}


def as_array(geometries: Sequence) -> np.ndarray:
    if isinstance(geometries, np.ndarray) and geometries.dtype == object:
        return geometries
    return np.fromiter(geometries, dtype=object, count=len(geometries))


class ShapelyAdapter:
    """Implements datamodel.geometry.GeometryAdapter for shapely geometries."""

    def is_empty(self, geometries: Sequence) -> list[bool]:
        array = as_array(geometries)
        return (shapely.is_missing(array) | shapely.is_empty(array)).tolist()

    def invalidity_reasons(self, geometries: Sequence) -> list[str | None]:
        array = as_array(geometries)
        # GEOS holds empty geometries valid; only None needs masking.
        invalid = np.flatnonzero(~shapely.is_missing(array) & ~shapely.is_valid(array))
        reasons: list[str | None] = [None] * len(array)
        for index, reason in zip(invalid, shapely.is_valid_reason(array[invalid])):
            reasons[index] = reason
        return reasons

    def repair(self, geometries: Sequence) -> list:
        array = as_array(geometries)
        repaired = shapely.make_valid(array, method="structure", keep_collapsed=False)
        unusable = (shapely.is_missing(repaired) | shapely.is_empty(repaired)
                    | ~shapely.is_valid(repaired))
        repaired[unusable] = None
        return repaired.tolist()

    def geometry_types(self, geometries: Sequence) -> list[str]:
        return [_TYPE_NAMES.get(type_id, "") for type_id in
                shapely.get_type_id(as_array(geometries)).tolist()]

    def measures(self, geometries: Sequence) -> list[float]:
        return measures_of(as_array(geometries)).tolist()

    def total_bounds(self, geometries: Sequence) -> Bounds | None:
        array = as_array(geometries)
        if len(array) == 0:
            return None
        bounds = shapely.total_bounds(array)
        return None if np.isnan(bounds).any() else tuple(float(value) for value in bounds)

    def reproject(self, geometries: Sequence, source_crs: str, swap_axes: bool = False) -> list:
        transformer = Transformer.from_crs(source_crs, TARGET_CRS, always_xy=True)

        def transform(coordinates: np.ndarray) -> np.ndarray:
            if swap_axes:
                coordinates = coordinates[:, ::-1]
            count = len(coordinates)
            if count == 1:  # pyproj would take one coordinate for a scalar (deprecated in numpy)
                coordinates = np.repeat(coordinates, 2, axis=0)
            x, y = transformer.transform(coordinates[:, 0], coordinates[:, 1])
            return np.column_stack([x, y])[:count]

        return shapely.transform(as_array(geometries), transform).tolist()

    def overlapping_pairs(self, geometries: Sequence, max_candidates: int
                          ) -> Iterator[tuple[int, int, float]]:
        array = as_array(geometries)
        first, second = self.candidate_pairs(array, max_candidates)
        order = np.lexsort((second, first))
        first, second = first[order], second[order]
        shapely.prepare(array[np.unique(first)])
        vertices = shapely.get_num_coordinates(array)
        for chunk in vertex_chunks(vertices[first] + vertices[second]):
            left, right = array[first[chunk]], array[second[chunk]]
            meeting = np.flatnonzero(shapely.intersects(left, right))
            areas = shapely.area(shapely.intersection(left[meeting], right[meeting]))
            positive = areas > 0
            yield from zip(first[chunk][meeting][positive].tolist(),
                           second[chunk][meeting][positive].tolist(), areas[positive].tolist())

    @staticmethod
    def candidate_pairs(array: np.ndarray, max_candidates: int
                        ) -> tuple[np.ndarray, np.ndarray]:
        """(i, j) with i < j for every pair whose bounding boxes intersect, or
        TooManyCandidates as soon as there are more than ``max_candidates``. The tree is asked
        for a few geometries at a time, so that no single answer can hold more than
        ``max(max_candidates, QUERY_PAIRS)`` pairs however the geometries lie."""
        count = len(array)
        if count < 2:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
        tree = shapely.STRtree(array)
        step = max(1, max(max_candidates, QUERY_PAIRS) // count)
        firsts, seconds, total = [], [], 0
        for start in range(0, count, step):
            query, found = tree.query(array[start:start + step])
            query += start
            later = found > query
            total += int(later.sum())
            if total > max_candidates:
                raise TooManyCandidates(max_candidates)
            firsts.append(query[later])
            seconds.append(found[later])
        return np.concatenate(firsts), np.concatenate(seconds)

    def reference_index(self, references: Sequence) -> "ReferenceIndex":
        return ReferenceIndex.build(as_array(references))

    def coverage(self, geometries: Sequence, references: "ReferenceIndex") -> list[Coverage]:
        return covered_shares(as_array(geometries), references)
