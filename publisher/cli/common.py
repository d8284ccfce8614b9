"""What the store-using sub-commands share: settings and store from the global options."""
from __future__ import annotations

import argparse

from ..settings import Settings
from ..store import Store, open_store


def settings_for(args: argparse.Namespace) -> Settings:
    return Settings.load(data_dir=args.data_dir)


def open_store_for(args: argparse.Namespace) -> Store:
    return open_store(settings_for(args))
