"""Placing plausible demo geometries inside a kommune without overlaps."""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

MAX_ATTEMPTS = 4_000


class PlacementError(RuntimeError):
    """The area is too crowded for the requested shape; a different seed or fewer shapes helps."""


def log_uniform(rng: np.random.Generator, low: float, high: float) -> float:
    return float(math.exp(rng.uniform(math.log(low), math.log(high))))


def plot_polygon(rng: np.random.Generator, centre: tuple[float, float], area_m2: float) -> Polygon:
    """A rotated rectangular plot of the given area, sometimes with one corner cut off."""
    aspect = rng.uniform(1.0, 2.5)
    width = math.sqrt(area_m2 / aspect)
    length = width * aspect
    half_w, half_l = width / 2, length / 2
    corners = [(-half_l, -half_w), (half_l, -half_w), (half_l, half_w), (-half_l, half_w)]
    if rng.random() < 0.4:
        cut = width * rng.uniform(0.15, 0.3)
        corners = [
            (-half_l, -half_w),
            (half_l, -half_w),
            (half_l, half_w - cut),
            (half_l - cut, half_w),
            (-half_l, half_w),
        ]
        # restore the requested area after the cut
        scale = math.sqrt(area_m2 / Polygon(corners).area)
        corners = [(x * scale, y * scale) for x, y in corners]
    angle = rng.uniform(0, math.pi)
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    x0, y0 = centre
    return Polygon(
        [
            (round(x0 + x * cos_a - y * sin_a, 2), round(y0 + x * sin_a + y * cos_a, 2))
            for x, y in corners
        ]
    )


def blob_polygon(rng: np.random.Generator, centre: tuple[float, float], radius_m: float) -> Polygon:
    """An irregular rounded shape, as nature areas are drawn."""
    angles = np.linspace(0, 2 * math.pi, 20, endpoint=False)
    radii = radius_m * (
        1
        + 0.25 * np.sin(angles * rng.integers(2, 5) + rng.uniform(0, math.pi))
        + rng.uniform(-0.08, 0.08, angles.size)
    )
    x0, y0 = centre
    return Polygon(
        [
            (round(x0 + r * math.cos(a), 2), round(y0 + r * math.sin(a), 2))
            for a, r in zip(angles, radii)
        ]
    )


class Placer:
    """Draws centres around a town inside a kommune and keeps new shapes clear of earlier ones."""

    def __init__(
        self,
        rng: np.random.Generator,
        boundary: BaseGeometry,
        centre: tuple[float, float],
        spread_m: float,
        border_margin_m: float = 250.0,
    ):
        self.rng = rng
        self.inside = boundary.buffer(-border_margin_m)
        shapely.prepare(self.inside)
        self.centre = centre
        self.spread_m = spread_m
        self.taken: list[BaseGeometry] = []

    def _centre_candidate(self) -> tuple[float, float]:
        x0, y0 = self.centre
        return (
            float(x0 + self.rng.normal(0, self.spread_m)),
            float(y0 + self.rng.normal(0, self.spread_m)),
        )

    def place(self, make_shape, gap_m: float) -> BaseGeometry:
        """Calls ``make_shape(centre)`` until the shape fits inside and clear of all taken shapes."""
        for attempt in range(MAX_ATTEMPTS):
            if attempt and attempt % 500 == 0:
                self.spread_m *= 1.5
            shape = make_shape(self._centre_candidate())
            if not self.inside.contains(shape):
                continue
            clearance = shape.buffer(gap_m)
            if any(clearance.intersects(other) for other in self.taken):
                continue
            self.taken.append(shape)
            return shape
        raise PlacementError(f"could not place a shape after {MAX_ATTEMPTS} attempts")

    def point_near(self, anchor: BaseGeometry, low_m: float, high_m: float) -> Point:
        """A point inside the kommune at a distance between low_m and high_m from anchor."""
        origin = anchor.centroid
        for _ in range(MAX_ATTEMPTS):
            angle = self.rng.uniform(0, 2 * math.pi)
            distance = self.rng.uniform(low_m, high_m)
            point = Point(
                round(origin.x + distance * math.cos(angle), 2),
                round(origin.y + distance * math.sin(angle), 2),
            )
            if self.inside.contains(point) and not any(point.intersects(t) for t in self.taken):
                return point
        raise PlacementError("could not place a point near the anchor")
