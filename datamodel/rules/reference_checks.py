"""Rules against the reference layers ERST loads: kommunegrænser, nature protection, plans."""

from __future__ import annotations

from typing import Callable, Iterator

from ..geometry import GeometryAdapter, ReferenceIndex
from ..messages import BilingualError
from .catalogue import RULES
from .context import LayerState, NaturArea, PlanArea, ReferenceSet, RunSettings
from .geometry_checks import is_polygon_layer
from .messages import Found, Text, found, listing, percent
from .values import as_code, is_missing

OUTSIDE_TOLERANCE = 0.01
"""Up to 1 % outside the kommune is boundary noise (DAGI versions, digitising)."""
MOSTLY_OUTSIDE = 0.5
"""Less than half inside the submitting kommune blocks (G08); more warns (G09)."""
NATURE_MIN_SHARE = 0.001
PLAN_MIN_SHARE = 0.95
ERHVERV_ANVGEN = frozenset({"31", "21", "81"})
"""Plandata anvendelse generel that counts as a plan for business (erhverv, blandet bolig og
erhverv, tekniske anlæg)."""
ADOPTED = "V"
LOKALPLAN = "lokalplan"
PLAN_STATUS_TEXT = {
    "F": Text("kun et forslag", "only a proposal"),
    "A": Text("aflyst", "cancelled"),
}
NATURE_RULES = (("natura2000", "R01"), ("paragraf3", "R02"), ("fredning", "R03"))
PLAN_CHECKED_LAYERS = frozenset({"erhvervsareal"})
"""Layers whose objects should lie in a plan for business and may name a lokalplan."""


class CannotRun(BilingualError):
    """Raised by a rule that cannot judge this submission; reported as S01 with the reason."""


class MissingReferences(Exception):
    """Raised by a reference rule when the layer it needs is not loaded; reported as S02."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _checked(state: LayerState) -> list[int]:
    return [index for index, ok in enumerate(state.usable) if ok] if state.crs_known else []


# What the rules derive from the references, built once per ReferenceSet (see its ``derived``).


def _kommuner_index(references: ReferenceSet, adapter: GeometryAdapter) -> ReferenceIndex:
    return references.index(adapter, "kommuner", lambda: list(references.kommuner.values()))


def _nature_of_kind(references: ReferenceSet, kind: str) -> list[NaturArea]:
    areas: list[NaturArea] = references.derived(
        f"natur:{kind}", lambda: [area for area in references.natur if area.kind == kind]
    )
    return areas


def _nature_index(references: ReferenceSet, adapter: GeometryAdapter, kind: str) -> ReferenceIndex:
    areas = _nature_of_kind(references, kind)
    return references.index(adapter, f"natur:{kind}", lambda: [area.geometry for area in areas])


def _business_plans_index(references: ReferenceSet, adapter: GeometryAdapter) -> ReferenceIndex:
    return references.index(
        adapter,
        "planer:erhverv",
        lambda: [
            plan.geometry
            for plan in references.planer
            if plan.status == ADOPTED and plan.anvgen in ERHVERV_ANVGEN
        ],
    )


def _plans_by_id(references: ReferenceSet) -> dict[str, PlanArea]:
    plans: dict[str, PlanArea] = references.derived(
        "planer:by_id",
        lambda: {plan.planid: plan for plan in references.planer if plan.plantype == LOKALPLAN},
    )
    return plans


def build_indexes(references: ReferenceSet, adapter: GeometryAdapter) -> None:
    """Builds now what the rules would build on first use (a long-lived process does this once,
    after loading the references, so that its first validation is as fast as the others)."""
    if references.kommuner:
        _kommuner_index(references, adapter)
    for kind, _ in NATURE_RULES:
        _nature_index(references, adapter, kind)
    if references.planer:
        _business_plans_index(references, adapter)
        _plans_by_id(references)


def _loaded(run: RunSettings, kind: str, layer: Callable[[ReferenceSet], object]) -> ReferenceSet:
    """The run's references, or MissingReferences when the layer the rule needs is empty."""
    if run.references is None or not layer(run.references):
        raise MissingReferences(kind)
    return run.references


def check_kommune_boundary(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """G07 outside Denmark, G08 (mostly) outside the submitting kommune, G09 across its border."""
    references = _loaded(run, "kommunegraenser", lambda loaded: loaded.kommuner)
    own = references.kommuner.get(run.kommune)
    if own is None:
        raise CannotRun(
            f"kommune {run.kommune} findes ikke i kommunegrænserne.",
            f"municipality {run.kommune} is not in the municipal boundaries.",
        )
    adapter = run.adapter
    indices = _checked(state)
    geometries = [state.geometries[index] for index in indices]
    coverages = adapter.coverage(
        geometries, references.index(adapter, f"kommune:{run.kommune}", lambda: [own])
    )
    outside = [
        (index, cover.share)
        for index, cover in zip(indices, coverages)
        if cover.share < 1 - OUTSIDE_TOLERANCE
    ]
    mostly_outside = [index for index, share in outside if share < MOSTLY_OUTSIDE]
    in_denmark = adapter.coverage(
        [state.geometries[index] for index in mostly_outside], _kommuner_index(references, adapter)
    )
    abroad = {index for index, cover in zip(mostly_outside, in_denmark) if not cover.hits}
    for index, share in outside:
        if index in abroad:
            yield found(RULES["G07"], **state.where(index), field=None)
        elif share < MOSTLY_OUTSIDE:
            yield found(
                RULES["G08"],
                **state.where(index),
                field=None,
                inside=percent(share),
                kommune=run.kommune,
            )
        else:
            yield found(
                RULES["G09"],
                **state.where(index),
                field=None,
                outside=percent(1 - share),
                kommune=run.kommune,
            )


def check_nature(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """R01–R03: the share of a site inside Natura 2000, §3 nature or a fredning."""
    if not is_polygon_layer(state):
        return
    references = _loaded(run, "natur", lambda loaded: loaded.natur)
    adapter = run.adapter
    indices = _checked(state)
    geometries = [state.geometries[index] for index in indices]
    for kind, code in NATURE_RULES:
        of_kind = _nature_of_kind(references, kind)
        if not of_kind:
            continue
        coverages = adapter.coverage(geometries, _nature_index(references, adapter, kind))
        for index, cover in zip(indices, coverages):
            if cover.share < NATURE_MIN_SHARE:
                continue
            names = list(dict.fromkeys(of_kind[hit].navn or "?" for hit in cover.hits))
            yield found(
                RULES[code],
                **state.where(index),
                field=None,
                share=percent(cover.share),
                names=listing(names),
            )


def check_in_business_plan(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """R04: a business site should lie in an adopted plan for erhverv."""
    if state.name not in PLAN_CHECKED_LAYERS:
        return
    references = _loaded(run, "lokalplaner", lambda loaded: loaded.planer)
    business = _business_plans_index(references, run.adapter)
    indices = _checked(state)
    coverages = run.adapter.coverage([state.geometries[index] for index in indices], business)
    for index, cover in zip(indices, coverages):
        if cover.share < PLAN_MIN_SHARE:
            yield found(RULES["R04"], **state.where(index), field=None, share=percent(cover.share))


def check_referenced_plan(state: LayerState, run: RunSettings) -> Iterator[Found]:
    """R05 a named lokalplan that is only proposed or cancelled; R06 one Plandata does not know."""
    column = state.columns.get("lokalplan_id")
    if state.name not in PLAN_CHECKED_LAYERS or column is None:
        return
    by_id = _plans_by_id(_loaded(run, "lokalplaner", lambda loaded: loaded.planer))
    if not by_id:
        raise MissingReferences("lokalplaner")
    for index, value in enumerate(column):
        if is_missing(value):
            continue
        planid = as_code(value)
        plan = by_id.get(planid)
        if plan is None:
            yield found(RULES["R06"], **state.where(index), field="lokalplan_id", value=planid)
        elif plan.status != ADOPTED:
            status = PLAN_STATUS_TEXT.get(
                plan.status,
                Text(
                    f"ikke vedtaget (status {plan.status})", f"not adopted (status {plan.status})"
                ),
            )
            yield found(
                RULES["R05"],
                **state.where(index),
                field="lokalplan_id",
                value=planid,
                name=plan.navn or "?",
                status=status,
            )
