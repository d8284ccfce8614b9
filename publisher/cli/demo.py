"""`python -m publisher demo`: seed an embedded store with demo data and serve the map.

Creates or reopens the store under --data-dir, imports the demo reference layers, creates demo
users (tokens printed: demo only), sends each demo kommune's GeoPackage through validation and
approval, builds the public artefacts and serves the publisher with its map. Safe to run again.
"""

from __future__ import annotations

import argparse
import sys

from .common import settings_for, warn_of_missing_web_libraries


PAGES = (
    ("Kort / map", "/kort/"),
    ("Godkendelse / approval", "/godkend/"),
    ("API (OpenAPI)", "/api/v1/openapi.json"),
    ("OGC API Features", "/ogc/"),
)
"""What the demo points people to, printed when the app serves it."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "demo", help="seed demo data (idempotent) and run the publisher with its map"
    )
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument(
        "--no-serve", action="store_true", help="stop after seeding and building (no web server)"
    )
    parser.add_argument(
        "--fictitious-boundaries",
        action="store_true",
        help="draw demo kommune boundaries even when the real DAGI boundaries "
        "are at hand (in the folder $OVERBLIKSKORT_SHARED_DATA names)",
    )
    parser.add_argument("--threads", type=int, default=8)
    parser.set_defaults(handler=handle_demo)


def handle_demo(args: argparse.Namespace) -> int:
    from ..demo.boundaries import default_shared_data
    from ..demo.seed import DemoError, seed_demo
    from ..references import ReferenceImportError
    from ..store import StoreError
    from ..errors import DomainError

    settings = settings_for(args).with_values(
        {key: value for key, value in (("host", args.host), ("port", args.port)) if value}
    )
    shared_data = None if args.fictitious_boundaries else default_shared_data()
    print(f"Overblikskort demo: lager / store {settings.database}", flush=True)
    try:
        result = seed_demo(
            settings, shared_data=shared_data, say=lambda line: print(line, flush=True)
        )
    except (DemoError, ReferenceImportError, StoreError, DomainError) as error:
        print(f"fejl: {error.message_da}\nerror: {error.message_en}", file=sys.stderr)
        return 1
    print(
        "\nDemo-brugere (tokens kun til demo / demo-only tokens, also in "
        f"{settings.data_dir / 'demo-brugere.json'}):"
    )
    for user in result.users:
        token = user.token or "(vist ved første kørsel / shown at the first run)"
        print(f"  {user.name:22} {user.role:10} {user.kommunekode or '':5} {token}")
    print(f"Offentlig build / public build: {result.public_build or '-'}")
    if args.no_serve:
        return 0
    return _serve(settings, args.threads)


def _serve(settings, threads: int) -> int:
    from ..api import create_app, make_server

    warn_of_missing_web_libraries(settings)
    app = create_app(settings)
    shown_host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    base = f"http://{shown_host}:{settings.port}"
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    pages = [(label, path) for label, path in PAGES if path in routes]
    print()
    for label, path in pages:
        print(f"  {label:24} {base}{path}")
    print("Stop med Ctrl+C / stop with Ctrl+C", flush=True)
    try:
        make_server(app, settings, threads).run()
    except OSError as error:
        print(
            f"fejl: kan ikke lytte på {settings.host}:{settings.port} ({error}); vælg en anden "
            f"--port\nerror: cannot listen on {settings.host}:{settings.port} ({error}); choose "
            f"another --port",
            file=sys.stderr,
        )
        return 2
    return 0
