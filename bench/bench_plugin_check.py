"""The plugin's pre-flight check with every national reference: the rulebook through the QGIS
adapter (QgsGeometry, QgsSpatialIndex), against the same rulebook through the publisher's shapely
adapter in the same run. Debian's QGIS ships no shapely, so the plugin checks with its own
adapter; this shows what that costs.

    .venv/bin/python bench/bench_plugin_check.py [--sites 10000] [--runs 3]

Each run is a fresh process that converts the references and the sites to its library's
geometries first (as the plugin does when it reads its layers), then times ``run_rules``, which
builds each reference layer's index once for the check. Paired runs, alternating order; medians.
Exits 1 unless the two reports are identical.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

KOMMUNE = "0751"
NATURE = (("paragraf3", "Natyp_navn"), ("natura2000", "Objektnavn"), ("fredning", "Fred_navn"))


def check(adapter_name: str, sites: Path, folder: Path) -> dict:
    import pyogrio
    import shapely

    from datamodel import LAYERS
    from datamodel import rules
    from datamodel.rules import LayerInput, NaturArea, PlanArea, ReferenceSet

    if adapter_name == "qgis":
        from qgis.core import QgsApplication, QgsGeometry

        application = QgsApplication([], False)
        application.initQgis()
        from plugin.core.qgis_geometry import QgisGeometryAdapter

        def convert(geometries):
            converted = []
            for wkb in shapely.to_wkb(geometries):
                geometry = QgsGeometry()
                geometry.fromWkb(wkb)
                converted.append(geometry)
            return converted

        adapter = QgisGeometryAdapter()
    else:
        from publisher.validation.shapely_adapter import ShapelyAdapter

        def convert(geometries):
            return list(geometries)

        adapter = ShapelyAdapter()
    kommuner = pyogrio.read_dataframe(folder / "kommunegraenser.gpkg")
    plans = pyogrio.read_dataframe(folder / "lokalplaner.gpkg")
    natur = []
    for kind, field in NATURE:
        frame = pyogrio.read_dataframe(folder / f"{kind}.gpkg")
        natur += [
            NaturArea(kind, str(name), geometry)
            for name, geometry in zip(frame[field], convert(frame.geometry.values))
        ]
    references = ReferenceSet(
        kommuner=dict(zip(kommuner["kommunekode"], convert(kommuner.geometry.values))),
        natur=natur,
        planer=[
            PlanArea(
                str(planid),
                "" if anvgen != anvgen else str(int(anvgen)),
                str(status),
                str(name),
                geometry,
            )
            for planid, anvgen, status, name, geometry in zip(
                plans["planid"],
                plans["anvgen"],
                plans["status"],
                plans["plannavn"],
                convert(plans.geometry.values),
            )
        ],
    )
    frame = pyogrio.read_dataframe(sites)
    columns = {name: frame[name].tolist() for name in frame.columns if name != "geometry"}
    layer = LayerInput(
        LAYERS["erhvervsareal"], columns, convert(frame.geometry.values), "EPSG:25832"
    )
    started, cpu = time.perf_counter(), time.process_time()
    outcome = rules.run_rules([layer], adapter, KOMMUNE, references=references)
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "findings": len(outcome.report.findings),
        "digest": outcome.report.digest(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(check(args.child[0], Path(args.child[1]), Path(args.child[2]))))
        return 0
    from bench_validation import generate_sites
    from national_references import national_references

    references = national_references()
    print(references.describe())
    with tempfile.TemporaryDirectory() as folder:
        sites = Path(folder) / "sites.gpkg"
        generate_sites(sites, args.sites, references)
        print(f"{args.sites:,} sites in kommune {KOMMUNE}")
        runs: dict[str, list[dict]] = {"qgis": [], "shapely": []}
        for run in range(args.runs):
            for name in ("qgis", "shapely") if run % 2 == 0 else ("shapely", "qgis"):
                done = subprocess.run(
                    [sys.executable, __file__, "--child", name, str(sites), str(references.folder)],
                    capture_output=True,
                    text=True,
                    cwd=REPO,
                    check=True,
                    env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
                )
                runs[name].append(json.loads(done.stdout.splitlines()[-1]))
    for name, measured in runs.items():
        wall = statistics.median(run["wall"] for run in measured)
        cpu = statistics.median(run["cpu"] for run in measured)
        print(
            f"{name:>8} adapter: run_rules median wall {wall:.2f} s, CPU {cpu:.2f} s over "
            f"{len(measured)} runs; {measured[0]['findings']} findings in the report"
        )
    ratio = statistics.median(r["cpu"] for r in runs["qgis"]) / statistics.median(
        r["cpu"] for r in runs["shapely"]
    )
    print(f"CPU ratio QGIS adapter / shapely adapter: {ratio:.2f}")
    same = runs["qgis"][0]["digest"] == runs["shapely"][0]["digest"]
    print(f"the two reports are {'identical' if same else 'DIFFERENT'} (SHA-256 of the JSON)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
