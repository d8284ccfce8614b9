"""What the store-using sub-commands share: settings and store from the global options."""

from __future__ import annotations

import argparse
import sys

from ..settings import Settings
from ..store import Store, open_store


def settings_for(args: argparse.Namespace) -> Settings:
    return Settings.load(data_dir=args.data_dir)


def open_store_for(args: argparse.Namespace) -> Store:
    return open_store(settings_for(args))


def warn_of_missing_web_libraries(settings: Settings) -> None:
    """The map and the approval pages load MapLibre and PMTiles from the node_modules setting;
    say so at start when they are not there (the API works without them)."""
    from ..public.routes import missing_libraries

    missing = missing_libraries(settings.node_modules_path)
    if missing:
        print(
            f"advarsel: {', '.join(missing)} mangler i {settings.node_modules_path}; kortet og "
            f"godkendelsessiden virker først efter `npm ci` dér (eller sæt "
            f"OVERBLIKSKORT_NODE_MODULES)\nwarning: {', '.join(missing)} missing in "
            f"{settings.node_modules_path}; the map and the approval pages need `npm ci` there "
            f"(or set OVERBLIKSKORT_NODE_MODULES)",
            file=sys.stderr,
            flush=True,
        )
