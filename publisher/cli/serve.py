"""`python -m publisher serve`: the HTTP API (and the pages registered with it) under waitress."""
from __future__ import annotations

import argparse
import signal

from .common import settings_for


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="run the publisher's web service")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--threads", type=int, default=8)
    parser.set_defaults(handler=handle_serve)


def handle_serve(args: argparse.Namespace) -> int:
    from ..api import create_app, make_server

    settings = settings_for(args).with_values({k: v for k, v in
                                         (("host", args.host), ("port", args.port)) if v})
    app = create_app(settings)
    workflow = app.extensions["overblikskort.workflow"]
    workflow.validation.warm()  # the worker loads the reference layers while we start
    print(f"Overblikskort publisher: http://{settings.host}:{settings.port}/api/v1/", flush=True)
    server = make_server(app, settings, threads=args.threads)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        workflow.close()
        app.extensions["overblikskort.store"].close()
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # leave server.run() through the clean shutdown above
