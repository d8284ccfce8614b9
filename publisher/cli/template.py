"""`python -m publisher template OUT.gpkg` and `python -m publisher docs OUT.md`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    template = subparsers.add_parser(
        "template", help="write an empty GeoPackage with the layers of the data model"
    )
    template.add_argument("out", type=Path, metavar="OUT.gpkg")
    template.set_defaults(handler=handle_template)
    docs = subparsers.add_parser("docs", help="write the data-model document (Danish Markdown)")
    docs.add_argument("out", type=Path, metavar="OUT.md")
    docs.set_defaults(handler=handle_docs)


def handle_template(args: argparse.Namespace) -> int:
    from datamodel import LAYERS
    from publisher.template import write_template

    path = write_template(args.out)
    print(f"Skabelon skrevet / template written: {path} ({', '.join(LAYERS)})")
    return 0


def handle_docs(args: argparse.Namespace) -> int:
    from datamodel.docs import datamodel_markdown

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(datamodel_markdown(), encoding="utf-8")
    print(f"Datamodel skrevet / data model written: {args.out}")
    return 0
