"""Rulebook v1: every check a submission goes through, in pure Python.

``run_rules`` takes the layers as columns plus a geometry adapter (see ``..geometry``) and
returns the report. Rule texts and codes are in ``catalogue.py``; docs/report-format.md lists them.
"""
from .catalogue import RULES, RULESET_VERSION
from .context import LayerInput, NaturArea, PlanArea, ReferenceSet
from .engine import CHECKS, RulesOutcome, run_rules
from .geometry_checks import crs_verdict
from .values import repaired_mojibake

__all__ = [
    "CHECKS", "RULES", "RULESET_VERSION", "LayerInput", "NaturArea", "PlanArea", "ReferenceSet",
    "RulesOutcome", "crs_verdict", "repaired_mojibake", "run_rules",
]
