"""Time a command and read its peak memory, the same way for every tool.

Each run is one child process waited for with ``os.wait4``, whose rusage is
that child's (and its waited-for children's) own, so runs do not blur into
each other the way ``RUSAGE_CHILDREN`` totals would. Wall time is the
median of the runs; peak memory is the largest ``ru_maxrss`` seen.
"""
from __future__ import annotations

import dataclasses
import os
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Timing:
    """The outcome of running one command ``runs`` times."""

    median_s: float
    walls: tuple[float, ...]
    peak_mib: float
    returncodes: tuple[int, ...]
    output: Path | None  # the last run's standard output, for the findings check


def run_once(argv: Sequence[str], cwd: Path, stdout: Path | None,
             env: Mapping[str, str] | None = None) -> tuple[float, int, int]:
    """Run ``argv`` once; return (wall seconds, peak RSS in KiB, exit code)."""
    with open(stdout or os.devnull, "wb") as out, open(os.devnull, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env=dict(env) if env is not None else None)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss, process.returncode


def timed(argv: Sequence[str], cwd: Path, runs: int, stdout: Path | None = None,
          env: Mapping[str, str] | None = None, warmup: bool = True) -> Timing:
    """Run ``argv`` ``runs`` times (after one untimed warm-up run) and summarise."""
    if warmup:
        run_once(argv, cwd, None, env)
    walls: list[float] = []
    peaks: list[int] = []
    codes: list[int] = []
    for _ in range(runs):
        wall, peak, code = run_once(argv, cwd, stdout, env)
        walls.append(wall)
        peaks.append(peak)
        codes.append(code)
    return Timing(statistics.median(walls), tuple(walls), max(peaks) / 1024, tuple(codes), stdout)
