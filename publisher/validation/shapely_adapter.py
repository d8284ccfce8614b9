"""The rulebook's geometry adapter on shapely 2: vectorised ufuncs and STRtree."""
from __future__ import annotations

from typing import Sequence

import numpy as np
import shapely
from pyproj import Transformer

from datamodel import CRS as TARGET_CRS
from datamodel.geometry import Bounds, Coverage

DIRECT_REFERENCE_LIMIT = 4
"""Up to this many references are tested directly; more go through an STRtree."""
_TYPE_NAMES = {
    0: "Point", 1: "LineString", 2: "LinearRing", 3: "Polygon", 4: "MultiPoint",
    5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection",
}


def as_array(geometries: Sequence) -> np.ndarray:
    if isinstance(geometries, np.ndarray) and geometries.dtype == object:
        return geometries
    return np.fromiter(geometries, dtype=object, count=len(geometries))


def _measures(array: np.ndarray, dimensions: np.ndarray | None = None) -> np.ndarray:
    """Area, length or point count of each geometry; with ``dimensions``, measured in those
    (the area of a polygon's intersection that is only a shared edge is 0, not its length)."""
    if dimensions is None:
        dimensions = shapely.get_dimensions(array)
    result = np.zeros(len(array))
    for dimension, measure in ((2, shapely.area), (1, shapely.length),
                               (0, shapely.get_num_geometries)):
        chosen = dimensions == dimension
        if chosen.any():
            result[chosen] = measure(array[chosen])
    return result


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
        return _measures(as_array(geometries)).tolist()

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
        ref_index, geom_index, inside = self._intersecting(array, refs)
        crossing = ~inside
        pair_measure = np.zeros(len(ref_index))
        crossing_geoms = array[geom_index[crossing]]
        pair_measure[crossing] = _measures(
            shapely.intersection(crossing_geoms, refs[ref_index[crossing]]),
            shapely.get_dimensions(crossing_geoms))
        hit = inside | (pair_measure > 0)
        hit_count = np.bincount(geom_index[hit], minlength=count)
        result = np.full(count, Coverage(0.0), dtype=object)
        # The common case, vectorised: inside exactly one reference and touching no other.
        simple = inside & (hit_count[geom_index] == 1)
        for ref in np.unique(ref_index[simple]).tolist():
            result[geom_index[simple & (ref_index == ref)]] = Coverage(1.0, (ref,))
        rest = hit & ~simple
        hits: dict[int, list[int]] = {}
        measured: dict[int, float] = {}
        for geom, ref, measure in zip(geom_index[rest].tolist(), ref_index[rest].tolist(),
                                      pair_measure[rest].tolist()):
            hits.setdefault(geom, []).append(ref)
            measured[geom] = measure
        fully = set(geom_index[rest & inside].tolist())
        partly = [index for index in hits if index not in fully]
        own = dict(zip(partly, _measures(array[partly]).tolist()))
        for index, found in hits.items():
            found.sort()
            if index in fully:
                result[index] = Coverage(1.0, tuple(found))
                continue
            if own[index] <= 0:
                share = 0.0
            elif len(found) == 1:
                share = measured[index] / own[index]
            else:
                part = shapely.intersection(array[index], shapely.union_all(refs[found]))
                share = float(_measures(np.array([part], dtype=object), shapely.get_dimensions(
                    array[index:index + 1]))[0]) / own[index]
            result[index] = Coverage(min(share, 1.0), tuple(found))
        return result.tolist()

    @staticmethod
    def _intersecting(array: np.ndarray, refs: np.ndarray
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(reference index, geometry index, geometry properly inside the reference) of every
        intersecting pair."""
        shapely.prepare(refs)
        if len(refs) <= DIRECT_REFERENCE_LIMIT:
            # A few large references (one kommune): test each, prepared, against all geometries;
            # most lie properly inside, and only the others need the intersects test.
            refs_found, geoms_found, inside_found = [], [], []
            for ref in range(len(refs)):
                inside = shapely.contains_properly(refs[ref], array)
                rest = np.flatnonzero(~inside)
                touching = rest[shapely.intersects(refs[ref], array[rest])]
                found = np.concatenate([np.flatnonzero(inside), touching]).astype(np.intp)
                refs_found.append(np.full(len(found), ref, dtype=np.intp))
                geoms_found.append(found)
                inside_found.append(np.arange(len(found)) < int(inside.sum()))
            return (np.concatenate(refs_found), np.concatenate(geoms_found),
                    np.concatenate(inside_found))
        # Query with the references so that each is prepared once against the tree.
        ref_index, geom_index = shapely.STRtree(array).query(refs, predicate="intersects")
        return ref_index, geom_index, shapely.contains_properly(refs[ref_index],
                                                                array[geom_index])
