"""Servers on loopback for the tests: a free port, and a WSGI app served in a thread."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from werkzeug.serving import make_server

REPO_ROOT = Path(__file__).resolve().parents[1]


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


def serve_publisher(data_dir: Path, environment: dict[str, str] | None = None):
    """`python -m publisher serve` on a free port, once it answers: (process, its address, its
    open log file)."""
    port = free_port()
    log = (Path(data_dir) / "serve.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "publisher",
            "--data-dir",
            str(data_dir),
            "serve",
            "--port",
            str(port),
        ],
        cwd=REPO_ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **(environment or {})},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/api/v1/openapi.json", timeout=1).ok:
                return server, url, log
        except requests.ConnectionError:
            time.sleep(0.2)
    server.kill()
    log.close()
    raise AssertionError(
        "the publisher did not start: " + (Path(data_dir) / "serve.log").read_text()
    )


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
