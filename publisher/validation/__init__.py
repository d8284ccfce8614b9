"""The publisher's authoritative check: read a submission, run the rulebook, normalise the data.

``validate_file`` reads a GeoPackage or GeoJSON, runs every rule of ``datamodel.rules`` through
the shapely adapter and returns the report with the normalised layers (EPSG:25832, repaired,
derived areas filled in).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import gc

import geopandas as gpd
import numpy as np

from datamodel import CRS, LAYERS
from datamodel.findings import Report
from datamodel.rules import run_rules

from .reader import UnreadableSubmission, read_submission
from .references import References
from .shapely_adapter import ShapelyAdapter, as_array

__all__ = ["References", "UnreadableSubmission", "ValidationResult", "normalise_kommune",
           "validate_file"]


@dataclass
class ValidationResult:
    report: Report
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)


def normalise_kommune(kommune: str) -> str:
    """'167' and '0167' both mean Hvidovre; anything but 1–4 digits is refused."""
    text = str(kommune).strip()
    if not text.isdigit() or len(text) > 4:
        raise ValueError(f"kommunekode skal være fire cifre, fik {kommune!r} / "
                         f"municipality code must be four digits, got {kommune!r}")
    return text.zfill(4)


def validate_file(path: Path | str, kommune: str, references: References | None = None,
                  today: date | None = None) -> ValidationResult:
    """Validates one submitted file for ``kommune``; raises UnreadableSubmission if it cannot be
    read at all."""
    kommune = normalise_kommune(kommune)
    rule_references = references.rule_input() if references is not None else None
    # Reading and the rules allocate millions of small objects and free none of them early, so
    # collecting meanwhile only costs time. In a threaded server the last run re-enables it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        submission = read_submission(Path(path))
        outcome = run_rules(
            [layer.layer_input for layer in submission.layers], ShapelyAdapter(), kommune,
            references=rule_references, today=today, unknown_layers=submission.unknown_layers,
            assumed_layers=submission.assumed_layers)
    finally:
        if collecting:
            gc.enable()
    layers = {}
    for submitted in submission.layers:
        name = submitted.layer_input.layer.name
        frame = gpd.GeoDataFrame(submitted.arrays, geometry=as_array(outcome.geometries[name]),
                                 crs=CRS)
        for declared in LAYERS[name].fields:
            if declared.derived_from_geometry:
                frame[declared.name] = np.array([np.nan if area is None else area
                                                 for area in outcome.areas[name]])
        layers[name] = frame
    return ValidationResult(outcome.report, layers)
