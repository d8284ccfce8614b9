"""Rules against the reference layers ERST loads: kommunegrænser, nature protection, plans."""
from __future__ import annotations

from typing import Iterator

from ..findings import Finding
from ..messages import BilingualError
from .catalogue import RULES
from .context import LayerState, RunSettings
from .geometry_checks import is_polygon_layer
from .messages import Text, listing, make_finding, percent
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


def check_kommune_boundary(state: LayerState, run: RunSettings) -> Iterator[Finding]:
    """G07 outside Denmark, G08 (mostly) outside the submitting kommune, G09 across its border."""
    kommuner = run.references.kommuner if run.references else {}
    if not kommuner:
        raise MissingReferences("kommunegraenser")
    own = kommuner.get(run.kommune)
    if own is None:
        raise CannotRun(f"kommune {run.kommune} findes ikke i kommunegrænserne.",
                        f"municipality {run.kommune} is not in the municipal boundaries.")
    indices = _checked(state)
    geometries = [state.geometries[index] for index in indices]
    coverages = run.adapter.coverage(geometries, [own])
    outside = [(index, cover.share) for index, cover in zip(indices, coverages)
               if cover.share < 1 - OUTSIDE_TOLERANCE]
    mostly_outside = [index for index, share in outside if share < MOSTLY_OUTSIDE]
    in_denmark = run.adapter.coverage([state.geometries[index] for index in mostly_outside],
                                      list(kommuner.values()))
    abroad = {index for index, cover in zip(mostly_outside, in_denmark) if not cover.hits}
    for index, share in outside:
        if index in abroad:
            yield make_finding(RULES["G07"], **state.where(index), field=None)
        elif share < MOSTLY_OUTSIDE:
            yield make_finding(RULES["G08"], **state.where(index), field=None,
                               inside=percent(share), kommune=run.kommune)
        else:
            yield make_finding(RULES["G09"], **state.where(index), field=None,
                               outside=percent(1 - share), kommune=run.kommune)


def check_nature(state: LayerState, run: RunSettings) -> Iterator[Finding]:
    """R01–R03: the share of a site inside Natura 2000, §3 nature or a fredning."""
    if not is_polygon_layer(state):
        return
    areas = run.references.natur if run.references else []
    if not areas:
        raise MissingReferences("natur")
    indices = _checked(state)
    geometries = [state.geometries[index] for index in indices]
    for kind, code in NATURE_RULES:
        of_kind = [area for area in areas if area.kind == kind]
        if not of_kind:
            continue
        coverages = run.adapter.coverage(geometries, [area.geometry for area in of_kind])
        for index, cover in zip(indices, coverages):
            if cover.share < NATURE_MIN_SHARE:
                continue
            names = list(dict.fromkeys(of_kind[hit].navn or "?" for hit in cover.hits))
            yield make_finding(RULES[code], **state.where(index), field=None,
                               share=percent(cover.share), names=listing(names))


def check_in_business_plan(state: LayerState, run: RunSettings) -> Iterator[Finding]:
    """R04: a business site should lie in an adopted plan for erhverv."""
    if state.name not in PLAN_CHECKED_LAYERS:
        return
    plans = run.references.planer if run.references else []
    if not plans:
        raise MissingReferences("lokalplaner")
    business = [plan.geometry for plan in plans
                if plan.status == ADOPTED and plan.anvgen in ERHVERV_ANVGEN]
    indices = _checked(state)
    coverages = run.adapter.coverage([state.geometries[index] for index in indices], business)
    for index, cover in zip(indices, coverages):
        if cover.share < PLAN_MIN_SHARE:
            yield make_finding(RULES["R04"], **state.where(index), field=None,
                               share=percent(cover.share))


def check_referenced_plan(state: LayerState, run: RunSettings) -> Iterator[Finding]:
    """R05 a named lokalplan that is only proposed or cancelled; R06 one Plandata does not know."""
    column = state.columns.get("lokalplan_id")
    if state.name not in PLAN_CHECKED_LAYERS or column is None:
        return
    plans = [plan for plan in (run.references.planer if run.references else [])
             if plan.plantype == LOKALPLAN]
    if not plans:
        raise MissingReferences("lokalplaner")
    by_id = {plan.planid: plan for plan in plans}
    for index, value in enumerate(column):
        if is_missing(value):
            continue
        planid = as_code(value)
        plan = by_id.get(planid)
        if plan is None:
            yield make_finding(RULES["R06"], **state.where(index), field="lokalplan_id",
                               value=planid)
        elif plan.status != ADOPTED:
            status = PLAN_STATUS_TEXT.get(plan.status, Text(
                f"ikke vedtaget (status {plan.status})", f"not adopted (status {plan.status})"))
            yield make_finding(RULES["R05"], **state.where(index), field="lokalplan_id",
                               value=planid, name=plan.navn or "?", status=status)
