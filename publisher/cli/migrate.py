"""`python -m publisher migrate`: bring the store's schema up to date, and nothing else.

Every command migrates the store it opens, so this is only needed where the migration is its
own step: the `overblikskort-migrate` unit of deploy/systemd (and the compose `migrate` service)
runs it before the API processes and the build worker start. Two processes never migrate at
once (the store locks), and a store that is up to date is left as it is.
"""

from __future__ import annotations

import argparse

from ..store import Store
from .common import settings_for


def register(subparsers) -> None:
    parser = subparsers.add_parser("migrate", help="bring the store's schema up to date")
    parser.set_defaults(handler=handle_migrate)


def handle_migrate(args: argparse.Namespace) -> int:
    store = Store.open(settings_for(args).database, migrate=False)
    try:
        applied = store.migrate()
        version = store.schema_version()
        where = store.backend.describe()
    finally:
        store.close()
    if applied:
        print(
            f"{where}: skema opdateret til version {version} / schema migrated to version "
            f"{version} (anvendt / applied: {', '.join(map(str, applied))})"
        )
    else:
        print(
            f"{where}: skemaet er allerede i version {version} / schema already at version "
            f"{version}"
        )
    return 0
