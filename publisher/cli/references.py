"""`python -m publisher references import KIND FILE`: load reference layers into the store."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..references import NATUR_KINDS, ReferenceImportError, import_reference_file
from ..store.records import REFERENCE_KINDS
from .common import open_store_for


def register(subparsers) -> None:
    parser = subparsers.add_parser("references", help="reference layers (kommunegrænser, natur, "
                                                      "lokalplaner)")
    actions = parser.add_subparsers(dest="references_action", required=True, metavar="ACTION")
    load = actions.add_parser("import", help="import a file; replaces the same kind (and source)")
    load.add_argument("kind", choices=REFERENCE_KINDS)
    load.add_argument("file", type=Path)
    load.add_argument("--field-map", nargs="*", default=[], metavar="SOURCE=TARGET",
                      help="map the file's field names to the kind's, e.g. KOMKODE=kommunekode")
    load.add_argument("--kind", dest="natur_kind", choices=NATUR_KINDS,
                      help="for natur: which protection the file holds (guessed from Temakode)")
    load.add_argument("--source", help="name of the source; a re-import of it replaces it "
                                       "(default: the file name)")
    load.set_defaults(handler=handle_import)
    listing = actions.add_parser("list", help="what is loaded")
    listing.set_defaults(handler=handle_list)


def _field_map(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        source, separator, target = pair.partition("=")
        if not separator or not source or not target:
            raise ReferenceImportError(f"--field-map skal have formen kilde=mål, ikke {pair!r}",
                                       f"--field-map must look like source=target, not {pair!r}")
        mapping[source] = target
    return mapping


def handle_import(args: argparse.Namespace) -> int:
    try:
        if not args.file.is_file():
            raise ReferenceImportError(f"Filen {args.file} findes ikke.",
                                       f"The file {args.file} does not exist.")
        summary = import_reference_file(open_store_for(args), args.kind, args.file,
                                        field_map=_field_map(args.field_map),
                                        natur_kind=args.natur_kind, source=args.source)
    except ReferenceImportError as error:
        print(f"fejl: {error.message_da}\nerror: {error.message_en}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    return 0


def handle_list(args: argparse.Namespace) -> int:
    from ..store.reference_layers import reference_imports

    imports = reference_imports(open_store_for(args))
    if not imports:
        print("ingen referencelag / no reference layers")
    for item in imports:
        print(f"{item.kind:16} {item.feature_count:6}  {item.source}  ({item.imported_at})")
    return 0
