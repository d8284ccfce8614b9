"""Paired, interleaved runs for the benchmarks on a shared machine.

Every round runs each contender once, in an order that rotates from round to round, so that a
load spike hits them alike; the result is the median of each contender and the median of the
per-round ratios, with the number of rounds and the spread (min-max). Wall and CPU are measured
for every run: CPU is user + system time of the process and of every child it waited for
(tippecanoe's threads and processes included).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    peak_mb: float | None = None


def in_process(work: Callable[[], object]) -> Sample:
    """Wall and CPU of `work` run in this process (and the children it waits for)."""
    before_self, before_children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    started = time.perf_counter()
    work()
    wall = time.perf_counter() - started
    after_self, after_children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    cpu = sum(
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        for before, after in ((before_self, after_self), (before_children, after_children))
    )
    return Sample(wall, cpu)


def child_process(
    command: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None
) -> Sample:
    """Wall, CPU and peak RSS of a child process (and its own waited-for children)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=dict(env) if env else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(
            f"{' '.join(command[:4])} ... failed ({process.returncode}):\n"
            f"{output.decode(errors='replace')[-2000:]}"
        )
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


class ProcessCpu:
    """CPU seconds of a running process and its waited-for children, from /proc."""

    def __init__(self, pid: int):
        self.path = Path(f"/proc/{pid}/stat")
        self.tick = os.sysconf("SC_CLK_TCK")

    def seconds(self) -> float:
        fields = self.path.read_text().rsplit(")", 1)[1].split()
        return sum(int(value) for value in fields[11:15]) / self.tick  # utime stime cutime cstime

    def peak_mb(self) -> float:
        for line in self.path.with_name("status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")


def interleaved(
    rounds: int, steps: Mapping[str, Callable[[int], Sample | None]]
) -> dict[str, list[Sample]]:
    """Run every step once per round, the order rotating by one each round. A step may return
    None for a round it skips (it then has fewer samples)."""
    names = list(steps)
    samples: dict[str, list[Sample]] = {name: [] for name in names}
    for index in range(rounds):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            sample = steps[name](index)
            if sample is not None:
                samples[name].append(sample)
    return samples


def spread(values: Sequence[float]) -> str:
    return f"median {statistics.median(values):.2f} (min {min(values):.2f}, max {max(values):.2f})"


def describe(name: str, samples: Sequence[Sample]) -> str:
    line = (
        f"{name}, {len(samples)} runs: wall {spread([s.wall for s in samples])} s; "
        f"CPU {spread([s.cpu for s in samples])} s"
    )
    peaks = [s.peak_mb for s in samples if s.peak_mb is not None]
    return line + (f"; peak {max(peaks):.0f} MB" if peaks else "")


def ratios(ours: Sequence[Sample], theirs: Sequence[Sample], key: str) -> list[float]:
    """Per-round ratio ours/theirs of `key` (wall or cpu), over the rounds both ran in."""
    return [getattr(a, key) / getattr(b, key) for a, b in zip(ours, theirs)]


def describe_ratio(
    label: str, ours: Sequence[Sample], theirs: Sequence[Sample], percent: bool = False
) -> str:
    parts = []
    for key in ("wall", "cpu"):
        values = ratios(ours, theirs, key)
        scale, unit = (100, " %") if percent else (1, "")
        parts.append(
            f"{key} {statistics.median(values) * scale:.{1 if percent else 2}f}{unit} "
            f"(spread {min(values) * scale:.{1 if percent else 2}f}–"
            f"{max(values) * scale:.{1 if percent else 2}f}{unit})"
        )
    return f"{label} over {min(len(ours), len(theirs))} paired runs: " + ", ".join(parts)


def machine_load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"
