"""The app under waitress, and the upload limit of each layer in front of the app.

In production nginx sets the limit (``client_max_body_size``, deploy/nginx): it answers an upload
over :func:`request_body_limit` with the API's JSON 413 before anything reaches the publisher.
Without nginx the app itself answers the JSON 413 (``MAX_CONTENT_LENGTH``): waitress buffers a
body whole before the app sees it and tells it the length, declared or counted from the chunks.
Waitress's own ``max_request_body_size`` (:func:`waitress_body_cap`, a few times the limit) is
the last guard: past it waitress refuses at once with its plain-text 413 and closes the
connection, so an endless upload never fills the disk.
"""

from __future__ import annotations

from waitress import create_server

from ..settings import Settings

MULTIPART_OVERHEAD = 64 * 1024
"""Room for the multipart framing around the file itself."""
WAITRESS_CAP_FACTOR = 4
"""Waitress buffers at most this many times the request limit of one upload (to a temporary
file), so that the app can still answer anything up to there with its JSON 413."""


def request_body_limit(settings: Settings) -> int:
    """The largest request body the API takes: the upload limit plus the multipart framing."""
    return settings.max_upload_bytes + MULTIPART_OVERHEAD


def waitress_body_cap(settings: Settings) -> int:
    return WAITRESS_CAP_FACTOR * request_body_limit(settings)


def make_server(app, settings: Settings, threads: int = 8, trusted_proxy: str | None = None):
    """A waitress server for ``app`` on the settings' host and port (``.run()`` serves it).

    ``trusted_proxy``: the address of the reverse proxy in front (nginx; ``*`` trusts any, for a
    container network only the proxy can reach), whose ``X-Forwarded-Proto``, ``-Host`` and
    ``-For`` then give the scheme, host and client the links and logs use."""
    proxy = (
        {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_count": 1,
            "trusted_proxy_headers": {
                "x-forwarded-for",
                "x-forwarded-host",
                "x-forwarded-proto",
                "x-forwarded-port",
            },
            "clear_untrusted_proxy_headers": True,
        }
        if trusted_proxy
        else {}
    )
    return create_server(
        app,
        host=settings.host,
        port=settings.port,
        threads=threads,
        max_request_body_size=waitress_body_cap(settings),
        ident="overblikskort",
        **proxy,
    )
