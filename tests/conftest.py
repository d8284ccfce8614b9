"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real Danish test data beside the checkout (read from there, never copied), or where
    $OVERBLIKSKORT_SHARED_DATA points."""
    folder = Path(os.environ.get("OVERBLIKSKORT_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
    if not (folder / "README.md").exists():
        pytest.fail(f"real test data not found at {folder}; the checkout needs ../shared beside it")
    return folder


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one for the whole session (Playwright's sync API allows one at a time)."""
    from system_chromium import system_chromium

    with system_chromium() as chromium:
        yield chromium


# A QGIS test process that has also loaded the publisher's geo stack holds two GDAL libraries
# (Debian's for QGIS, pyogrio's bundled one); tearing both down at interpreter exit can crash
# after every test has run and been reported. Once pytest has written its last word, the QGIS
# runs leave with pytest's own exit status instead of going through that teardown.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    if _EXIT_STATUS and config.pluginmanager.has_plugin("pytest_qgis"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
