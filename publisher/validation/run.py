"""One validation in this process: read the file, run the rulebook, normalise the layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np

from datamodel import CRS, LAYERS
from datamodel.findings import Report
from datamodel.rules import run_rules

from .job import normalise_kommune
from .limits import ValidationLimits
from .reader import read_submission
from .references import References
from .shapely_adapter import ShapelyAdapter, as_array


@dataclass
class ValidationResult:
    report: Report
    layers: dict[str, gpd.GeoDataFrame] = field(default_factory=dict)


def validate_file(
    path: Path | str,
    kommune: str,
    references: References | None = None,
    today: date | None = None,
    limits: ValidationLimits | None = None,
    display_name: str | None = None,
) -> ValidationResult:
    """Validates one submitted file for ``kommune``; raises UnreadableSubmission if it cannot be
    read at all, TooComplex (a kind of it) if it is beyond ``limits`` (default: the settings'
    defaults). ``display_name`` is how messages name the file (default: its own name).

    This runs in the calling process, unguarded; the API and the CLI run it in a worker process
    that a runaway cannot take down with them (``publisher.validation.pool``)."""
    kommune = normalise_kommune(kommune)
    limits = limits or ValidationLimits.default()
    rule_references = references.rule_input() if references is not None else None
    submission = read_submission(Path(path), limits, display_name)
    outcome = run_rules(
        [layer.layer_input for layer in submission.layers],
        ShapelyAdapter(),
        kommune,
        references=rule_references,
        today=today,
        unknown_layers=submission.unknown_layers,
        assumed_layers=submission.assumed_layers,
        limits=limits.rule_limits(),
    )
    layers = {}
    for submitted in submission.layers:
        name = submitted.layer_input.layer.name
        frame = gpd.GeoDataFrame(
            submitted.arrays, geometry=as_array(outcome.geometries[name]), crs=CRS
        )
        for declared in LAYERS[name].fields:
            if declared.derived_from_geometry:
                frame[declared.name] = np.array(
                    [np.nan if area is None else area for area in outcome.areas[name]]
                )
        layers[name] = frame
    return ValidationResult(outcome.report, layers)
