"""`python -m publisher build`: rebuild the public artefacts from the current releases.

The workflow rebuilds after every approval and rollback by itself; this command is for a first
build, after a reference import (the context layers are made anew only then), after a change of
the guidance links, or after a failed build. With references and no release yet, the map shows
the national context alone (the planned business areas of every kommune).
"""
from __future__ import annotations

import argparse
import sys

from .common import open_store_for, settings_for


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="rebuild the public map (tiles, style, downloads, "
                                                 "indexes) from the current releases")
    parser.add_argument("--keep", type=int, default=3, help="finished builds to keep (default 3)")
    parser.set_defaults(handler=handle_build)


def handle_build(args: argparse.Namespace) -> int:
    from ..api.wiring import current_releases
    from ..outputs import BuildFailed, build_public
    from ..references import reference_snapshot

    settings = settings_for(args)
    store = open_store_for(args)
    releases = current_releases(store)
    references = reference_snapshot(store)
    if not releases and not references:
        print("Ingen kommune har en udgivelse og ingen referencer er indlæst; intet at bygge.\n"
              "No kommune has a release and no references are loaded; nothing to build.",
              file=sys.stderr)
        return 1
    try:
        result = build_public(releases, references, settings.public_path,
                              keep_builds=max(1, args.keep))
    except BuildFailed as failure:
        print(f"{failure.message_da}\n{failure.message_en}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{layer} {count}" for layer, count in result.counts.items())
    rebuilt = ", ".join(result.rebuilt_kommuner) or "ingen / none"
    print(f"Offentligt kort / public map {result.build_id}: {len(releases)} kommuner; {counts}")
    print(f"Nye kommune-tiles / kommune tiles rebuilt: {rebuilt}")
    print(f"Mappe / folder: {result.path}")
    return 0
