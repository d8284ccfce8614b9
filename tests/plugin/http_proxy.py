"""A small forwarding HTTP proxy on loopback for the tests: it relays plain-HTTP requests in
absolute form (``GET http://host:port/path HTTP/1.1``), as proxies get them, and notes each one."""

from __future__ import annotations

import http.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from loopback import ServedInThread

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-connection",
    "proxy-authorization",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
}


class LoopbackProxy(ServedInThread):
    """``with LoopbackProxy() as proxy:`` listens on ``proxy.port``; ``proxy.seen`` lists
    (method, absolute URL) of every request it relayed."""

    def __init__(self):
        self.seen: list[tuple[str, str]] = []
        owner = self

        class Relay(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def relay(self):
                target = urlsplit(self.path)
                if target.scheme != "http" or not target.hostname:
                    self.send_error(400, "absolute http:// URL expected")
                    return
                owner.seen.append((self.command, self.path))
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {
                    name: value
                    for name, value in self.headers.items()
                    if name.lower() not in HOP_BY_HOP
                }
                upstream = http.client.HTTPConnection(
                    target.hostname, target.port or 80, timeout=120
                )
                path = target.path + (f"?{target.query}" if target.query else "")
                try:
                    upstream.request(self.command, path or "/", body=body, headers=headers)
                    answer = upstream.getresponse()
                    content = answer.read()
                except OSError as error:
                    self.send_error(502, f"upstream: {error}")
                    return
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():
                    if name.lower() not in HOP_BY_HOP | {"content-length"}:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
                upstream.close()

            def do_GET(self):
                self.relay()

            def do_POST(self):
                self.relay()

            def log_message(self, *arguments):
                pass

        super().__init__(ThreadingHTTPServer(("127.0.0.1", 0), Relay))
        self.port = self.server.server_port
