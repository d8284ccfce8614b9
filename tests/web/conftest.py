"""Fixtures of the public-map tests: a real build from generated sites inside real kommune
boundaries, the public blueprint on a real HTTP server on loopback, and system Chromium."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from publisher.build import KommuneRelease, build_public
from publisher.public import PublicSettings, create_blueprint
from sample_release import kommune_release, kommunegraenser, natur

KOMMUNER = ("0167", "0175")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]


@dataclass
class SampleInput:
    releases: dict[str, KommuneRelease]
    references: dict


@pytest.fixture(scope="session")
def sample_input(shared_data: Path) -> SampleInput:
    boundaries = kommunegraenser(shared_data, KOMMUNER)
    releases = {}
    for row in boundaries.itertuples():
        releases[row.kommunekode] = KommuneRelease(f"r1-{row.kommunekode}",
                                                   kommune_release(row.geometry, row.kommunekode))
    return SampleInput(releases, {"kommunegraenser": boundaries, "natur": natur(shared_data)})


@pytest.fixture(scope="session")
def public_dir(tmp_path_factory, sample_input: SampleInput) -> Path:
    folder = tmp_path_factory.mktemp("public")
    build_public(sample_input.releases, sample_input.references, folder)
    return folder


class LoopbackServer:
    def __init__(self, app: Flask):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)


def public_app(public_dir: Path, **settings) -> Flask:
    app = Flask("overblikskort-public-test")
    app.register_blueprint(create_blueprint(PublicSettings(public_dir=public_dir, **settings)))
    return app


@pytest.fixture(scope="session")
def server(public_dir: Path):
    with LoopbackServer(public_app(public_dir)) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()
