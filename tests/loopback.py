"""Servers on loopback for the tests: a free port, and a WSGI app served in a thread."""
from __future__ import annotations

import socket
import subprocess
import threading

from werkzeug.serving import make_server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop_process(process: subprocess.Popen, timeout: float = 20) -> None:
    """Asks a server subprocess to stop, and kills it if it has not within ``timeout``."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class ServedInThread:
    """``with ServedInThread(server):`` runs a socketserver-style server in a daemon thread and
    stops and closes it when the block ends."""

    def __init__(self, server):
        self.server = server
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class LoopbackServer(ServedInThread):
    """``with LoopbackServer(app) as running:`` serves the WSGI app at ``running.url``."""

    def __init__(self, app):
        super().__init__(make_server("127.0.0.1", 0, app, threaded=True))
        self.url = f"http://127.0.0.1:{self.server.server_port}"
