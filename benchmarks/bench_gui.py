"""The desktop app at scale: cold start against a bare PySide6 window, the longest GUI-thread
stall while importing, exporting and searching, and the people list with 10,000 people.
Each measurement runs in its own process (``benchmarks.gui_ready``, ``gui_stall``,
``gui_lists``), offscreen unless ``BENCH_QT_PLATFORM`` says otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.backups import daily_backup
from app.bundle import export_bundle
from app.store import Store
from app.store_file import copy_store_file
from benchmarks.generate import REFERENCE_BOOK_ID
from benchmarks.measure import PYTHON, ProcessFailed, quiet_env, round_robin, run_process


@dataclass
class GuiResults:
    start: dict[str, list[float]] = field(default_factory=dict)
    stalls: list[dict[str, Any]] = field(default_factory=list)
    lists: list[dict[str, float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def seconds_until_line(
    command: list[str], line: str, env: dict[str, str], timeout: float = 120
) -> float:
    """Seconds from spawning ``command`` until it prints ``line`` (its exit is not counted)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    killer = threading.Timer(timeout, child.kill)
    killer.start()
    try:
        assert child.stdout is not None
        for raw in child.stdout:
            if raw.decode("utf-8", "replace").strip() == line:
                elapsed = time.perf_counter() - started
                break
        else:
            raise ProcessFailed(f"{' '.join(command[2:4])} ended without printing {line!r}")
        child.wait()
    finally:
        killer.cancel()
        if child.poll() is None:
            child.kill()
            child.wait()
    return elapsed


def fresh_env(work: Path) -> dict[str, str]:
    """Settings, logs and caches in a new empty folder: every run is a first start, so no
    remembered book or window state makes one run differ from the next."""
    return quiet_env(Path(tempfile.mkdtemp(prefix="home-", dir=work)))


def cold_start(store: Path, work: Path, rounds: int) -> dict[str, list[float]]:
    ready = [PYTHON, "-m", "benchmarks.gui_ready"]
    contenders: dict[str, Callable[[], float]] = {
        "app_start": lambda: seconds_until_line(
            [*ready, "app", str(store)], "ready", fresh_env(work)
        ),
        "bare_start": lambda: seconds_until_line([*ready, "bare"], "ready", fresh_env(work)),
    }
    contenders["app_start"]()  # the first start in a run pays for the page cache and fonts
    return round_robin(rounds, contenders)


def ensure_todays_backup(store: Path) -> None:
    """Make the store's daily backup now, so the app's own (started 1.5 s after its window
    shows, once a day) does not copy 500 MB beside a measurement; a user meets it once a day."""
    with Store.open(store, read_only=True) as opened:
        daily_backup(opened)


def prepare_import_case(store: Path, copy: Path, bundle: Path) -> None:
    """``copy``: the large store without the reference book and the people and notes only it
    brings; ``bundle``: the reference book as a ``.bbk``. Importing one into the other then
    adds a whole large book: 60 people with photos, 40 long notes, 30 sections, 40 meetings."""
    if not bundle.exists():
        with Store.open(store, read_only=True) as source:
            export_bundle(source, REFERENCE_BOOK_ID, bundle)
    if not copy.exists():
        copy_store_file(store, copy)
        ensure_todays_backup(copy)
    with Store.open(copy) as target:
        try:
            content = target.load_book_content(REFERENCE_BOOK_ID)
        except Exception:  # already removed by an earlier round's preparation
            return
        with target.transaction():
            target.delete_book(REFERENCE_BOOK_ID)
            for note in content.notes:
                target.delete_note(note.id)
            for entry in content.participants:
                target.delete_person(entry.person.id)
        target.prune_images()


def stalls(store: Path, work: Path, rounds: int) -> list[dict[str, Any]]:
    copy, bundle, output = work / "stall.sqlite", work / "reference.bbk", work / "stall-out"
    output.mkdir(exist_ok=True)
    runs = []
    for index in range(rounds):
        prepare_import_case(store, copy, bundle)
        command = [PYTHON, "-m", "benchmarks.gui_stall", str(copy), str(bundle), str(output)]
        ran = run_process(command, env=fresh_env(work))
        report = json.loads(ran.stdout.strip().splitlines()[-1])
        runs.append(report)
        figures = ", ".join(
            f"{name} {value['longest_ms']:.0f} ms"
            for name, value in report.items()
            if isinstance(value, dict)
        )
        print(f"    round {index + 1}/{rounds}: longest gap {figures}", file=sys.stderr)
    return runs


def lists(store: Path, work: Path, rounds: int) -> list[dict[str, float]]:
    runs = []
    for _ in range(rounds):
        command = [PYTHON, "-m", "benchmarks.gui_lists", str(store)]
        ran = run_process(command, env=fresh_env(work))
        runs.append(json.loads(ran.stdout.strip().splitlines()[-1]))
    return runs


def run(store: Path, work: Path, rounds: int) -> GuiResults:
    results = GuiResults()
    ensure_todays_backup(store)
    print("  cold start: the app on the large store, a bare PySide6 window…", file=sys.stderr)
    results.start = cold_start(store, work, rounds)
    print("  GUI-thread stalls: import, export, search…", file=sys.stderr)
    results.stalls = stalls(store, work, max(3, rounds // 2))
    print("  people list with 10,000 people: show, sort, filter…", file=sys.stderr)
    results.lists = lists(store, work, rounds)
    return results
