"""How a planner's own layer maps onto a data-model layer: field by field, value by value.

A mapping is suggested from the source's field names (the data model's own names, its labels, and
the names Plandata uses) and its values (codes and labels of the code lists; for a Plandata
lokalplan layer the proposed value maps, fallbacks and defaults of ``plandata``), edited in the
import dialog, and remembered per source schema (its field names) in the QGIS settings, so every
file or WFS layer of the same schema starts from it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field

from qgis.core import QgsSettings, QgsVectorLayer

from datamodel.codelists import CODELISTS
from datamodel.layers import LAYERS
from datamodel.rules.values import as_code, is_missing
from datamodel.schema import Field, Layer
from .check import plain_value
from .plandata import PLANDATA_FIELDS, is_plandata, plandata_field

KNOWN_SOURCE_NAMES = {
    **{entry.source: entry.target for entry in PLANDATA_FIELDS},
    "name": "navn",
    "komkode": "kommunekode",
}
"""Source field names (lower case) from Plandata.dk's lokalplan schema and other common sources."""
MAPPINGS_KEY = "overblikskort/mappings"
MAX_DISTINCT_VALUES = 200


@dataclass
class FieldRule:
    source: str | None = None
    """Source field whose value is taken; None to use ``constant`` (or the field's default)."""
    constant: object = None
    """The value when there is no source field, or the source's value is missing."""
    values: dict[str, str] = field(default_factory=dict)
    """For code-list fields: source value (as a code, e.g. "31") → code of the list."""
    fallback: str | None = None
    """For code-list fields: the code a source value outside the list and ``values`` becomes
    (with a warning), e.g. the nearest general code; None refuses such a value."""


@dataclass
class Mapping:
    target: str
    """Data-model layer name."""
    fields: dict[str, FieldRule] = field(default_factory=dict)
    skip_outside: bool = True
    """Leave out rows outside the planner's kommune (by their kommunekode or geometry)."""

    @property
    def model(self) -> Layer:
        return LAYERS[self.target]

    def rule(self, name: str) -> FieldRule:
        return self.fields.setdefault(name, FieldRule())

    def to_json(self) -> str:
        return json.dumps(
            {
                "target": self.target,
                "skip_outside": self.skip_outside,
                "fields": {name: asdict(rule) for name, rule in self.fields.items()},
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        data = json.loads(text)
        return cls(
            data["target"],
            {
                name: FieldRule(**rule)
                for name, rule in data["fields"].items()
                if name in LAYERS[data["target"]].field_names
            },
            bool(data.get("skip_outside", True)),
        )


def _normalised(text: str) -> str:
    return "".join(character for character in text.lower() if character.isalnum())


def _matching_source(model_field: Field, source_names: list[str]) -> str | None:
    by_normalised = {_normalised(name): name for name in source_names}
    for candidate in (model_field.name, model_field.label_da, model_field.label_en):
        if _normalised(candidate) in by_normalised:
            return by_normalised[_normalised(candidate)]
    for name in source_names:
        if KNOWN_SOURCE_NAMES.get(name.lower()) == model_field.name:
            return name
    return None


def distinct_values(source: QgsVectorLayer, name: str) -> list[str]:
    """The source field's distinct values as codes ("31", "Byzone"), missing ones left out."""
    index = source.fields().indexOf(name)
    values = source.uniqueValues(index, MAX_DISTINCT_VALUES) if index >= 0 else set()
    codes = {as_code(plain_value(value)) for value in values if not is_missing(plain_value(value))}
    return sorted(codes)


def suggest_values(model_field: Field, source_values: list[str]) -> dict[str, str]:
    """Source values that are a code of the field's list, or one of its labels (any case)."""
    codelist = CODELISTS[model_field.codelist]
    by_label = {}
    for code in codelist.codes:
        for text in (code.value, code.label_da, code.label_en):
            by_label[_normalised(text)] = code.value
    return {
        value: by_label[_normalised(value)]
        for value in source_values
        if _normalised(value) in by_label
    }


def suggest_mapping(source: QgsVectorLayer, target: str) -> Mapping:
    names = [f.name() for f in source.fields()]
    plans = is_plandata(names)
    mapping = Mapping(target)
    for model_field in LAYERS[target].fields:
        if model_field.derived_from_geometry:
            continue
        proposal = plandata_field(model_field.name) if plans else None
        source_name = _matching_source(model_field, names)
        if proposal is not None:
            source_name = next(
                (name for name in names if name.lower() == proposal.source), source_name
            )
        values = {}
        if model_field.codelist and source_name is not None:
            found = distinct_values(source, source_name)
            values = suggest_values(model_field, found)
            if proposal is not None:
                values.update(
                    {value: code for value, code in proposal.values.items() if value in found}
                )
            elif found and not values:
                source_name = None  # same name, other meaning (e.g. a plan's status 'V')
        if proposal is not None and proposal.constant is not None:
            # A default for every row (status fremtidig for plans); the value map stays at hand
            # for the planner who takes the field from the source after all.
            source_name = None
        elif source_name is None:
            continue
        mapping.fields[model_field.name] = FieldRule(
            source=source_name,
            values=values,
            constant=proposal.constant if proposal else None,
            fallback=proposal.fallback if proposal else None,
        )
    return mapping


def source_key(source: QgsVectorLayer) -> str:
    """Identifies a source schema across sessions and files: its field names."""
    text = "|".join(sorted(f.name().lower() for f in source.fields()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def save_mapping(source: QgsVectorLayer, mapping: Mapping) -> None:
    QgsSettings().setValue(
        f"{MAPPINGS_KEY}/{mapping.target}/{source_key(source)}", mapping.to_json()
    )


def saved_mapping(source: QgsVectorLayer, target: str) -> Mapping | None:
    text = QgsSettings().value(f"{MAPPINGS_KEY}/{target}/{source_key(source)}", "")
    if not text:
        return None
    try:
        return Mapping.from_json(str(text))
    except (ValueError, KeyError, TypeError):
        return None


def mapping_for(source: QgsVectorLayer, target: str) -> Mapping:
    """The mapping remembered for this source schema, else a suggested one."""
    return saved_mapping(source, target) or suggest_mapping(source, target)
