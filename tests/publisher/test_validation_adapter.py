"""The shapely geometry adapter keeps the contract in datamodel/geometry.py."""

from __future__ import annotations

import pytest
import shapely
from shapely import box

from datamodel.geometry import TooManyCandidates
from publisher.validation.coverage import DIRECT_REFERENCE_LIMIT
from publisher.validation.shapely_adapter import QUERY_PAIRS, ShapelyAdapter

adapter = ShapelyAdapter()


def test_missing_and_empty_are_neutral_everywhere():
    geometries = [None, shapely.from_wkt("POLYGON EMPTY"), box(0, 0, 10, 10)]
    assert adapter.is_empty(geometries) == [True, True, False]
    assert adapter.invalidity_reasons(geometries) == [None, None, None]
    assert adapter.geometry_types(geometries) == ["", "Polygon", "Polygon"]
    assert adapter.measures(geometries) == [0.0, 0.0, 100.0]
    assert adapter.total_bounds([None]) is None


def test_repair_keeps_the_dimension_or_gives_none():
    bowtie = shapely.from_wkt("POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))")
    collapsed = shapely.from_wkt("POLYGON ((0 0, 5 0, 10 0, 0 0))")
    reasons = adapter.invalidity_reasons([bowtie, collapsed])
    assert reasons[0].startswith("Self-intersection") and reasons[1] is not None
    repaired, nothing = adapter.repair([bowtie, collapsed])
    assert repaired.geom_type == "MultiPolygon" and repaired.area == pytest.approx(50)
    assert nothing is None


def test_measures_per_dimension():
    line = shapely.from_wkt("LINESTRING (0 0, 3 4)")
    points = shapely.from_wkt("MULTIPOINT ((0 0), (1 1))")
    assert adapter.measures([line, points, box(0, 0, 2, 2)]) == [5.0, 2.0, 4.0]


def test_overlapping_pairs_ignore_touching_neighbours():
    squares = [box(0, 0, 10, 10), box(10, 0, 20, 10), box(5, 5, 15, 15), None]
    assert list(adapter.overlapping_pairs(squares, 100)) == [(0, 2, 25.0), (1, 2, 25.0)]


def test_overlapping_pairs_come_in_order_across_the_chunks_of_the_tree_queries():
    """More geometries than one query takes at a time (QUERY_PAIRS / count): the pairs still
    come in ascending order, each once."""
    count = 3000
    strips = [box(index, 0, index + 2.5, 1) for index in range(count)]
    pairs = list(adapter.overlapping_pairs(strips, 10 * count))
    assert max(10 * count, QUERY_PAIRS) // count < count  # rows per query
    expected = [(i, j) for i in range(count) for j in (i + 1, i + 2) if j < count]
    assert [(i, j) for i, j, _ in pairs] == expected
    assert {area for _, _, area in pairs} == {1.5, 0.5}


def test_overlapping_pairs_stop_before_holding_more_candidates_than_allowed():
    copies = [box(0, 0, 10, 10)] * 200  # 19,900 pairs
    with pytest.raises(TooManyCandidates) as stopped:
        next(iter(adapter.overlapping_pairs(copies, 19_899)))
    assert stopped.value.limit == 19_899
    assert len(list(adapter.overlapping_pairs(copies, 19_900))) == 19_900


@pytest.mark.parametrize("extra", [0, DIRECT_REFERENCE_LIMIT + 1])
def test_coverage_counts_overlapping_references_once_and_not_mere_touches(extra):
    far_away = [box(1000 + i * 10, 0, 1005 + i * 10, 5) for i in range(extra)]
    references = [box(0, 0, 10, 10), box(5, 0, 15, 10), box(-10, 0, 0, 10), *far_away]
    site, outside, point = box(0, 0, 20, 10), box(100, 100, 110, 110), shapely.Point(2, 2)
    inner = box(1, 1, 4, 4)
    index = adapter.reference_index(references)
    covered, nowhere, dot, inside = adapter.coverage([site, outside, point, inner], index)
    assert covered.share == pytest.approx(0.75) and covered.hits == (0, 1)
    assert nowhere.share == 0.0 and nowhere.hits == ()
    assert dot.share == 1.0 and dot.hits == (0,)
    assert inside.share == 1.0 and inside.hits == (0,)


def test_reproject_from_lon_lat_and_swapped_axes():
    lon_lat = shapely.Point(12.47, 55.63)
    lat_lon = shapely.Point(55.63, 12.47)
    first, second = (
        adapter.reproject([lon_lat], "EPSG:4326")[0],
        adapter.reproject([lat_lon], "EPSG:4326", swap_axes=True)[0],
    )
    assert first.equals_exact(second, 1e-6)
    assert (first.x, first.y) == pytest.approx((718430.93, 6170363.17), abs=0.01)


def test_coverage_unites_many_overlapping_references_per_geometry():
    """Sites covered by 1, 2, 3 and 5 references that overlap each other: each share counts the
    area once (grouped unions of different sizes)."""
    sites = [box(100 * n, 0, 100 * n + 10, 10) for n in range(4)]
    references, expected = [], []
    for n, layers in enumerate((1, 2, 3, 5)):
        references += [box(100 * n, 0, 100 * n + 4 + i, 10) for i in range(layers)]
        expected.append((4 + layers - 1) / 10)
    references.append(box(-50, -50, -40, -40))
    coverages = adapter.coverage(sites, adapter.reference_index(references))
    assert [cover.share for cover in coverages] == pytest.approx(expected)
    assert [len(cover.hits) for cover in coverages] == [1, 2, 3, 5]


def test_one_reference_index_answers_many_questions():
    index = adapter.reference_index([box(0, 0, 10, 10)] * (DIRECT_REFERENCE_LIMIT + 1))
    for _ in range(3):
        (cover,) = adapter.coverage([box(5, 5, 15, 15)], index)
        assert cover.share == pytest.approx(0.25) and len(cover.hits) == DIRECT_REFERENCE_LIMIT + 1
