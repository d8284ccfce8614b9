"""`python -m publisher serve`: the HTTP API (and the pages registered with it) under waitress,
with the background build worker that keeps the public side in step with the store.

With ``--no-build-worker`` this process builds nothing: it signals the `build-worker` process
after every approval and rollback (the production layout of deploy/, several API processes in
front of one store and one build worker)."""

from __future__ import annotations

import argparse
import signal

from .common import settings_for, warn_of_missing_web_libraries


def register(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="run the publisher's web service")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8000)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--no-build-worker",
        dest="build_worker",
        action="store_false",
        help="build nothing here; `python -m publisher build-worker` runs the "
        "public build as its own process",
    )
    parser.add_argument(
        "--trusted-proxy",
        metavar="ADDRESS",
        help="address of the reverse proxy in front (e.g. 127.0.0.1 for nginx "
        "on the same machine; * trusts any), whose X-Forwarded-* headers "
        "then give the scheme and host of the links",
    )
    parser.set_defaults(handler=handle_serve)


def handle_serve(args: argparse.Namespace) -> int:
    settings = settings_for(args).with_values(
        {k: v for k, v in (("host", args.host), ("port", args.port)) if v}
    )
    return serve(
        settings,
        threads=args.threads,
        build_worker=args.build_worker,
        trusted_proxy=args.trusted_proxy,
    )


def serve(
    settings,
    threads: int = 8,
    checkpoint=None,
    build_worker: bool = True,
    trusted_proxy: str | None = None,
) -> int:
    """Serve until SIGTERM or Ctrl-C. At start-up: remove uploads a killed process left, let
    the build worker (unless it runs as a process of its own) compare the public side with the
    store (and rebuild if they differ), and let the validation worker load the reference layers.
    ``checkpoint`` is a test hook (see ``create_app``)."""
    from ..api import create_app, make_server
    from ..notifications import Notifier
    from ..workflow.uploads import remove_stale_uploads

    remove_stale_uploads(settings.data_dir)
    warn_of_missing_web_libraries(settings)
    app = create_app(settings, checkpoint=checkpoint, build_in_process=build_worker)
    worker = app.extensions["overblikskort.publication"] if build_worker else None
    if worker is not None:
        worker.start()
    workflow = app.extensions["overblikskort.workflow"]
    workflow.validation.warm()
    print(f"Overblikskort publisher: http://{settings.host}:{settings.port}/api/v1/", flush=True)
    server = make_server(app, settings, threads=threads, trusted_proxy=trusted_proxy)
    notifier = Notifier(app.extensions["overblikskort.desk"], settings).start()
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if worker is not None:
            worker.stop()
        notifier.stop()
        workflow.close()
        app.extensions["overblikskort.store"].close()
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # leave server.run() through the clean shutdown above
