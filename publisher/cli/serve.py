"""`python -m publisher serve`: the HTTP API (and the pages registered with it) under waitress."""
from __future__ import annotations

import argparse

from .common import settings_for


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="run the publisher's web service")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--threads", type=int, default=8)
    parser.set_defaults(handler=handle_serve)


def handle_serve(args: argparse.Namespace) -> int:
    import waitress

    from ..api import MULTIPART_OVERHEAD, create_app

    settings = settings_for(args).with_values({k: v for k, v in
                                         (("host", args.host), ("port", args.port)) if v})
    app = create_app(settings)
    print(f"Overblikskort publisher: http://{settings.host}:{settings.port}/api/v1/", flush=True)
    waitress.serve(app, host=settings.host, port=settings.port, threads=args.threads,
                   max_request_body_size=settings.max_upload_bytes + MULTIPART_OVERHEAD,
                   ident="overblikskort")
    return 0
