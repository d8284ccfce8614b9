"""The app under waitress, with the API's JSON 413 also for uploads waitress itself cuts off.

Waitress hands a request to the app only once its body has arrived whole, so the size limit must
be waitress's own ``max_request_body_size``: it refuses a declared ``Content-Length`` over the
limit at once, and a chunked upload as soon as the bytes received pass it. Its plain-text answer
is replaced here by the same JSON error body the app gives.

A client such as ``requests`` sends the whole body before it reads the answer; if the server just
closed the connection the client would only see "connection reset". So after the 413 the channel
half-closes and reads and discards what the client still sends (nothing is kept) until the client
is done or ``LINGER_SECONDS`` have passed, as nginx's lingering close does.
"""
from __future__ import annotations

import json
import socket
import time

from waitress import create_server
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from ..settings import Settings
from .errors import too_large_body

MULTIPART_OVERHEAD = 64 * 1024
"""Room for the multipart framing around the file itself."""
LINGER_SECONDS = 30.0


def request_body_limit(settings: Settings) -> int:
    return settings.max_upload_bytes + MULTIPART_OVERHEAD


def _json_too_large_channel(max_upload_bytes: int) -> type[HTTPChannel]:
    body = json.dumps(too_large_body(max_upload_bytes), ensure_ascii=False).encode("utf-8")

    class JsonErrorTask(ErrorTask):
        def execute(self):
            if not isinstance(self.request.error, RequestEntityTooLarge):
                return super().execute()
            self.channel.refused_too_large = True
            self.status = "413 Request Entity Too Large"
            self.response_headers.append(("Content-Type", "application/json; charset=utf-8"))
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class JsonErrorChannel(HTTPChannel):
        error_task_class = JsonErrorTask
        refused_too_large = False
        discard_until: float | None = None

        def readable(self):
            return self.discard_until is not None or super().readable()

        def writable(self):
            if self.discard_until is not None:
                return time.monotonic() > self.discard_until  # then handle_write closes
            return super().writable()

        def handle_read(self):
            if self.discard_until is None:
                return super().handle_read()
            if not self.recv(self.adj.recv_bytes):  # recv closes on EOF or reset itself
                return None
            if time.monotonic() > self.discard_until:
                self.handle_close()
            return None

        def handle_write(self):
            if self.discard_until is not None:
                return self.handle_close()
            return super().handle_write()

        def handle_close(self):
            if self.refused_too_large and self.discard_until is None and self.connected:
                try:
                    self.socket.shutdown(socket.SHUT_WR)
                except OSError:
                    return super().handle_close()
                self.discard_until = time.monotonic() + LINGER_SECONDS
                return None
            return super().handle_close()

    return JsonErrorChannel


def make_server(app, settings: Settings, threads: int = 8):
    """A waitress server for ``app`` on the settings' host and port (``.run()`` serves it)."""
    server = create_server(app, host=settings.host, port=settings.port, threads=threads,
                           max_request_body_size=request_body_limit(settings),
                           ident="overblikskort")
    channel = _json_too_large_channel(settings.max_upload_bytes)
    for listener in (server, *getattr(server, "map", {}).values()):
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    return server
