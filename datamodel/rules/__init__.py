"""Rulebook v1: every check a submission goes through, in pure Python.

``run_rules`` takes the layers as columns plus a geometry adapter (see ``..geometry``) and
returns the report. docs/report-format.md lists the rules.

Where to change what:

* a rule's words or severity: ``catalogue.py`` (then bump ``RULESET_VERSION``);
* a field's constraint (required, code list, range, length, pattern): ``../layers.py`` only;
  ``attribute_checks.py`` reads the declarations, so no rule code changes;
* a rule's logic: ``geometry_checks.py``, ``attribute_checks.py``, ``consistency_checks.py`` or
  ``reference_checks.py``; a new check goes into ``engine.CHECKS``, in the order it needs;
* every rule has a failing case in ``tests/conformance/cases.py``, which the publisher's and the
  plugin's adapters must both pass.
"""

from .catalogue import RULES, RULESET_VERSION
from .context import LayerInput, NaturArea, PlanArea, ReferenceSet, RunLimits
from .engine import CHECKS, RulesOutcome, run_rules
from .geometry_checks import crs_verdict
from .values import repaired_mojibake

__all__ = [
    "CHECKS",
    "RULES",
    "RULESET_VERSION",
    "LayerInput",
    "NaturArea",
    "PlanArea",
    "ReferenceSet",
    "RulesOutcome",
    "RunLimits",
    "crs_verdict",
    "repaired_mojibake",
    "run_rules",
]
