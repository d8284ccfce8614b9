"""Pre-flight check: the publisher's rulebook run on the workspace layers inside QGIS.

Reading is split in two so that a QgsTask can do the work off the main thread: ``snapshot``
(main thread) takes thread-safe feature sources of the layers, edits not yet saved included;
``run_check`` (any thread) reads them and runs the rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Mapping, Sequence

from qgis.core import QgsGeometry, QgsVectorLayer, QgsVectorLayerFeatureSource
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from datamodel.findings import Finding, Report
from datamodel.layers import LAYERS
from datamodel.rules import LayerInput, ReferenceSet, run_rules
from datamodel.schema import Layer
from .qgis_geometry import QgisGeometryAdapter

Progress = Callable[[float], None]
"""Receives 0–100."""


class CheckCanceled(Exception):
    """The planner canceled the check."""


@dataclass
class LayerSnapshot:
    model: Layer
    sources: list[tuple[str, QgsVectorLayerFeatureSource]]
    """(QGIS layer id, feature source) of every view of the data-model layer."""
    field_names: list[str]
    crs: str | None


@dataclass
class CheckResult:
    report: Report
    feature_layers: dict[str, list[str]] = field(default_factory=dict)
    """Per data-model layer, the id of the QGIS layer showing feature number n at n - 1."""
    feature_ids: dict[str, list[int]] = field(default_factory=dict)
    """Per layer, the QGIS feature id of feature number n (1-based) at position n - 1."""
    geometries: dict[str, list[QgsGeometry | None]] = field(default_factory=dict)
    """Per layer, the geometries as checked (reprojected and repaired), in feature order."""

    def locate(self, finding: Finding) -> tuple[str, int] | None:
        """(QGIS layer id, feature id) of the feature a finding concerns, if it names one."""
        if not finding.layer or not finding.feature or finding.layer not in self.feature_ids:
            return None
        ids = self.feature_ids[finding.layer]
        if finding.feature > len(ids):
            return None
        return self.feature_layers[finding.layer][finding.feature - 1], ids[finding.feature - 1]

    def geometry(self, finding: Finding) -> QgsGeometry | None:
        if not finding.layer or not finding.feature:
            return None
        geometries = self.geometries.get(finding.layer, [])
        return geometries[finding.feature - 1] if finding.feature <= len(geometries) else None


def snapshot(
    layers: Mapping[str, QgsVectorLayer | Sequence[QgsVectorLayer]],
) -> list[LayerSnapshot]:
    """Thread-safe copies of the workspace layers, in data-model order: per data-model name one
    QGIS layer or the views of a mixed layer. Call in the main thread."""
    snapshots = []
    for name, model in LAYERS.items():
        views = layers.get(name)
        if not views:
            continue
        views = [views] if isinstance(views, QgsVectorLayer) else list(views)
        first = views[0]
        primary_keys = set(first.dataProvider().pkAttributeIndexes())
        names = [f.name() for index, f in enumerate(first.fields()) if index not in primary_keys]
        crs = first.crs().authid() if first.crs().isValid() else None
        snapshots.append(
            LayerSnapshot(
                model,
                [(view.id(), QgsVectorLayerFeatureSource(view)) for view in views],
                names,
                crs or None,
            )
        )
    return snapshots


def ordered_features(layer: LayerSnapshot, is_canceled: Callable[[], bool] = lambda: False):
    """(QGIS layer id, feature) in the order of the saved file (feature id), features not yet
    saved last; the views of a mixed layer merged."""
    found: dict[int, tuple[str, object]] = {}
    for layer_id, source in layer.sources:
        for feature in source.getFeatures():
            if is_canceled():
                raise CheckCanceled()
            found.setdefault(feature.id(), (layer_id, feature))
    saved = sorted(fid for fid in found if fid >= 0)
    unsaved = sorted((fid for fid in found if fid < 0), reverse=True)
    return [found[fid] for fid in saved + unsaved]


def plain_value(value):
    """A QGIS attribute value as the plain Python value the rules expect."""
    if value is None or (isinstance(value, QVariant) and value.isNull()):
        return None
    if isinstance(value, QDate):
        return value.toPyDate() if value.isValid() else None
    if isinstance(value, QDateTime):
        return value.toPyDateTime() if value.isValid() else None
    if isinstance(value, QTime):
        return value.toString("HH:mm:ss")
    if isinstance(value, QVariant):
        return value.value()
    return value


def read_layer(layer: LayerSnapshot, is_canceled: Callable[[], bool]):
    """The rules' input, and the (QGIS layer id, feature id) of every feature in that order."""
    columns: dict[str, list] = {name: [] for name in layer.field_names}
    geometries: list[QgsGeometry | None] = []
    places: list[tuple[str, int]] = []
    for layer_id, feature in ordered_features(layer, is_canceled):
        for name in layer.field_names:
            columns[name].append(plain_value(feature[name]))
        geometries.append(QgsGeometry(feature.geometry()) if feature.hasGeometry() else None)
        places.append((layer_id, feature.id()))
    return LayerInput(layer.model, columns, geometries, layer.crs), places


def _reading_order(finding: Finding) -> tuple:
    return (finding.layer or "", finding.feature or 0, finding.rule)


def run_check(
    layers: list[LayerSnapshot],
    kommune: str,
    references: ReferenceSet | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    is_canceled: Callable[[], bool] = lambda: False,
) -> CheckResult:
    """Runs the rulebook layer by layer (progress and cancel between the steps)."""
    adapter = QgisGeometryAdapter()
    result: CheckResult | None = None
    steps = max(1, 2 * len(layers))
    for number, layer in enumerate(layers):
        source, places = read_layer(layer, is_canceled)
        if progress:
            progress(100 * (2 * number + 1) / steps)
        outcome = run_rules([source], adapter, kommune, references=references, today=today)
        if is_canceled():
            raise CheckCanceled()
        if result is None:
            result = CheckResult(outcome.report)
        else:
            result.report.findings.extend(outcome.report.findings)
            result.report.feature_counts.update(outcome.report.feature_counts)
        result.feature_layers[layer.model.name] = [layer_id for layer_id, _ in places]
        result.feature_ids[layer.model.name] = [feature_id for _, feature_id in places]
        result.geometries[layer.model.name] = list(outcome.geometries.get(layer.model.name, []))
        if progress:
            progress(100 * (2 * number + 2) / steps)
    if result is None:
        result = CheckResult(
            run_rules([], adapter, kommune, references=references, today=today).report
        )
    result.report.findings.sort(key=_reading_order)
    return result


def check_now(
    layers: Mapping[str, QgsVectorLayer | Sequence[QgsVectorLayer]],
    kommune: str,
    references: ReferenceSet | None = None,
    today: date | None = None,
) -> CheckResult:
    """Snapshot and check in the calling thread (Processing algorithms, tests)."""
    return run_check(snapshot(layers), kommune, references, today)
