"""`python -m publisher build` and `build-worker`: the public artefacts in step with the releases.

`serve` does this by itself (its build worker builds after every approval and rollback, and at
start-up). `build` runs one round, for a first build or a check without a running server, e.g.
after a reference import or a change of the guidance links (the context is made anew only when
the references changed). With references and no release yet, the map shows the national context
alone (the planned business areas of every kommune).
`build-worker` is the build worker as a process of its own, for API processes started with
`serve --no-build-worker` (deploy/systemd): it reconciles at start-up, builds when an API process
signals a release change (publisher.publication.signals) and checks every minute on its own.
Both take the same builder lock as every worker, so no two builds ever run at once.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .common import open_store_for, settings_for

LOCK_WAIT_SECONDS = 3600
"""How long the command waits for a build another process is running."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "build",
        help="rebuild the public map (tiles, style, downloads, indexes) from the current releases",
    )
    parser.set_defaults(handler=handle_build)
    worker = subparsers.add_parser(
        "build-worker",
        help="run the public build worker as its own process (for `serve --no-build-worker`)",
    )
    worker.set_defaults(handler=handle_build_worker)


WAKE_CHECK_SECONDS = 1.0
"""How often the worker process looks up from waiting for a request (to see it should stop)."""


def handle_build_worker(args: argparse.Namespace) -> int:
    from ..publication import BuildWorker, listen_for_build_requests

    settings = settings_for(args)
    store = open_store_for(args)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stopping.set())
    worker = BuildWorker(store, settings).start()
    listener = listen_for_build_requests(store)
    print(
        f"Overblikskort build worker: {store.backend.describe()} -> {settings.public_path}",
        flush=True,
    )
    try:
        while not stopping.is_set():
            if listener.wait(WAKE_CHECK_SECONDS):
                worker.request()
    except KeyboardInterrupt:
        pass
    finally:
        listener.close()
        worker.stop()
        store.close()
    return 0


def handle_build(args: argparse.Namespace) -> int:
    from ..publication import BuildWorker, published_manifest

    settings = settings_for(args)
    store = open_store_for(args)
    from ..publication.state import has_references

    if not any(
        state.release_id is not None for state in store.kommune_states()
    ) and not has_references(store):
        print(
            "Ingen kommune har en udgivelse og ingen referencer er indlæst; intet at bygge.\n"
            "No kommune has a release and no references are loaded; nothing to build.",
            file=sys.stderr,
        )
        return 1
    worker = BuildWorker(store, settings)
    outcome = worker.reconcile(wait=True, lock_wait=LOCK_WAIT_SECONDS)
    if outcome == "optaget":
        print(
            "En anden proces bygger stadig efter en time; prøv igen senere.\n"
            "Another process is still building after an hour; try again later.",
            file=sys.stderr,
        )
        return 1
    if outcome == "fejlede":
        print(worker.status()["error"], file=sys.stderr)
        return 1
    manifest = published_manifest(settings.public_path) or {}
    counts = ", ".join(f"{layer} {count}" for layer, count in manifest.get("counts", {}).items())
    state = (
        "bygget / built"
        if outcome == "udgivet"
        else "allerede i trit med udgivelserne / already in step with the releases"
    )
    print(
        f"Offentligt kort / public map {manifest.get('build_id')}: {state}; "
        f"{len(manifest.get('releases', {}))} kommuner; {counts}"
    )
    print(f"Mappe / folder: {settings.public_path / 'current'}")
    return 0
