"""Deployment tests: deploy/'s nginx site, systemd units and compose file, run or checked here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publisher"))

from postgis_cluster import PostgisCluster


@pytest.fixture(scope="session")
def postgis_cluster():
    cluster = PostgisCluster().start()
    yield cluster
    cluster.stop()
