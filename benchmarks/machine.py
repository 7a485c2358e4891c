"""What the benchmarks ran on: CPU, cores, memory, OS, Python and the libraries that matter."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from pathlib import Path

LIBRARIES = (
    "reportlab",
    "rl_accel",
    "python-docx",
    "PySide6-Essentials",
    "Pillow",
    "sqlite-utils",
    "markdown-it-py",
)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _os_name() -> str:
    try:
        release = platform.freedesktop_os_release()
        return f"{release.get('PRETTY_NAME', 'Linux')} (kernel {platform.release()})"
    except OSError:
        return f"{platform.system()} {platform.release()}"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe() -> dict[str, str]:
    """The machine as label → value, in the order the report shows them."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    facts = {
        "CPU": _cpu_model(),
        "Cores": str(os.cpu_count() or "?"),
        "Memory": f"{_memory_gib():.1f} GiB",
        "OS": _os_name(),
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "SQLite": sqlite3.sqlite_version,
        "Load average at start": " / ".join(f"{value:.2f}" for value in load),
    }
    facts.update({name: _version(name) for name in LIBRARIES})
    return facts


def load_average() -> str:
    if not hasattr(os, "getloadavg"):
        return "?"
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())
