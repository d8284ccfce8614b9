"""The data-model document for municipalities (Danish Markdown), generated from the declarations.

`python -m publisher docs OUT.md` writes it; docs/datamodel.md is its committed output.
"""

from __future__ import annotations

from .codelists import CODELISTS
from .layers import CRS, DATAMODEL_VERSION, LAYERS
from .reference_docs import reference_markdown
from .rules.catalogue import RULES, RULESET_VERSION
from .schema import Field, FieldType, Layer

_TYPE_NAMES = {
    FieldType.TEXT: "tekst",
    FieldType.INTEGER: "heltal",
    FieldType.REAL: "decimaltal",
    FieldType.BOOLEAN: "sand/falsk",
    FieldType.DATE: "dato",
    FieldType.UUID: "UUID (tekst)",
}
_DEFAULTS = {"new_uuid": "nyt UUID", "kommunekode": "kommunens kode", "today": "dags dato"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _constraints(field: Field) -> str:
    parts = []
    if field.codelist:
        parts.append(f"kodeliste [{field.codelist}](#kodeliste-{field.codelist})")
    if field.minimum is not None or field.maximum is not None:
        low = "" if field.minimum is None else f"{field.minimum:g}"
        high = "" if field.maximum is None else f"{field.maximum:g}"
        parts.append(f"{low}–{high}")
    if field.max_length is not None:
        parts.append(f"højst {field.max_length} tegn")
    if field.pattern is not None:
        parts.append(f"mønster `{field.pattern}`")
    if field.default is not None:
        parts.append(f"standard: {_DEFAULTS[field.default.value]}")
    if field.derived_from_geometry:
        parts.append("beregnes af geometrien")
    return "; ".join(parts)


def _layer_section(layer: Layer) -> list[str]:
    lines = [
        f"## {layer.label_da} (`{layer.name}`)",
        "",
        f"{layer.description_da}",
        "",
        f"*English:* {layer.label_en}. {layer.description_en}",
        "",
        f"Geometri: {', '.join(layer.geometry_types)} i {CRS}. "
        f"Standardsynlighed: `{layer.default_visibility.value}`.",
    ]
    if layer.critical_types:
        lines.append(
            f"Kritisk infrastruktur (synlighed `myndigheder` som standard): "
            f"{', '.join(f'`{t}`' for t in sorted(layer.critical_types))}."
        )
    lines += [
        "",
        "| felt | type | label (da) | label (en) | obligatorisk | regler | beskrivelse |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for field in layer.fields:
        lines.append(
            f"| `{field.name}` | {_TYPE_NAMES[field.type]} | {_cell(field.label_da)} | "
            f"{_cell(field.label_en)} | {'ja' if field.required else 'nej'} | "
            f"{_cell(_constraints(field))} | {_cell(field.description_da)} |"
        )
    return [*lines, ""]


def _codelist_sections() -> list[str]:
    lines = [
        "## Kodelister",
        "",
        "Koder markeret *foreløbig* har en label, vi ikke har kunnet efterprøve mod "
        "Plandata.dk's egen kodeliste.",
        "",
    ]
    for codelist in CODELISTS.values():
        lines += [
            f"### Kodeliste {codelist.name}",
            "",
            f'<a id="kodeliste-{codelist.name}"></a>{codelist.label_da} '
            f"(*{codelist.label_en}*)."
            + (f" Kilde: {codelist.source}." if codelist.source else ""),
            "",
            "| kode | label (da) | label (en) |",
            "| --- | --- | --- |",
        ]
        for code in codelist.codes:
            mark = " *(foreløbig)*" if code.provisional else ""
            lines.append(
                f"| `{code.value}` | {_cell(code.label_da)}{mark} | {_cell(code.label_en)} |"
            )
        lines.append("")
    return lines


def _rule_section() -> list[str]:
    lines = [
        f"## Kontroller (regelsæt {RULESET_VERSION})",
        "",
        "| kode | alvor | kontrol | sådan retter du det |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        lines.append(
            f"| {rule.code} | {rule.severity.value} | {_cell(rule.title_da)} | "
            f"{_cell(rule.fix_da)} |"
        )
    return [*lines, ""]


def datamodel_markdown() -> str:
    lines = [
        f"# Overblikskort – datamodel {DATAMODEL_VERSION}",
        "",
        "Dette dokument er genereret af `python -m publisher docs` ud fra "
        "`datamodel/layers.py` og `codelists.py`. Ret dér, ikke her.",
        "",
        f"Alle lag udveksles som GeoPackage (eller GeoJSON med ét lag) i {CRS} "
        "(ETRS89 / UTM zone 32N). En tom skabelon laves med "
        "`python -m publisher template skabelon.gpkg`.",
        "",
        "Indhold: "
        + ", ".join(
            f"[{layer.label_da}](#{layer.label_da.lower()}-{layer.name})"
            for layer in LAYERS.values()
        )
        + ", [Kodelister](#kodelister), "
        "[Kontroller](#kontroller), [Referencedata](#referencedata-national-kontekst), "
        "[Omgivelser](#omgivelser-omgivelser), "
        "[Sådan kommer du videre](#sådan-kommer-du-videre-vejledningskataloget).",
        "",
    ]
    for layer in LAYERS.values():
        lines += _layer_section(layer)
    lines += _codelist_sections()
    lines += _rule_section()
    lines += reference_markdown()
    return "\n".join(lines).rstrip() + "\n"
