"""Fixtures shared by every test folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("OVERBLIKSKORT_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real Danish test data beside the checkout (read from there, never copied)."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.fail(f"real test data not found at {SHARED_DATA}; the checkout needs ../shared beside it")
    return SHARED_DATA
