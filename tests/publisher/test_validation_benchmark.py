"""The validation benchmark runs end to end on a small data set and finds every planted error."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_benchmark_finds_exactly_the_planted_invalid_geometries():
    completed = subprocess.run(
        [sys.executable, "bench/bench_validation.py", "--features", "2000"], cwd=REPO,
        capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    out = completed.stdout
    assert "generated 2000 polygons (40 planted invalid)" in out
    assert "invalid found 40 vs planted 40: equal" in out
    assert "ratio full / baseline:" in out and "peak RSS" in out
