"""The cost of each hostile file (tests/publisher/hostile_corpus.py) to `python -m publisher
validate` with the default limits: exit status, wall time, CPU and peak memory of the command
and its worker, and the first line it printed.

    .venv/bin/python bench/bench_hostile.py [--runaway]

``--runaway`` adds 25 copies of a 99,000-vertex polygon, which is within every size limit and
runs until the time limit (``validation_timeout_seconds``, default 240 s) stops it.
Peer: the same command on a valid 200-site file, for the cost of an ordinary validation.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests" / "publisher"))

from bench_validation import measured  # noqa: E402
from hostile_corpus import CORPUS, HVIDOVRE, heavy_copies  # noqa: E402

SHARED_DATA = Path(os.environ.get("OVERBLIKSKORT_SHARED_DATA", REPO.parent / "shared" / "data"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runaway", action="store_true")
    args = parser.parse_args()
    from publisher.settings import Settings

    defaults = Settings()
    print(
        "limits: "
        + ", ".join(
            f"{field} {getattr(defaults, field):,}"
            for field in (
                "validation_max_layers",
                "validation_max_features",
                "validation_max_vertices_per_geometry",
                "validation_max_vertices",
                "validation_findings_per_rule",
                "validation_overlaps_per_object",
                "validation_overlap_pairs_per_object",
                "validation_timeout_seconds",
                "validation_memory_mb",
            )
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = [(hostile.name, hostile.make(folder, SHARED_DATA)) for hostile in CORPUS]
        files.append(("peer: 200 valid sites", _valid(folder)))
        if args.runaway:
            files.append(
                ("runaway: 25 copies of a 99,000-vertex polygon", heavy_copies(folder, SHARED_DATA))
            )
        print(f"{'file':<48} {'size':>8} {'exit':>4} {'wall':>7} {'CPU':>7} {'peak':>8}  message")
        for name, path in files:
            result = measured(
                [
                    sys.executable,
                    "-m",
                    "publisher",
                    "--data-dir",
                    str(folder / "var"),
                    "validate",
                    str(path),
                    "--kommune",
                    HVIDOVRE,
                    "--lang",
                    "en",
                ]
            )
            said = (result["stderr"].strip() or _summary(result["stdout"]))[:150]
            print(
                f"{name:<48} {path.stat().st_size / 1e6:>6.1f}MB {result['returncode']:>4} "
                f"{result['wall']:>6.1f}s {result['cpu']:>6.1f}s {result['peak_mb']:>6.0f}MB  "
                f"{said}"
            )
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


def _summary(stdout: str) -> str:
    lines = [line for line in stdout.splitlines() if line.startswith(("G12", "Summary"))]
    return " · ".join(lines)


def _valid(folder: Path) -> Path:
    import geopandas as gpd
    import shapely

    from hostile_corpus import CENTRE, attributes

    squares = [
        shapely.box(
            CENTRE[0] + 150 * (n % 10),
            CENTRE[1] + 150 * (n // 10),
            CENTRE[0] + 150 * (n % 10) + 100,
            CENTRE[1] + 150 * (n // 10) + 100,
        )
        for n in range(200)
    ]
    path = folder / "gyldig.gpkg"
    gpd.GeoDataFrame(attributes(200), geometry=squares, crs="EPSG:25832").to_file(
        path, layer="erhvervsareal", engine="pyogrio"
    )
    return path


if __name__ == "__main__":
    sys.exit(main())
