"""The rulebook's geometry adapter (``datamodel.geometry.GeometryAdapter``) on QgsGeometry.

Must give the same answers as the publisher's shapely adapter on the conformance cases, so the
conventions of the protocol (None handling, GEOS reason texts, "structure" repair) are followed
to the letter.
"""

from __future__ import annotations

from typing import Sequence

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsRectangle,
    QgsSpatialIndex,
    QgsWkbTypes,
)

from datamodel.geometry import Bounds, Coverage, TooManyCandidates
from datamodel.layers import CRS

INTERIORS_MEET = "T********"


def _usable(geometry: QgsGeometry | None) -> bool:
    return geometry is not None and not geometry.isNull() and not geometry.isEmpty()


def _coordinate(value: float) -> str:
    """Coordinates as GEOS prints them in a validity reason: 15 significant digits at most,
    no trailing zeros (701150, 12.5, 575033.429214227)."""
    return f"{float(value):.15g}"


def _measure(geometry: QgsGeometry, kind: int | None = None) -> float:
    """Area, length or number of points; with ``kind``, measured in that dimension (the
    intersection of two areas can come back as a collection with the lines and points where they
    touch, whose area is what counts, as in the shapely adapter)."""
    kind = geometry.type() if kind is None else kind
    if kind == QgsWkbTypes.PolygonGeometry:
        return geometry.area()
    if kind == QgsWkbTypes.LineGeometry:
        return geometry.length()
    if kind == QgsWkbTypes.PointGeometry:
        return float(geometry.constGet().partCount())
    return 0.0


class QgisGeometryAdapter:
    """Implements the rulebook's geometry protocol with QgsGeometry and QgsSpatialIndex."""

    def is_empty(self, geometries: Sequence[QgsGeometry | None]) -> list[bool]:
        return [not _usable(geometry) for geometry in geometries]

    def invalidity_reasons(self, geometries):
        reasons: list[str | None] = []
        for geometry in geometries:
            if not _usable(geometry):
                reasons.append(None)
                continue
            errors = geometry.validateGeometry(QgsGeometry.ValidatorGeos)
            if not errors:
                reasons.append(None)
                continue
            error = errors[0]
            if error.hasWhere():
                where = error.where()
                reasons.append(f"{error.what()}[{_coordinate(where.x())} {_coordinate(where.y())}]")
            else:
                reasons.append(error.what())
        return reasons

    def repair(self, geometries):
        return [_repair(geometry) for geometry in geometries]

    def geometry_types(self, geometries):
        return [
            QgsWkbTypes.displayString(QgsWkbTypes.flatType(geometry.wkbType()))
            if geometry is not None and not geometry.isNull()
            else ""
            for geometry in geometries
        ]

    def measures(self, geometries):
        return [_measure(geometry) if _usable(geometry) else 0.0 for geometry in geometries]

    def total_bounds(self, geometries) -> Bounds | None:
        extent: QgsRectangle | None = None
        for geometry in geometries:
            if not _usable(geometry):
                continue
            box = geometry.boundingBox()
            if extent is None:
                extent = QgsRectangle(box)
            else:
                extent.combineExtentWith(box)
        if extent is None:
            return None
        return (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum())

    def reproject(self, geometries, source_crs: str, swap_axes: bool = False):
        transform = QgsCoordinateTransform(
            QgsCoordinateReferenceSystem(source_crs),
            QgsCoordinateReferenceSystem(CRS),
            QgsProject.instance().transformContext(),
        )
        result = []
        for geometry in geometries:
            if geometry is None or geometry.isNull():
                result.append(None)
                continue
            moved = QgsGeometry(geometry)
            if swap_axes:
                moved.get().swapXy()
            moved.transform(transform)
            result.append(moved)
        return result

    def overlapping_pairs(self, geometries, max_candidates: int):
        polygons = {
            index: geometry
            for index, geometry in enumerate(geometries)
            if _usable(geometry) and geometry.type() == QgsWkbTypes.PolygonGeometry
        }
        index = QgsSpatialIndex()
        for number, geometry in polygons.items():
            index.addFeature(number, geometry.boundingBox())
        candidates, total = [], 0
        for i, geometry in polygons.items():
            later = sorted(j for j in index.intersects(geometry.boundingBox()) if j > i)
            total += len(later)
            if total > max_candidates:
                raise TooManyCandidates(max_candidates)
            candidates.append((i, later))
        for i, later in candidates:
            geometry = polygons[i]
            engine = QgsGeometry.createGeometryEngine(geometry.constGet())
            engine.prepareGeometry()
            for j in later:
                if not engine.intersects(polygons[j].constGet()):
                    continue
                area = geometry.intersection(polygons[j]).area()
                if area > 0:
                    yield i, j, area

    def reference_index(self, references):
        return _ReferenceIndex(references)

    def coverage(self, geometries, references: _ReferenceIndex):
        result = []
        for geometry in geometries:
            if not _usable(geometry):
                result.append(Coverage(0.0))
                continue
            hits, inside, engine = [], False, None
            for number in sorted(references.index.intersects(geometry.boundingBox())):
                reference = references.prepared(number)
                if not reference.intersects(geometry.constGet()):
                    continue
                if reference.contains(geometry.constGet()):
                    hits.append(number)
                    inside = True
                    continue
                if engine is None:
                    engine = QgsGeometry.createGeometryEngine(geometry.constGet())
                    engine.prepareGeometry()
                if engine.relatePattern(references.usable[number].constGet(), INTERIORS_MEET):
                    hits.append(number)
            own = _measure(geometry)
            if not hits or own <= 0:
                result.append(Coverage(0.0, tuple(hits)))
                continue
            if inside:
                result.append(Coverage(1.0, tuple(hits)))
                continue
            covering = (
                references.usable[hits[0]]
                if len(hits) == 1
                else QgsGeometry.unaryUnion([references.usable[number] for number in hits])
            )
            share = _measure(geometry.intersection(covering), geometry.type()) / own
            result.append(Coverage(min(1.0, share), tuple(hits)))
        return result


class _ReferenceIndex:
    """The usable references, a spatial index over them and their prepared engines (made on
    first use), built once per reference layer."""

    def __init__(self, references):
        self.usable = {
            number: reference for number, reference in enumerate(references) if _usable(reference)
        }
        self.index = QgsSpatialIndex()
        for number, reference in self.usable.items():
            self.index.addFeature(number, reference.boundingBox())
        self._engines = {}

    def prepared(self, number: int):
        engine = self._engines.get(number)
        if engine is None:
            engine = QgsGeometry.createGeometryEngine(self.usable[number].constGet())
            engine.prepareGeometry()
            self._engines[number] = engine
        return engine


def _repair(geometry: QgsGeometry | None) -> QgsGeometry | None:
    if not _usable(geometry):
        return None
    if hasattr(Qgis, "MakeValidMethod"):  # QGIS 3.28+: GEOS's own "structure" method
        repaired = geometry.makeValid(Qgis.MakeValidMethod.Structure, False)
    else:
        repaired = _structure_repair(geometry)
    if not _usable(repaired) or not repaired.isGeosValid():
        return None
    return repaired


def _fix_ring(ring) -> QgsGeometry | None:
    """The area a ring encloses with a nonzero winding number, which is what GEOS keeps from its
    zero-width buffers in both orientations: the ring noded where it crosses itself,
    polygonised, and the faces it winds around united (every lobe of a bow-tie survives)."""
    noded = QgsGeometry.unaryUnion([QgsGeometry(ring.clone())])
    faces = QgsGeometry.polygonize([noded]).asGeometryCollection()
    vertices = [(point.x(), point.y()) for point in ring.points()]
    kept = [
        face
        for face in faces
        if _usable(face) and _winding_number(vertices, face.pointOnSurface().asPoint()) != 0
    ]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else QgsGeometry.unaryUnion(kept)


def _winding_number(vertices: list[tuple[float, float]], point) -> int:
    """How many times the closed ring of ``vertices`` winds around ``point`` (signed)."""
    x, y = point.x(), point.y()
    winding = 0
    for (x1, y1), (x2, y2) in zip(vertices, vertices[1:]):
        side = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1)
        if y1 <= y < y2 and side > 0:
            winding += 1
        elif y2 <= y < y1 and side < 0:
            winding -= 1
    return winding


def _fix_polygon(polygon) -> QgsGeometry | None:
    shell = _fix_ring(polygon.exteriorRing())
    if shell is None:
        return None
    holes = [
        hole
        for hole in (
            _fix_ring(polygon.interiorRing(number)) for number in range(polygon.numInteriorRings())
        )
        if hole
    ]
    if holes:
        shell = shell.difference(QgsGeometry.unaryUnion(holes))
    return shell if _usable(shell) else None


def _structure_repair(geometry: QgsGeometry) -> QgsGeometry | None:
    """GEOS's "structure" repair for QGIS < 3.28: shells united, holes cut away, collapsed parts
    dropped. Lines and points fall back to QGIS's own makeValid."""
    if geometry.type() != QgsWkbTypes.PolygonGeometry:
        return geometry.makeValid()
    cleaned = QgsGeometry(geometry)
    cleaned.removeDuplicateNodes()
    parts = [part for part in (_fix_polygon(polygon) for polygon in cleaned.constParts()) if part]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else QgsGeometry.unaryUnion(parts)
