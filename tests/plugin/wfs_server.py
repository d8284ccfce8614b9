"""A loopback WFS for the tests: QGIS Server (Debian's qgis-server-wfs) publishing a Plandata
lokalplan file as the layer ``theme_pdk_lokalplan_vedtaget``, as Plandata's WFS names it.

    python wfs_server.py DATA_FILE WORK_DIR

Runs in its own process (QGIS Server beside the tests' QGIS would share one QgsApplication).
Prints ``http://127.0.0.1:PORT/wfs`` when it listens, and writes every request it answers to
WORK_DIR/requests.log (method, query, body), so a test can see what QGIS asked for.
"""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

LAYER_NAME = "theme_pdk_lokalplan_vedtaget"


def project_file(data_file: Path, work_dir: Path) -> Path:
    from qgis.core import QgsProject, QgsVectorLayer

    project = QgsProject()
    layer = QgsVectorLayer(str(data_file), LAYER_NAME, "ogr")
    if not layer.isValid():
        raise SystemExit(f"cannot read {data_file}")
    project.addMapLayer(layer)
    project.setCrs(layer.crs())
    project.writeEntry("WFSLayers", "/", [layer.id()])
    project.writeEntry("WFSLayersPrecision", "/" + layer.id(), 3)
    path = work_dir / "wfs.qgs"
    project.write(str(path))
    return path


def main() -> None:
    data_file, work_dir = Path(sys.argv[1]), Path(sys.argv[2])
    from qgis.core import QgsApplication

    application = QgsApplication([], False)
    application.initQgis()
    os.environ["QGIS_PROJECT_FILE"] = str(project_file(data_file, work_dir))
    from qgis.server import QgsBufferServerRequest, QgsBufferServerResponse, QgsServer

    server = QgsServer()
    log = (work_dir / "requests.log").open("a", encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        def answer(self, method):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            log.write(f"{self.command} {self.path} {body.decode('utf-8', 'replace')}\n")
            log.flush()
            url = f"http://127.0.0.1:{self.server.server_port}{self.path}"
            headers = dict(self.headers.items())
            request = QgsBufferServerRequest(url, method, headers, body or None)
            response = QgsBufferServerResponse()
            server.handleRequest(request, response)
            content = bytes(response.body())
            self.send_response(response.statusCode())
            for name, value in response.headers().items():
                if name.lower() != "content-length":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def do_GET(self):
            self.answer(QgsBufferServerRequest.GetMethod)

        def do_POST(self):
            self.answer(QgsBufferServerRequest.PostMethod)

        def log_message(self, *arguments):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"http://127.0.0.1:{httpd.server_port}/wfs", flush=True)
    try:
        httpd.serve_forever()
    finally:
        application.exitQgis()


if __name__ == "__main__":
    main()
