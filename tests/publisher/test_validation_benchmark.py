"""The validation benchmark runs end to end on a small data set and finds every planted error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_benchmark_finds_exactly_the_planted_invalid_geometries():
    completed = subprocess.run(
        [
            sys.executable,
            "bench/bench_validation.py",
            "--sizes",
            "2000",
            "--runs",
            "2",
            "--serve-runs",
            "2",
            "--lokalplaner",
            "3000",
            "--natur",
            "2000",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    out = completed.stdout
    assert "3,000 lokalplaner, 2,000 nature polygons" in out and "98 DAGI kommuner" in out
    assert "2,000 sites in kommune 0751 (40 planted invalid)" in out
    assert "invalid found 40 vs planted 40 at 2,000: equal" in out
    assert "ratio command / peer over 2 paired runs: wall" in out and "peak RSS" in out
    assert "one kommune, 200 sites, submitted to the running server 2 times: median" in out
