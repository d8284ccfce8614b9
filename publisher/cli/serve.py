"""`python -m publisher serve`: the HTTP API (and the pages registered with it) under waitress,
with the background build worker that keeps the public side in step with the store."""
from __future__ import annotations

import argparse
import signal

from .common import settings_for, warn_of_missing_web_libraries


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="run the publisher's web service")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--threads", type=int, default=8)
    parser.set_defaults(handler=handle_serve)


def handle_serve(args: argparse.Namespace) -> int:
    settings = settings_for(args).with_values({k: v for k, v in
                                         (("host", args.host), ("port", args.port)) if v})
    return serve(settings, threads=args.threads)


def serve(settings, threads: int = 8, checkpoint=None) -> int:
    """Serve until SIGTERM or Ctrl-C. At start-up: remove uploads a killed process left, let
    the build worker compare the public side with the store (and rebuild if they differ), and
    let the validation worker load the reference layers.
    ``checkpoint`` is a test hook (see ``create_app``)."""
    from ..api import create_app, make_server
    from ..notifications import Notifier
    from ..workflow.uploads import remove_stale_uploads

    remove_stale_uploads(settings.data_dir)
    warn_of_missing_web_libraries(settings)
    app = create_app(settings, checkpoint=checkpoint)
    worker = app.extensions["overblikskort.publication"]
    worker.start()
    workflow = app.extensions["overblikskort.workflow"]
    workflow.validation.warm()
    print(f"Overblikskort publisher: http://{settings.host}:{settings.port}/api/v1/", flush=True)
    server = make_server(app, settings, threads=threads)
    notifier = Notifier(app.extensions["overblikskort.desk"], settings).start()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        worker.stop()
        notifier.stop()
        workflow.close()
        app.extensions["overblikskort.store"].close()
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # leave server.run() through the clean shutdown above
