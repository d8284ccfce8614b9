"""Keeping the public side in step with the store: a background build worker that builds after
every release change, coalesces queued requests, reconciles on start-up and after failures, and
holds the store's builder lock so that several publisher processes never build at once."""

from .state import Wanted, kommune_public_state, out_of_step, published_manifest, wanted_state
from .signals import BuildRequests, listen_for_build_requests
from .worker import BuildWorker

__all__ = [
    "BuildRequests",
    "BuildWorker",
    "Wanted",
    "kommune_public_state",
    "listen_for_build_requests",
    "out_of_step",
    "published_manifest",
    "wanted_state",
]
