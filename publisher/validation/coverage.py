"""How much of each geometry a set of references covers, vectorised over all geometries.

A ``ReferenceIndex`` (an STRtree over the references, which are prepared) is built once per
reference layer and answers every question about it. ``covered_shares`` then works on arrays of
(geometry, reference) pairs: one tree query for the candidates, prepared predicates to tell the
geometries properly inside a reference from those crossing it, intersections only for the
crossing ones, and one grouped union for the geometries that several references cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import shapely

from datamodel.geometry import Coverage

DIRECT_REFERENCE_LIMIT = 4
"""Up to this many references (one kommune) are tested against every geometry directly; more go
through the tree."""
CHUNK_VERTICES = 4_000_000
"""Intersections are computed for pairs with at most this many vertices between them at once
(their results, about as large, stay below a few hundred MB)."""
NO_COVERAGE = Coverage(0.0)


def vertex_chunks(weights: np.ndarray, budget: int = CHUNK_VERTICES) -> list[slice]:
    """Consecutive slices of pairs whose ``weights`` (vertices) add up to about ``budget``
    each; a single pair heavier than the budget is a slice of its own."""
    if not len(weights):
        return []
    ends = np.cumsum(weights)
    cuts = np.searchsorted(ends, np.arange(budget, ends[-1], budget), side="right")
    bounds = np.unique(np.r_[0, np.maximum(cuts, 1), len(weights)])
    return [slice(int(start), int(end)) for start, end in pairwise(bounds) if end > start]


def measures_of(array: np.ndarray, dimensions: np.ndarray | None = None) -> np.ndarray:
    """Area, length or point count of each geometry; with ``dimensions``, measured in those
    (the area of a polygon's intersection that is only a shared edge is 0, not its length)."""
    if dimensions is None:
        dimensions = shapely.get_dimensions(array)
    result = np.zeros(len(array))
    for dimension, measure in (
        (2, shapely.area),
        (1, shapely.length),
        (0, shapely.get_num_geometries),
    ):
        chosen = dimensions == dimension
        if chosen.any():
            result[chosen] = measure(array[chosen])
    return result


@dataclass(frozen=True)
class ReferenceIndex:
    geometries: np.ndarray
    """The references, prepared, in the order the hits refer to."""
    tree: shapely.STRtree | None
    """None for a few references, which are tested directly."""
    vertices: np.ndarray
    """Vertices of each reference."""

    @classmethod
    def build(cls, references: np.ndarray) -> ReferenceIndex:
        usable = references[~(shapely.is_missing(references) | shapely.is_empty(references))]
        shapely.prepare(usable)
        tree = shapely.STRtree(references) if len(references) > DIRECT_REFERENCE_LIMIT else None
        return cls(references, tree, shapely.get_num_coordinates(references))

    def candidates(self, array: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(geometry index, reference index) of every pair whose bounding boxes intersect (all
        pairs when the references are few)."""
        if self.tree is not None:
            return self.tree.query(array)
        count = len(self.geometries)
        present = np.flatnonzero(~shapely.is_missing(array))
        return (np.tile(present, count), np.repeat(np.arange(count, dtype=np.intp), len(present)))


def covered_shares(array: np.ndarray, index: ReferenceIndex) -> list[Coverage]:
    count = len(array)
    refs = index.geometries
    if not count or not len(refs):
        return [NO_COVERAGE] * count
    geom_of, ref_of = index.candidates(array)
    usable = ~(shapely.is_missing(refs[ref_of]) | shapely.is_empty(refs[ref_of]))
    geom_of, ref_of = geom_of[usable], ref_of[usable]
    # The references are prepared, so they go first in every predicate.
    inside = shapely.contains_properly(refs[ref_of], array[geom_of])
    crossing = np.flatnonzero(~inside)
    crossing = crossing[shapely.intersects(refs[ref_of[crossing]], array[geom_of[crossing]])]
    dimensions = shapely.get_dimensions(array)
    piece_measures, pieces, piece_geoms = _pieces(
        array, index, geom_of[crossing], ref_of[crossing], dimensions
    )
    meets = inside.copy()
    meets[crossing] = piece_measures > 0

    hit_geoms, hit_refs = geom_of[meets], ref_of[meets]
    order = np.lexsort((hit_refs, hit_geoms))
    hit_geoms, hit_refs = hit_geoms[order], hit_refs[order]
    fully = np.zeros(count, dtype=bool)
    fully[geom_of[inside]] = True
    hits_per_geom = np.bincount(hit_geoms, minlength=count)

    shares = np.zeros(count)
    shares[fully] = 1.0
    partly = np.flatnonzero(~fully & (hits_per_geom > 0))
    if len(partly):
        own = measures_of(array[partly], dimensions[partly])
        covered = np.bincount(geom_of[crossing], weights=piece_measures, minlength=count)
        if len(pieces):
            united = _union_measures(pieces, piece_geoms, dimensions)
            covered[united[0]] = united[1]
        with np.errstate(divide="ignore", invalid="ignore"):
            shares[partly] = np.where(own > 0, np.minimum(covered[partly] / own, 1.0), 0.0)
    return _coverages(shares, hit_geoms, hit_refs, count)


def _pieces(
    array: np.ndarray,
    index: ReferenceIndex,
    geoms: np.ndarray,
    refs: np.ndarray,
    dimensions: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The measure of each (geometry, reference) intersection, computed a chunk at a time;
    the intersections themselves are kept only for geometries crossing several references
    (whose shares need a union)."""
    measures = np.zeros(len(geoms))
    several = np.bincount(geoms, minlength=len(array))[geoms] > 1
    kept = []
    weights = shapely.get_num_coordinates(array[geoms]) + index.vertices[refs]
    for chunk in vertex_chunks(weights):
        pieces = shapely.intersection(array[geoms[chunk]], index.geometries[refs[chunk]])
        measures[chunk] = measures_of(pieces, dimensions[geoms[chunk]])
        keep = several[chunk] & (measures[chunk] > 0)
        kept.append(pieces[keep])
    positions = np.flatnonzero(several & (measures > 0))
    pieces = np.concatenate(kept) if kept else np.empty(0, dtype=object)
    return measures, pieces, geoms[positions]


def _union_measures(
    pieces: np.ndarray, piece_geoms: np.ndarray, dimensions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(geometry, measure of the union of its pieces) for each geometry with several pieces:
    overlapping references count once."""
    order = np.argsort(piece_geoms, kind="stable")
    geoms, group_pieces = piece_geoms[order], pieces[order]
    starts = np.flatnonzero(np.r_[True, geoms[1:] != geoms[:-1]])
    sizes = np.diff(np.r_[starts, len(geoms)])
    ranks = np.arange(len(geoms)) - np.repeat(starts, sizes)
    group_of = np.repeat(np.arange(len(starts)), sizes)
    owners_all, measures_all = [], []
    # Groups of similar size share one padded table (None is left out of a union), so the
    # table stays within twice the pieces however uneven the groups are.
    width_class = np.ceil(np.log2(np.maximum(sizes, 1))).astype(int)
    for klass in np.unique(width_class):
        groups = np.flatnonzero(width_class == klass)
        table = np.full((len(groups), 2 ** int(klass)), None, dtype=object)
        row_of_group = np.full(len(starts), -1)
        row_of_group[groups] = np.arange(len(groups))
        members = np.flatnonzero(row_of_group[group_of] >= 0)
        table[row_of_group[group_of[members]], ranks[members]] = group_pieces[members]
        unions = shapely.union_all(table, axis=1)
        owners = geoms[starts[groups]]
        owners_all.append(owners)
        measures_all.append(measures_of(unions, dimensions[owners]))
    return np.concatenate(owners_all), np.concatenate(measures_all)


def _coverages(
    shares: np.ndarray, hit_geoms: np.ndarray, hit_refs: np.ndarray, count: int
) -> list[Coverage]:
    result = [NO_COVERAGE] * count
    if not len(hit_geoms):
        return result
    starts = np.flatnonzero(np.r_[True, hit_geoms[1:] != hit_geoms[:-1]])
    ends = np.r_[starts[1:], len(hit_geoms)]
    refs = hit_refs.tolist()
    share_list = shares.tolist()
    for geom, start, end in zip(hit_geoms[starts].tolist(), starts.tolist(), ends.tolist()):
        result[geom] = Coverage(share_list[geom], tuple(refs[start:end]))
    return result
