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
    from ..notifications import Notifier

    settings = settings_for(args).with_values({k: v for k, v in
                                         (("host", args.host), ("port", args.port)) if v})
    app = create_app(settings)
    print(f"Overblikskort publisher: http://{settings.host}:{settings.port}/api/v1/", flush=True)
    server = make_server(app, settings, threads=args.threads)
    notifier = Notifier(app.extensions["overblikskort.desk"], settings).start()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        notifier.stop()
        app.extensions["overblikskort.store"].close()
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # leave server.run() through the clean shutdown above
