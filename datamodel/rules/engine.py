"""Runs the rulebook over a submission; no rule can make the run fail.

Checks yield their findings one by one; the run itemises the first ``findings_per_rule`` of each
rule and layer and counts the rest into one S05 finding, so a file with a million problems gives
a report of a few hundred findings without ever holding the million."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable, Mapping, Sequence

from ..findings import Finding, Report
from ..geometry import Geometry, GeometryAdapter
from ..layers import DATAMODEL_VERSION
from . import attribute_checks, consistency_checks, geometry_checks, reference_checks
from .catalogue import RULES, RULESET_VERSION
from .context import LayerInput, LayerState, ReferenceSet, RunLimits, RunSettings, layer_wide
from .messages import Found, Omitted, Text, make_finding, number
from .reference_checks import CannotRun, MissingReferences

Check = Callable[[LayerState, RunSettings], Iterable[Found | Omitted]]

# In this order: later checks rely on the geometries the earlier ones reprojected and repaired.
CHECKS: tuple[tuple[str, Check], ...] = (
    ("G05 G06", geometry_checks.check_crs),
    ("G01 G02 G03", geometry_checks.check_empty_and_invalid),
    ("G04", geometry_checks.check_geometry_type),
    ("G10 G11", geometry_checks.check_duplicates_and_overlaps),
    ("A01-A08 A10 A15", attribute_checks.check_fields),
    ("A09", attribute_checks.check_duplicate_ids),
    ("A16", attribute_checks.check_kommunekode),
    ("A17", attribute_checks.check_unknown_fields),
    ("A11 A12", consistency_checks.check_confirmation_date),
    ("A13", consistency_checks.check_environmental_classes),
    ("A14", consistency_checks.check_free_area),
    ("G07 G08 G09", reference_checks.check_kommune_boundary),
    ("R01 R02 R03", reference_checks.check_nature),
    ("R04", reference_checks.check_in_business_plan),
    ("R05 R06", reference_checks.check_referenced_plan),
)


@dataclass
class RulesOutcome:
    report: Report
    geometries: dict[str, list[Geometry]] = field(default_factory=dict)
    """Per layer: the geometries after reprojection and repair, in feature order."""
    areas: dict[str, list[float | None]] = field(default_factory=dict)
    """Per layer: area (m²) of each usable geometry, None where the geometry is unusable."""


def run_rules(
    layers: Sequence[LayerInput],
    adapter: GeometryAdapter,
    kommune: str,
    references: ReferenceSet | None = None,
    today: date | None = None,
    unknown_layers: Sequence[str] = (),
    assumed_layers: Mapping[str, str] | None = None,
    limits: RunLimits | None = None,
) -> RulesOutcome:
    """Runs every rule over every layer.

    ``unknown_layers`` are layer names found in the file that the data model does not know;
    ``assumed_layers`` maps a name found in the file to the layer it was read as.
    """
    limits = limits or RunLimits()
    run = RunSettings(
        adapter=adapter,
        kommune=kommune,
        today=today or date.today(),
        references=references,
        limits=limits,
    )
    report = Report(RULESET_VERSION, DATAMODEL_VERSION, kommune)
    outcome = RulesOutcome(report)
    tally = _Tally(limits.findings_per_rule)
    for name in unknown_layers:
        tally.add(make_finding(RULES["S03"], None, None, None, None, name=name), None)
    for found, layer in (assumed_layers or {}).items():
        tally.add(
            make_finding(RULES["S04"], layer, None, None, None, name=found, as_layer=layer), layer
        )
    for source in layers:
        state = LayerState(source)
        report.feature_counts[state.name] = state.count
        for codes, check in CHECKS if state.count else ():
            _guarded(codes, check, state, run, tally)
        outcome.geometries[state.name] = state.geometries
        outcome.areas[state.name] = [
            area if ok else None for area, ok in zip(state.measures, state.usable)
        ]
    report.findings = tally.kept + tally.summaries()
    report.findings.sort(key=_reading_order)
    return outcome


class _Tally:
    """The findings a report itemises, and how many of each rule (per layer) there were."""

    def __init__(self, per_rule: int):
        self.per_rule = per_rule
        self.kept: list[Finding] = []
        self.shown: dict[tuple[str | None, str], int] = {}
        self.total: dict[tuple[str | None, str], int] = {}

    def add(self, item: Found | Omitted | Finding, layer: str | None) -> None:
        if isinstance(item, Omitted):
            key = (layer, item.rule)
            self.total[key] = self.total.get(key, 0) + item.count
            return
        key = (item.layer, item.rule)
        self.total[key] = self.total.get(key, 0) + 1
        if self.shown.get(key, 0) < self.per_rule:
            self.shown[key] = self.shown.get(key, 0) + 1
            self.kept.append(item.finding() if isinstance(item, Found) else item)

    def summaries(self) -> list[Finding]:
        """One S05 per rule and layer with more findings than were itemised."""
        summaries = []
        for (layer, code), total in self.total.items():
            more = total - self.shown.get((layer, code), 0)
            if more > 0:
                rule = RULES[code]
                summaries.append(
                    make_finding(
                        RULES["S05"],
                        layer,
                        None,
                        None,
                        None,
                        code=code,
                        title=Text(rule.title_da, rule.title_en),
                        total=number(total),
                        more=number(more),
                    )
                )
        return summaries


def _guarded(codes: str, check: Check, state: LayerState, run: RunSettings, tally: _Tally) -> None:
    """Runs one check into the tally; what it found before it failed is kept."""
    try:
        for item in check(state, run):
            tally.add(item, state.name)
    except MissingReferences as missing:
        tally.add(
            make_finding(
                RULES["S02"], **layer_wide(state), field=None, check=codes, kind=missing.kind
            ),
            state.name,
        )
    except CannotRun as reason:
        tally.add(
            make_finding(
                RULES["S01"],
                **layer_wide(state),
                field=None,
                check=codes,
                error=Text(reason.message_da, reason.message_en),
            ),
            state.name,
        )
    except Exception as error:  # a broken rule must never stop the others
        detail = f"{type(error).__name__}: {error}"
        tally.add(
            make_finding(
                RULES["S01"],
                **layer_wide(state),
                field=None,
                check=codes,
                error=Text(detail, detail),
            ),
            state.name,
        )


def _reading_order(finding: Finding) -> tuple[str, int, str]:
    return (finding.layer or "", finding.feature or 0, finding.rule)
