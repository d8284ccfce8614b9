"""The data-model document's sections on the national context: the reference kinds ERST loads,
``omgivelser`` and the guidance topics (Danish Markdown, generated from the declarations)."""

from __future__ import annotations

from .guidance import TOPICS
from .omgivelser import FACTS, FLAT_PREFIX, LIST_SEPARATOR
from .reference_codelists import REFERENCE_CODELISTS
from .references import KINDS, ReferenceKind

_TYPES = {
    "text": "tekst",
    "integer": "heltal",
    "real": "decimaltal",
    "boolean": "sand/falsk",
    "date": "dato",
    "uuid": "UUID (tekst)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _kind_section(kind: ReferenceKind) -> list[str]:
    how = (
        "afledes af bygningen af Plandata-planerne"
        if not kind.importable
        else f"`python -m publisher references import {kind.name} FIL`"
    )
    lines = [
        f"### {kind.label_da} (`{kind.name}`)",
        "",
        kind.description_da,
        "",
        f"*English:* {kind.label_en}. {kind.description_en}",
        "",
        f"Indlæses: {how}. Geometri: {', '.join(s.value for s in kind.shapes)}. "
        f"Synlighed: {kind.visibility.describe()}. "
        f"Standardkilde: {kind.attribution} ({kind.licence}). "
        + (
            "En import erstatter hele typen."
            if kind.replaces_whole_kind
            else "En import erstatter den samme kilde (`--source`, ellers filnavnet)."
        ),
        "",
    ]
    if kind.layers:
        lines += [
            "Kortlag: "
            + "; ".join(
                f"`{layer.id}` fra zoom {layer.minzoom}"
                + (" (tændt som standard)" if layer.default_on else "")
                for layer in kind.layers
            )
            + ".",
            "",
        ]
    lines += [
        "| felt | type | label (da) | label (en) | findes i kildens felt | i kortets tiles |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for spec in kind.fields:
        field = spec.field
        kind_type = _TYPES[field.type.value] + (
            f", kodeliste `{field.codelist}`" if field.codelist else ""
        )
        lines.append(
            f"| `{field.name}` | {kind_type} | {_cell(field.label_da)} | {_cell(field.label_en)} | "
            f"{', '.join(f'`{s}`' for s in spec.sources) or '–'} | {'ja' if spec.tile else 'nej'} |"
        )
    return [*lines, ""]


def _codelists() -> list[str]:
    lines = ["### Kodelister for referencedata", ""]
    for codelist in REFERENCE_CODELISTS.values():
        codes = ", ".join(
            f"`{c.value}` {c.label_da}" + (" *(foreløbig)*" if c.provisional else "")
            for c in codelist.codes
        )
        lines += [f"* `{codelist.name}` ({codelist.label_da}): {codes}."]
    return [*lines, ""]


def _omgivelser() -> list[str]:
    lines = [
        "## Omgivelser (`omgivelser`)",
        "",
        "Bygningen beregner for hvert offentligt erhvervsareal et `omgivelser`-objekt ud fra de "
        "offentlige referenceobjekter. Det står i `sites.json`, i kortets arealkort og i OGC API "
        "Features (`properties.omgivelser`); downloads har det som flade kolonner "
        f"`{FLAT_PREFIX}<nøgle>_<felt>` (lister samlet med `{LIST_SEPARATOR.strip()}`). "
        "En nøgle findes, når dens type har offentlige objekter.",
        "",
        "| nøgle | fra | hvad | felter |",
        "| --- | --- | --- | --- |",
    ]
    measures = {
        "cover": "alle der overlapper arealet, med andel",
        "nearest": "det nærmeste, med afstand (0 ved overlap) og andel",
        "largest_cover": "det der dækker mest af arealet",
        "heating": "i et forsyningsområde, ellers nærmeste værk med afstand",
    }
    for fact in FACTS:
        where = f" (`{fact.where[0]}` = `{fact.where[1]}`)" if fact.where else ""
        lines.append(
            f"| `{fact.key}` | `{fact.kind}`{where} | {measures[fact.measure.value]} | "
            f"{', '.join(f'`{f.name}`' for f in fact.fields)} |"
        )
    return [*lines, ""]


def _guidance() -> list[str]:
    lines = [
        "## Sådan kommer du videre (vejledningskataloget)",
        "",
        "Hvert offentligt areal får `naeste_skridt`: de emner der gælder for det. Linkene står i "
        "kataloget: nationale standarder herunder, som ERST kan erstatte, og kommunernes egne sider "
        "(`python -m publisher vejledning set EMNE URL [--kommune KODE]`). Bygningen henter aldrig "
        "et link.",
        "",
        "| emne | gælder når | nationalt standardlink |",
        "| --- | --- | --- |",
    ]
    for topic in TOPICS.values():
        lines.append(f"| `{topic.code}` {topic.label_da} | {topic.when_da} | {topic.default_url} |")
    return [*lines, ""]


def reference_markdown() -> list[str]:
    lines = [
        "## Referencedata (national kontekst)",
        "",
        "ERST indlæser referencedata med herkomst (kilde, dato, licens, kreditering, antal). "
        "Typerne er erklæret i `datamodel/references.py`; import, regler, bygning og kort læser "
        "dem derfra.",
        "",
    ]
    for kind in KINDS.values():
        lines += _kind_section(kind)
    return lines + _codelists() + _omgivelser() + _guidance()
