"""The documented limits of one validation, as the publisher's settings give them.

| limit | setting (``OVERBLIKSKORT_`` + upper case) | default | when it bites |
| --- | --- | --- | --- |
| layers in a file | validation_max_layers | 20 | 422 before anything is read |
| features per layer | validation_max_features | 500,000 | 422 before the layer is read whole |
| vertices per geometry | validation_max_vertices_per_geometry | 100,000 | 422 before the rules run |
| vertices per file | validation_max_vertices | 20,000,000 | 422 before the rules run |
| findings itemised per rule and layer | validation_findings_per_rule | 100 | the rest counted in S05 |
| G10/G11 itemised per object | validation_overlaps_per_object | 3 | the rest counted in S05 |
| overlap pairs examined per object | validation_overlap_pairs_per_object | 20 (at least 10,000 per layer) | G12, blocking |
| wall time of one validation | validation_timeout_seconds | 240 | worker killed, 422 |
| memory of the validation worker | validation_memory_mb | 4096 | worker stopped, 422 |
"""

from __future__ import annotations

from dataclasses import dataclass

from datamodel.rules import RunLimits


@dataclass(frozen=True)
class ValidationLimits:
    """The settings ``validation_<name>``; their defaults are defined once, in Settings."""

    max_layers: int
    max_features: int
    max_vertices_per_geometry: int
    max_vertices: int
    findings_per_rule: int
    overlaps_per_object: int
    overlap_pairs_per_object: int
    timeout_seconds: int
    memory_mb: int

    @classmethod
    def from_settings(cls, settings) -> ValidationLimits:
        return cls(
            **{name: getattr(settings, f"validation_{name}") for name in cls.__dataclass_fields__}
        )

    @classmethod
    def default(cls) -> ValidationLimits:
        from ..settings import Settings

        return cls.from_settings(Settings())

    def rule_limits(self) -> RunLimits:
        return RunLimits(
            findings_per_rule=self.findings_per_rule,
            overlaps_per_object=self.overlaps_per_object,
            overlap_pairs_per_object=self.overlap_pairs_per_object,
        )
