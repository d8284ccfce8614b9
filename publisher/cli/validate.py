"""`python -m publisher validate FILE --kommune 0153`: the rulebook's verdict on one file.

Exit status: 0 nothing blocks, 1 something blocks, 2 the file cannot be read at all or is beyond
the validation limits (``publisher/validation/limits.py``; time and memory included).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from datamodel.findings import SEVERITY_ORDER, Report, Severity

from .common import settings_for

EXIT_OK, EXIT_BLOCKING, EXIT_UNREADABLE = 0, 1, 2

_HEADINGS = {
    "da": {
        "report": "Valideringsrapport",
        "kommune": "Kommune",
        "ruleset": "Regelsæt",
        "datamodel": "Datamodel",
        "features": "Objekter",
        "none": "Ingen fund.",
        "feature": "objekt nr.",
        "field": "felt",
        "fix": "Sådan retter du det",
        "fixed": "rettet automatisk",
        "summary": "Opsummering",
        "verdict_blocking": "Resultat: indsendelsen er BLOKERET.",
        "verdict_ok": "Resultat: intet blokerer.",
        "layer": "lag",
    },
    "en": {
        "report": "Validation report",
        "kommune": "Municipality",
        "ruleset": "Rule set",
        "datamodel": "Data model",
        "features": "Features",
        "none": "No findings.",
        "feature": "feature no.",
        "field": "field",
        "fix": "How to fix",
        "fixed": "fixed automatically",
        "summary": "Summary",
        "verdict_blocking": "Result: the submission is BLOCKED.",
        "verdict_ok": "Result: nothing blocks.",
        "layer": "layer",
    },
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="validate a GeoPackage or GeoJSON submission",
        description="Runs the rulebook on FILE and prints the report. Exit status 0: nothing "
        "blocks, 1: something blocks, 2: the file cannot be read.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument(
        "--kommune", required=True, help="the submitting kommune's four-digit code, e.g. 0167"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--lang", choices=("da", "en"), default="da")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from publisher.validation import UnreadableSubmission, ValidationPool, normalise_kommune

    try:
        kommune = normalise_kommune(args.kommune)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return EXIT_UNREADABLE
    if not args.file.is_file():
        print(
            f"Filen findes ikke: {args.file}"
            if args.lang == "da"
            else f"No such file: {args.file}",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    # The worker process reads the file and the store's reference layers, bound by the
    # settings' time and memory limits, as the API's validation is.
    pool = ValidationPool(settings_for(args), start_method="spawn")
    try:
        checked = pool.validate(args.file, kommune, args.file.name, with_rows=False)
    except UnreadableSubmission as error:
        print(error.message(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        pool.close()
    if checked.reference_problem:
        print(
            f"Referencelagene kunne ikke indlæses / the reference layers could not be loaded: "
            f"{checked.reference_problem}",
            file=sys.stderr,
        )
    report = checked.report
    print(report.to_json() if args.format == "json" else format_text(report, args.lang))
    return EXIT_BLOCKING if report.blocking else EXIT_OK


_SEVERITY_EN = {
    Severity.BLOKERENDE: "blocking",
    Severity.ADVARSEL: "warning",
    Severity.INFO: "info",
}


def _severity(severity: Severity, language: str) -> str:
    return severity.value if language == "da" else _SEVERITY_EN[severity]


def format_text(report: Report, language: str = "da") -> str:
    words = _HEADINGS[language]
    counts = ", ".join(f"{name} {count}" for name, count in report.feature_counts.items())
    lines = [
        f"{words['report']} — {words['kommune']} {report.kommune}",
        f"{words['ruleset']} {report.ruleset_version} · {words['datamodel']} "
        f"{report.datamodel_version} · {words['features']}: {counts or '-'}",
        "",
    ]
    if not report.findings:
        lines.append(words["none"])
    for finding in report.findings:
        where = [
            f"{words['layer']} {finding.layer}" if finding.layer else None,
            finding.objekt_id,
            f"{words['feature']} {finding.feature}" if finding.feature else None,
            f"{words['field']} {finding.field}" if finding.field else None,
        ]
        fixed = f" [{words['fixed']}]" if finding.fixed else ""
        lines.append(
            f"{finding.rule} {_severity(finding.severity, language).upper()}{fixed} · "
            + " · ".join(part for part in where if part)
        )
        lines.append(f"    {finding.message(language)}")
        if finding.fix(language):
            lines.append(f"    {words['fix']}: {finding.fix(language)}")
    summary = report.summary
    lines += [
        "",
        f"{words['summary']}: "
        + ", ".join(
            f"{_severity(severity, language)} {summary[severity.value]}"
            for severity in SEVERITY_ORDER
        ),
        words["verdict_blocking"] if report.blocking else words["verdict_ok"],
    ]
    return "\n".join(lines)
