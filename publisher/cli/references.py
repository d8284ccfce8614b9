"""`python -m publisher references import KIND FILE`: load reference layers into the store.

The kinds and what each keeps are declared in ``datamodel.references`` (see docs/public-map.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from datamodel import Visibility

from ..references import (
    IMPORTABLE_KINDS,
    KINDS,
    NATUR_KINDS,
    ReferenceImportError,
    import_reference_file,
)
from .common import open_store_for


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "references",
        help="reference layers (the national context: " + ", ".join(IMPORTABLE_KINDS) + ")",
    )
    actions = parser.add_subparsers(dest="references_action", required=True, metavar="ACTION")
    load = actions.add_parser("import", help="import a file; replaces the same kind (and source)")
    load.add_argument("kind", metavar="KIND", help=" · ".join(IMPORTABLE_KINDS))
    load.add_argument("file", type=Path)
    load.add_argument(
        "--field-map",
        nargs="*",
        default=[],
        metavar="SOURCE=TARGET",
        help="map the file's field names to the kind's, e.g. KOMKODE=kommunekode",
    )
    load.add_argument(
        "--kind",
        dest="natur_kind",
        choices=NATUR_KINDS,
        help="for natur: which protection the file holds (guessed from Temakode)",
    )
    load.add_argument(
        "--source",
        help="name of the source; a re-import of it replaces it (default: the file name)",
    )
    load.add_argument(
        "--date",
        "--dato",
        dest="data_date",
        metavar="YYYY-MM-DD",
        help="the date of the data (default: the file's date)",
    )
    load.add_argument("--licence", "--licens", dest="licence", help="default: the kind's")
    load.add_argument(
        "--attribution",
        "--kreditering",
        dest="attribution",
        help="the text the map shows for the source (default: the kind's)",
    )
    load.add_argument(
        "--synlighed",
        choices=[v.value for v in Visibility],
        help="force every object's visibility (default: the kind's rule; objects "
        "the file marks as anything but offentlig stay myndigheder)",
    )
    load.set_defaults(handler=handle_import)
    listing = actions.add_parser("list", help="what is loaded, with provenance")
    listing.set_defaults(handler=handle_list)
    remove = actions.add_parser("remove", help="remove one imported source of a kind")
    remove.add_argument("kind", metavar="KIND")
    remove.add_argument("source")
    remove.set_defaults(handler=handle_remove)


def _field_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        source, separator, target = pair.partition("=")
        if not separator or not source or not target:
            raise ReferenceImportError(
                f"--field-map skal have formen kilde=mål, ikke {pair!r}",
                f"--field-map must look like source=target, not {pair!r}",
            )
        mapping[source] = target
    return mapping


def _fail(error: ReferenceImportError) -> int:
    print(f"fejl: {error.message_da}\nerror: {error.message_en}", file=sys.stderr)
    return 2


def handle_import(args: argparse.Namespace) -> int:
    try:
        if args.kind not in IMPORTABLE_KINDS:
            kinds = ", ".join(IMPORTABLE_KINDS)
            raise ReferenceImportError(
                f"Ukendt referencetype {args.kind!r}; vælg {kinds}.",
                f"Unknown reference kind {args.kind!r}; choose {kinds}.",
            )
        if not args.file.is_file():
            raise ReferenceImportError(
                f"Filen {args.file} findes ikke.", f"The file {args.file} does not exist."
            )
        summary = import_reference_file(
            open_store_for(args),
            args.kind,
            args.file,
            field_map=_field_map(args.field_map),
            natur_kind=args.natur_kind,
            source=args.source,
            data_date=args.data_date,
            licence=args.licence,
            attribution=args.attribution,
            synlighed=args.synlighed,
        )
    except ReferenceImportError as error:
        return _fail(error)
    print("\n".join(summary.lines()))
    print("Kør `build` for at vise det på kortet / run `build` to show it on the map.")
    return 0


def handle_list(args: argparse.Namespace) -> int:
    from ..store.reference_layers import reference_imports

    imports = reference_imports(open_store_for(args))
    if not imports:
        print("ingen referencelag / no reference layers")
    for item in imports:
        print(
            f"{item.kind:18} {item.feature_count:7}  {item.source}  data {item.data_date or '-'}  "
            f"importeret / imported {item.imported_at}  synlighed {item.synlighed or '-'}"
        )
        print(f"{'':18} {'':7}  {item.attribution or '-'} · {item.licence or '-'}")
    return 0


def handle_remove(args: argparse.Namespace) -> int:
    from ..store.reference_layers import remove_reference_source

    if args.kind not in KINDS:
        return _fail(
            ReferenceImportError(
                f"Ukendt referencetype {args.kind!r}.", f"Unknown reference kind {args.kind!r}."
            )
        )
    if not remove_reference_source(open_store_for(args), args.kind, args.source, "cli"):
        return _fail(
            ReferenceImportError(
                f"{args.kind} har ingen kilde {args.source!r} (se `references list`).",
                f"{args.kind} has no source {args.source!r} (see `references list`).",
            )
        )
    print(f"{args.kind} ({args.source}) fjernet / removed")
    return 0
