"""Rules, findings and reports as typed data: what every consumer (CLI, API, QGIS dock) shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Severity(str, Enum):
    BLOKERENDE = "blokerende"
    """Blocks sending and publishing."""
    ADVARSEL = "advarsel"
    """Goes to the approver with the submission."""
    INFO = "info"


SEVERITY_ORDER = (Severity.BLOKERENDE, Severity.ADVARSEL, Severity.INFO)


@dataclass(frozen=True)
class Rule:
    """One check of the rulebook. Messages are ``str.format`` templates over a finding's values."""

    code: str
    severity: Severity
    title_da: str
    title_en: str
    message_da: str
    message_en: str
    fix_da: str
    fix_en: str


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    layer: str | None
    objekt_id: str | None
    feature: int | None
    """1-based number of the feature in its layer, for objects without a usable objekt_id."""
    field: str | None
    message_da: str
    message_en: str
    fix_da: str = ""
    fix_en: str = ""
    fixed: bool = False
    """True when the check repaired the problem itself (the report says what it did)."""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(**{**data, "severity": Severity(data["severity"])})

    def message(self, language: str = "da") -> str:
        return self.message_da if language == "da" else self.message_en

    def fix(self, language: str = "da") -> str:
        return self.fix_da if language == "da" else self.fix_en


@dataclass
class Report:
    ruleset_version: str
    datamodel_version: str
    kommune: str
    findings: list[Finding] = field(default_factory=list)
    feature_counts: dict[str, int] = field(default_factory=dict)
    """Number of features read per layer."""

    @property
    def summary(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in SEVERITY_ORDER}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    @property
    def blocking(self) -> bool:
        return any(f.severity is Severity.BLOKERENDE for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ruleset_version": self.ruleset_version,
            "datamodel_version": self.datamodel_version,
            "kommune": self.kommune,
            "blocking": self.blocking,
            "summary": self.summary,
            "feature_counts": dict(self.feature_counts),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        return cls(
            ruleset_version=data["ruleset_version"],
            datamodel_version=data["datamodel_version"],
            kommune=data["kommune"],
            findings=[Finding.from_dict(f) for f in data["findings"]],
            feature_counts=dict(data.get("feature_counts", {})),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    def digest(self) -> str:
        """SHA-256 of the canonical JSON; stored in the audit log with every decision."""
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()
