"""Fixtures of the public-map tests: a real build from generated sites inside real kommune
boundaries, the public blueprint on a real HTTP server on loopback, and system Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.outputs import KommuneRelease, build_public
from loopback import LoopbackServer
from public_server import public_app
from sample_release import kommune_release, kommunegraenser, natur

KOMMUNER = ("0167", "0175")
"""The kommuner with a release; Aarhus (0751) is in the boundaries too, without sites."""
AARHUS = "0751"


@dataclass
class SampleInput:
    releases: dict[str, KommuneRelease]
    references: dict


@pytest.fixture(scope="session")
def sample_input(shared_data: Path) -> SampleInput:
    boundaries = kommunegraenser(shared_data, (*KOMMUNER, AARHUS))
    releases = {}
    for row in boundaries[boundaries["kommunekode"].isin(KOMMUNER)].itertuples():
        releases[row.kommunekode] = KommuneRelease(
            f"r1-{row.kommunekode}", kommune_release(row.geometry, row.kommunekode)
        )
    return SampleInput(releases, {"kommunegraenser": boundaries, "natur": natur(shared_data)})


@pytest.fixture(scope="session")
def public_dir(tmp_path_factory, sample_input: SampleInput) -> Path:
    folder = tmp_path_factory.mktemp("public")
    build_public(sample_input.releases, sample_input.references, folder)
    return folder


@pytest.fixture(scope="session")
def server(public_dir: Path):
    with LoopbackServer(public_app(public_dir)) as running:
        yield running


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


@pytest.fixture
def page_csp(browser):
    """A viewer page with its Content-Security-Policy bypassed, so Playwright can poll."""
    context = browser.new_context(viewport={"width": 1200, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    yield page
    context.close()
