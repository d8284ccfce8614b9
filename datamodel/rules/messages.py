"""Turning a rule and the offending values into a bilingual finding."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding, Rule


@dataclass(frozen=True)
class Text:
    """A value that reads differently in Danish and English."""

    da: str
    en: str


class Number:
    """A number in Danish (1.234,5) and English (1,234.5) notation, written out only when a
    message that shows it is made (most findings of a large file are only counted)."""

    __slots__ = ("decimals", "value")

    def __init__(self, value: float, decimals: int = 0):
        self.value = value
        self.decimals = decimals

    @property
    def en(self) -> str:
        return f"{self.value:,.{self.decimals}f}"

    @property
    def da(self) -> str:
        return self.en.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number(value: float, decimals: int = 0) -> Number:
    return Number(value, decimals)


def percent(share: float) -> Number:
    """A share 0–1 as a percentage with one decimal where it matters (0,4 %, 37 %)."""
    value = share * 100
    return Number(value, 1 if 0 < value < 10 or 90 < value < 100 else 0)


def listing(items: list[str], limit: int = 3) -> Text:
    shown = ", ".join(items[:limit])
    more = len(items) - limit
    if more > 0:
        return Text(f"{shown} og {more} flere", f"{shown} and {more} more")
    return Text(shown, shown)


@dataclass(slots=True)
class Found:
    """A finding as a check reports it: worded into a Finding only if the report keeps it
    (a file can hold a million findings of one rule; the report itemises the first few)."""

    definition: Rule
    layer: str | None
    feature: int | None
    objekt_id: str | None
    field: str | None
    fixed: bool
    values: dict[str, object]

    @property
    def rule(self) -> str:
        return self.definition.code

    def finding(self) -> Finding:
        return make_finding(
            self.definition,
            self.layer,
            self.feature,
            self.objekt_id,
            self.field,
            self.fixed,
            **self.values,
        )


def found(
    rule: Rule,
    layer: str | None,
    feature: int | None,
    objekt_id: str | None,
    field: str | None,
    fixed: bool = False,
    **values: object,
) -> Found:
    """What a check yields: the rule, where, and the values its message is filled with."""
    return Found(rule, layer, feature, objekt_id, field, fixed, values)


@dataclass(frozen=True)
class Omitted:
    """Yielded by a check for ``count`` findings of ``rule`` that it does not itemise (the
    report counts them in its summary of what was left out)."""

    rule: str
    count: int = 1


def make_finding(
    rule: Rule,
    layer: str | None,
    feature: int | None,
    objekt_id: str | None,
    field: str | None,
    fixed: bool = False,
    **values: object,
) -> Finding:
    values = {"field": field, **values}
    danish = {
        key: value.da if isinstance(value, (Text, Number)) else value
        for key, value in values.items()
    }
    english = {
        key: value.en if isinstance(value, (Text, Number)) else value
        for key, value in values.items()
    }
    return Finding(
        rule=rule.code,
        severity=rule.severity,
        layer=layer,
        objekt_id=objekt_id,
        feature=feature,
        field=field,
        message_da=rule.message_da.format(**danish),
        message_en=rule.message_en.format(**english),
        fix_da=rule.fix_da.format(**danish),
        fix_en=rule.fix_en.format(**english),
        fixed=fixed,
    )
