"""What a validation worker is asked and what it answers (plain, picklable records)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from datamodel.findings import Report


def normalise_kommune(kommune: str) -> str:
    """'167' and '0167' both mean Hvidovre; anything but 1–4 digits is refused."""
    text = str(kommune).strip()
    if not text.isdigit() or len(text) > 4:
        raise ValueError(
            f"kommunekode skal være fire cifre, fik {kommune!r} / "
            f"municipality code must be four digits, got {kommune!r}"
        )
    return text.zfill(4)


@dataclass(frozen=True)
class Job:
    path: str
    kommune: str
    display_name: str
    """The file as its sender named it; messages use this name, never the temporary file's."""
    today: date | None = None
    with_rows: bool = True
    """Also answer the normalised features as store rows (the API stores them)."""


@dataclass
class Checked:
    report: Report
    rows: list | None
    """``publisher.store.FeatureRow`` of every normalised feature, when asked for."""
    seconds: float
    """Wall time of the validation in the worker (reference loading included)."""
    peak_memory_mb: float
    """The worker's peak resident memory so far (its reference layers included)."""
    reference_problem: str | None = None
    """Why the store's reference layers could not be loaded (the rules then say they are
    missing)."""
