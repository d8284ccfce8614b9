"""`python -m publisher build`: bring the public artefacts in step with the current releases.

`serve` does this by itself (its build worker builds after every approval and rollback, and at
start-up); this command is for a first build or a check without a running server, e.g. after a
reference import or a change of the guidance links (the context is made anew only when the
references changed). With references and no release yet, the map shows the national context
alone (the planned business areas of every kommune). It takes the same builder lock as the
workers, so it never builds alongside one.
"""
from __future__ import annotations

import argparse
import sys

from .common import open_store_for, settings_for

LOCK_WAIT_SECONDS = 3600
"""How long the command waits for a build another process is running."""


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="rebuild the public map (tiles, style, downloads, "
                                                 "indexes) from the current releases")
    parser.set_defaults(handler=handle_build)


def handle_build(args: argparse.Namespace) -> int:
    from ..publication import BuildWorker, published_manifest

    settings = settings_for(args)
    store = open_store_for(args)
    from ..publication.state import has_references

    if not any(state.release_id is not None for state in store.kommune_states()) \
            and not has_references(store):
        print("Ingen kommune har en udgivelse og ingen referencer er indlæst; intet at bygge.\n"
              "No kommune has a release and no references are loaded; nothing to build.",
              file=sys.stderr)
        return 1
    worker = BuildWorker(store, settings)
    outcome = worker.reconcile(wait=True, lock_wait=LOCK_WAIT_SECONDS)
    if outcome == "optaget":
        print("En anden proces bygger stadig efter en time; prøv igen senere.\n"
              "Another process is still building after an hour; try again later.", file=sys.stderr)
        return 1
    if outcome == "fejlede":
        print(worker.status()["error"], file=sys.stderr)
        return 1
    manifest = published_manifest(settings.public_path) or {}
    counts = ", ".join(f"{layer} {count}" for layer, count in manifest.get("counts", {}).items())
    state = ("bygget / built" if outcome == "udgivet"
             else "allerede i trit med udgivelserne / already in step with the releases")
    print(f"Offentligt kort / public map {manifest.get('build_id')}: {state}; "
          f"{len(manifest.get('releases', {}))} kommuner; {counts}")
    print(f"Mappe / folder: {settings.public_path / 'current'}")
    return 0
