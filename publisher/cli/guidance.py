"""`python -m publisher vejledning ...`: the links of "Sådan kommer du videre".

National links replace the defaults of ``datamodel.guidance``; ``--kommune`` sets a kommune's
own page, which its sites get instead. The next build writes them to the public map.
"""

from __future__ import annotations

import argparse
import sys

from datamodel.guidance import TOPICS

from ..guidance import (
    GuidanceError,
    guidance_catalogue,
    guidance_entries,
    remove_guidance,
    set_guidance,
)
from .common import open_store_for


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "vejledning", help="guidance links of the site card (national defaults, per-kommune pages)"
    )
    actions = parser.add_subparsers(dest="guidance_action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every topic with its national and kommune links")
    listing.set_defaults(handler=handle_list)
    put = actions.add_parser("set", help="set a topic's national link, or a kommune's own")
    put.add_argument("topic", metavar="TOPIC", help=" · ".join(TOPICS))
    put.add_argument("url")
    put.add_argument("--kommune", metavar="KODE", help="four-digit kommunekode")
    put.add_argument("--titel-da", dest="title_da")
    put.add_argument("--titel-en", "--title-en", dest="title_en")
    put.set_defaults(handler=handle_set)
    remove = actions.add_parser("remove", help="back to the default (or the national link)")
    remove.add_argument("topic", metavar="TOPIC")
    remove.add_argument("--kommune", metavar="KODE")
    remove.set_defaults(handler=handle_remove)


def handle_list(args: argparse.Namespace) -> int:
    catalogue = guidance_catalogue(guidance_entries(open_store_for(args)))
    for code, entry in catalogue["topics"].items():
        print(f"{code}: {entry['label_da']} / {entry['label_en']} — {entry['when_da']}")
        print(f"  national: {entry['national']['url']}")
        for kode, link in sorted(entry["kommuner"].items()):
            print(f"  {kode}: {link['url']}")
    return 0


def handle_set(args: argparse.Namespace) -> int:
    try:
        link = set_guidance(
            open_store_for(args),
            args.topic,
            args.url,
            kommunekode=args.kommune,
            title_da=args.title_da,
            title_en=args.title_en,
        )
    except GuidanceError as error:
        print(f"fejl: {error.message_da}\nerror: {error.message_en}", file=sys.stderr)
        return 2
    where = f"kommune {link.kommunekode}" if link.kommunekode else "national"
    print(
        f"{link.topic} ({where}): {link.url}\nVises efter næste build / shown after the next build."
    )
    return 0


def handle_remove(args: argparse.Namespace) -> int:
    if not remove_guidance(open_store_for(args), args.topic, args.kommune):
        print("fejl: intet link at fjerne\nerror: no link to remove", file=sys.stderr)
        return 2
    print(f"{args.topic}: fjernet / removed")
    return 0
