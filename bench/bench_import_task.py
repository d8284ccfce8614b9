"""Benchmark: how long QGIS's main loop stands still while the import runs as a background task.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_import_task.py \
        [--features 10000] [--runs 3]

Input: N squares in WGS84 in a memory layer (every 20th with a status outside the code list),
imported into a fresh workspace's erhvervsareal layer with the suggested mapping (reprojected to
EPSG:25832, defaults filled in). In each run, interleaved:

* synchronous: ``Importer.preview()`` in the main thread; the main loop stands still throughout;
* task: the same preview as an ``ImportTask``, the main loop ticking every 10 ms beside it;
* peer: a Python thread that only counts for as long, the main loop ticking beside it: what the
  interpreter lock and the machine's load cost any background work.

Prints the medians: seconds of the synchronous preview, the longest main-loop pause with the task
and with the peer (the task's pause should be close to the peer's, far below the synchronous time).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


def ticks_until(finished, limit_seconds: float) -> float:
    """Runs the event loop until ``finished()``; the longest pause between 10 ms timer ticks."""
    from qgis.PyQt.QtCore import QCoreApplication, QTimer

    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    deadline = time.monotonic() + limit_seconds
    while not finished() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.002)
    QCoreApplication.processEvents()
    timer.stop()
    return max((b - a for a, b in pairwise(ticks)), default=0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from qgis.core import QgsApplication, QgsProject

    application = QgsApplication([], False)
    application.initQgis()
    from plugin.core.field_mapping import suggest_mapping
    from plugin.core.importer import Importer, ImportTask
    from plugin.core.workspace import (
        add_to_project,
        create_workspace,
        open_workspace,
        workspace_layers,
    )

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        project = QgsProject.instance()
        path = Path(folder) / "arbejdsfil.gpkg"
        create_workspace(path)
        add_to_project(open_workspace(path, "0167"), project)
        sites = workspace_layers(project)["erhvervsareal"]
        from qgis_support import many_squares

        source = many_squares(args.features)
        project.addMapLayer(source)
        mapping = suggest_mapping(source, "erhvervsareal")
        synchronous, task_pauses, peer_pauses = [], [], []
        for run in range(args.runs):
            for kind in ("sync", "task", "peer") if run % 2 == 0 else ("peer", "task", "sync"):
                if kind == "sync":
                    started = time.monotonic()
                    Importer(source, sites, mapping).preview()
                    synchronous.append(time.monotonic() - started)
                elif kind == "task":
                    done = []
                    task = ImportTask(Importer(source, sites, mapping), False)
                    task.done.connect(done.append)
                    task.failed.connect(done.append)
                    QgsApplication.taskManager().addTask(task)
                    task_pauses.append(ticks_until(lambda done=done: bool(done), 300))
                else:
                    seconds = synchronous[-1] if synchronous else 2.0
                    until = time.monotonic() + seconds

                    def count(until=until):
                        number = 0
                        while time.monotonic() < until:
                            number += 1

                    thread = threading.Thread(target=count)
                    thread.start()
                    peer_pauses.append(
                        ticks_until(lambda thread=thread: not thread.is_alive(), seconds + 5)
                    )
                    thread.join()
        project.clear()
    print(
        f"input: {args.features:,} polygons (WGS84) into erhvervsareal; {args.runs} runs, "
        f"interleaved, medians"
    )
    print(f"synchronous preview (main loop stands still): {statistics.median(synchronous):6.2f} s")
    print(
        f"longest main-loop pause, preview as a task:   "
        f"{statistics.median(task_pauses) * 1000:6.0f} ms"
    )
    print(
        f"longest main-loop pause, a counting thread:   "
        f"{statistics.median(peer_pauses) * 1000:6.0f} ms  (peer)"
    )
    application.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
