"""The publisher's authoritative check: read a submission, run the rulebook, normalise the data.

``validate_file`` reads a GeoPackage or GeoJSON, runs every rule of ``datamodel.rules`` through
the shapely adapter and returns the report with the normalised layers (EPSG:25832, repaired,
derived areas filled in). ``ValidationPool`` runs it in worker processes bound by the documented
limits (``limits.py``), as the API and ``python -m publisher validate`` do.

The names are imported on first use, so that a process that only hands work to a worker (the
command line) does not load the geo stack itself.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "References": ".references",
    "UnreadableSubmission": ".errors",
    "TooComplex": ".errors",
    "ValidationLimits": ".limits",
    "ValidationPool": ".pool",
    "ValidationResult": ".run",
    "normalise_kommune": ".job",
    "validate_file": ".run",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
