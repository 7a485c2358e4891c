"""Timing helpers shared by the benchmarks: child processes with their own peak memory,
statistics, and peers measured round by round in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class ProcessRun:
    """One finished child process: wall time from spawn to exit, its peak resident memory
    (``ru_maxrss`` of that child alone) and what it printed."""

    seconds: float
    max_rss_mb: float
    stdout: str
    cpu_seconds: float = 0.0  # user + system time of the child: steadier on a shared machine


class ProcessFailed(RuntimeError):
    """A measured command did not succeed; the message says which and how."""


def run_process(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 900,
) -> ProcessRun:
    """Run ``command`` to its end and measure it.

    The child is reaped with ``os.wait4``, which returns that child's own resource usage
    (``RUSAGE_CHILDREN`` would mix in every earlier child).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            list(command),
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=dict(env) if env is not None else None,
            cwd=cwd,
        )
        killer = threading.Timer(timeout, child.kill)
        killer.start()
        try:
            _pid, status, usage = os.wait4(child.pid, 0)
        finally:
            killer.cancel()
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if child.returncode != 0:
        tail = " | ".join((stderr or stdout).strip().splitlines()[-3:])
        raise ProcessFailed(f"`{' '.join(command[:4])} …` exited with {child.returncode}: {tail}")
    cpu = usage.ru_utime + usage.ru_stime
    return ProcessRun(seconds, usage.ru_maxrss / 1024, stdout, cpu)  # ru_maxrss: KiB on Linux


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.95 for p95)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def round_robin(
    rounds: int, contenders: Mapping[str, Callable[[], float]], progress: bool = True
) -> dict[str, list[float]]:
    """Measure each contender once per round, in turn, for ``rounds`` rounds.

    Interleaving puts BriefBook and its peers under the same conditions (page cache, a busy
    machine) instead of measuring one after the other.
    """
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for index in range(rounds):
        for name, measure in contenders.items():
            samples[name].append(measure())
        if progress:
            figures = ", ".join(f"{name} {values[-1]:.2f}" for name, values in samples.items())
            print(f"    round {index + 1}/{rounds}: {figures}", file=sys.stderr, flush=True)
    return samples


def quiet_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a measured child: config, data and logs in ``home`` (never the
    user's own), offscreen Qt, and this checkout importable."""
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "QT_QPA_PLATFORM": env.get("BENCH_QT_PLATFORM", "offscreen"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
        }
    )
    env.update(extra)
    return env
