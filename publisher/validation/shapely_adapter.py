"""The rulebook's geometry adapter on shapely 2: vectorised ufuncs and STRtree."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import shapely
from pyproj import Transformer

from datamodel.geometry import Bounds, Coverage

TARGET_CRS = "EPSG:25832"
_TYPE_NAMES = {
    0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
    5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection",
}


def as_array(geometries: Sequence) -> np.ndarray:
    if isinstance(geometries, np.ndarray) and geometries.dtype == object:
        return geometries
    array = np.empty(len(geometries), dtype=object)
    array[:] = list(geometries)
    return array


def _measures(array: np.ndarray) -> np.ndarray:
    dimensions = shapely.get_dimensions(array)
    return np.where(dimensions == 2, shapely.area(array),
                    np.where(dimensions == 1, shapely.length(array),
                             np.where(dimensions == 0, shapely.get_num_geometries(array), 0.0)))


class ShapelyAdapter:
    """Implements datamodel.geometry.GeometryAdapter for shapely geometries."""

    def is_empty(self, geometries: Sequence) -> list[bool]:
        array = as_array(geometries)
        return (shapely.is_missing(array) | shapely.is_empty(array)).tolist()

    def invalidity_reasons(self, geometries: Sequence) -> list[str | None]:
        array = as_array(geometries)
        present = ~(shapely.is_missing(array) | shapely.is_empty(array))
        invalid = np.flatnonzero(present & ~shapely.is_valid(array))
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
        return _measures(as_array(geometries)).tolist()

    def total_bounds(self, geometries: Sequence) -> Bounds | None:
        bounds = shapely.total_bounds(as_array(geometries))
        return None if np.isnan(bounds).any() else tuple(float(value) for value in bounds)

    def reproject(self, geometries: Sequence, source_crs: str, swap_axes: bool = False) -> list:
        transformer = Transformer.from_crs(source_crs, TARGET_CRS, always_xy=True)

        def transform(coordinates: np.ndarray) -> np.ndarray:
            if swap_axes:
                coordinates = coordinates[:, ::-1]
            x, y = transformer.transform(coordinates[:, 0], coordinates[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(as_array(geometries), transform).tolist()

    def overlapping_pairs(self, geometries: Sequence) -> list[tuple[int, int, float]]:
        array = as_array(geometries)
        first, second = self.intersecting_pairs(array)
        if not len(first):
            return []
        areas = shapely.area(shapely.intersection(array[first], array[second]))
        keep = areas > 0
        return list(zip(first[keep].tolist(), second[keep].tolist(), areas[keep].tolist()))

    @staticmethod
    def intersecting_pairs(array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(i, j) with i < j for every pair of intersecting geometries (one STRtree query)."""
        tree = shapely.STRtree(array)
        first, second = tree.query(array, predicate="intersects")
        keep = first < second
        return first[keep], second[keep]

    def coverage(self, geometries: Sequence, references: Sequence) -> list[Coverage]:
        array, refs = as_array(geometries), as_array(references)
        count = len(array)
        if not count or not len(refs):
            return [Coverage(0.0)] * count
        # Query with the (few, large) references so that each is prepared once and tested
        # against the (many, small) geometries.
        ref_index, geom_index = shapely.STRtree(array).query(refs, predicate="intersects")
        shapely.prepare(refs)
        inside = shapely.contains_properly(refs[ref_index], array[geom_index])
        crossing = ~inside
        pair_measure = np.zeros(len(ref_index))
        pair_measure[crossing] = _measures(shapely.intersection(
            array[geom_index[crossing]], refs[ref_index[crossing]]))
        own = _measures(array)
        hit = inside | (pair_measure > 0)
        hits: dict[int, list[int]] = {}
        measured: dict[int, float] = {}
        for geom, ref, measure in zip(geom_index[hit].tolist(), ref_index[hit].tolist(),
                                      pair_measure[hit].tolist()):
            hits.setdefault(geom, []).append(ref)
            measured[geom] = measure
        fully = set(geom_index[inside].tolist())
        result = []
        for index in range(count):
            found = sorted(hits.get(index, ()))
            if index in fully or not found or own[index] <= 0:
                share = 1.0 if index in fully else 0.0
            elif len(found) == 1:
                share = measured[index] / own[index]
            else:
                union = shapely.union_all(refs[found])
                part = shapely.intersection(array[index], union)
                share = float(_measures(np.array([part], dtype=object))[0]) / own[index]
            result.append(Coverage(min(share, 1.0), tuple(found)))
        return result
