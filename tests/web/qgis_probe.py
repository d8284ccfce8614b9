"""Running a QGIS probe script (qgis_*_probe.py) in its own process, as the web tests do (they
run without pytest-qgis), with QGIS settings of its own: a proxy or other setting another test
left in the user's QGIS profile must not change what QGIS sees here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def run_probe(script: str, *args: str) -> dict:
    """The JSON the probe printed last."""
    with tempfile.TemporaryDirectory(prefix="qgis-profile-") as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": home,
            "XDG_DATA_HOME": home,
            "XDG_CONFIG_HOME": home,
            "XDG_CACHE_HOME": home,
            "XDG_RUNTIME_DIR": home,
        }
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).with_name(script)), *args],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
        )
    assert completed.stdout.strip(), completed.stderr[-2000:]
    return json.loads(completed.stdout.strip().splitlines()[-1])
