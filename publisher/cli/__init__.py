"""`python -m publisher`: one command line, one sub-command module per job.

Each module in COMMAND_MODULES exposes ``register(subparsers)``, which adds its sub-command and
sets ``handler(args) -> int`` as the parser default. Nothing is read from the environment or the
disk before a handler runs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

COMMAND_MODULES = (
    # "publisher.cli.validate", ...  each adds its own sub-command
    "publisher.cli.references",
    "publisher.cli.guidance",
    "publisher.cli.users",
    "publisher.cli.serve",
    "publisher.cli.build",
    "publisher.cli.migrate",
    "publisher.cli.validate",
    "publisher.cli.template",
    "publisher.cli.demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m publisher",
        description="Overblikskort publisher: validation, store, approval, public map.",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder of the embedded store and the public artefacts (default: "
        "$OVERBLIKSKORT_DATA_DIR, else ./var)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("afbrudt / interrupted", file=sys.stderr)
        return 130
