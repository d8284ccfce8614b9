"""The rulebook's geometry adapter on shapely 2: vectorised ufuncs and STRtree."""

from __future__ import annotations

from collections import deque
from typing import Iterator, Sequence

import numpy as np
import shapely
from pyproj import Transformer

from datamodel import CRS as TARGET_CRS
from datamodel.geometry import Bounds, Coverage, TooManyCandidates

from .coverage import ReferenceIndex, covered_shares, measures_of, vertex_chunks

QUERY_PAIRS = 2_000_000
"""Pairs one STRtree query of the overlap check may return at most (32 MB of indices)."""
QUERY_BLOCK = 1024
"""Geometries the overlap check asks the tree about at once (fewer where they lie densely)."""
_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}


def _spatial_order(array: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """The indices of the present geometries, row by row over a grid of about one geometry per
    cell, so that a run of consecutive ones lies close together."""
    present = np.flatnonzero(~(shapely.is_missing(array) | shapely.is_empty(array)))
    if not len(present):
        return present
    x = (bounds[present, 0] + bounds[present, 2]) / 2
    y = (bounds[present, 1] + bounds[present, 3]) / 2
    width, height = np.ptp(x), np.ptp(y)
    cell = np.sqrt(width * height / len(present)) if width * height > 0 else max(width, height, 1.0)
    rows = np.floor((y - y.min()) / max(cell, 1e-9))
    return present[np.lexsort((x, rows))]


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
        unusable = (
            shapely.is_missing(repaired) | shapely.is_empty(repaired) | ~shapely.is_valid(repaired)
        )
        repaired[unusable] = None
        return repaired.tolist()

    def geometry_types(self, geometries: Sequence) -> list[str]:
        return [
            _TYPE_NAMES.get(type_id, "")
            for type_id in shapely.get_type_id(as_array(geometries)).tolist()
        ]

    def measures(self, geometries: Sequence) -> list[float]:
        return measures_of(as_array(geometries)).tolist()

    def total_bounds(self, geometries: Sequence) -> Bounds | None:
        array = as_array(geometries)
        if len(array) == 0:
            return None
        bounds = shapely.total_bounds(array)
        if np.isnan(bounds).any():
            return None
        xmin, ymin, xmax, ymax = (float(value) for value in bounds)
        return xmin, ymin, xmax, ymax

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

    def overlapping_pairs(
        self, geometries: Sequence, max_candidates: int
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
            yield from zip(
                first[chunk][meeting][positive].tolist(),
                second[chunk][meeting][positive].tolist(),
                areas[positive].tolist(),
            )

    @staticmethod
    def candidate_pairs(array: np.ndarray, max_candidates: int) -> tuple[np.ndarray, np.ndarray]:
        """(i, j) with i < j for every pair whose bounding boxes intersect, or
        TooManyCandidates as soon as there are more than ``max_candidates``.

        The tree is asked for a block of neighbouring geometries at a time. Before a block is
        asked, one query with the block's own extent counts the geometries near it; a block
        whose answer could hold more than ``max(max_candidates, QUERY_PAIRS)`` pairs is halved
        first. So no answer is ever larger than that, however the geometries lie."""
        tree = shapely.STRtree(array)
        bounds = shapely.bounds(array)
        order = _spatial_order(array, bounds)
        budget = max(max_candidates, QUERY_PAIRS)
        blocks = deque(
            (start, min(start + QUERY_BLOCK, len(order)))
            for start in range(0, len(order), QUERY_BLOCK)
        )
        firsts, seconds, total = [], [], 0
        while blocks:
            start, end = blocks.popleft()
            block = order[start:end]
            if end - start > 1:
                extent = shapely.box(*bounds[block, :2].min(axis=0), *bounds[block, 2:].max(axis=0))
                if (end - start) * len(tree.query(extent)) > budget:
                    middle = (start + end) // 2
                    blocks.extendleft(((middle, end), (start, middle)))
                    continue
            query, found = tree.query(array[block])
            query = block[query]
            later = found > query
            total += int(later.sum())
            if total > max_candidates:
                raise TooManyCandidates(max_candidates)
            firsts.append(query[later])
            seconds.append(found[later])
        if not firsts:
            return np.empty(0, dtype=np.intp), np.empty(0, dtype=np.intp)
        return np.concatenate(firsts), np.concatenate(seconds)

    def reference_index(self, references: Sequence) -> ReferenceIndex:
        return ReferenceIndex.build(as_array(references))

    def coverage(self, geometries: Sequence, references: ReferenceIndex) -> list[Coverage]:
        return covered_shares(as_array(geometries), references)
