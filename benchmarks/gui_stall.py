"""The longest GUI-thread stall while the desktop app works, run as its own process.

    python -m benchmarks.gui_stall STORE BUNDLE OUTPUT_FOLDER

Opens the app's main window on STORE the way ``briefbook`` does, starts a heartbeat (a
``QTimer`` every 5 ms on the GUI thread) and drives the app's own code paths, each doing its
work in the app's workers (``ui.session.workers``):

1. import: ``ui.window.file_actions.import_bundle_file`` with BUNDLE (the reference book, whose book,
   people and notes STORE lacks), including the library reloads it triggers;
2. export: opening the export dialog (``ui.dialogs.export_dialog.ExportDialog``) for that book until
   its preflight list is shown ("export dialog"), then exporting it to PDF ("export");
3. search: the search panel with two queries typed one letter every 200 ms (each letter
   outlasts the 150 ms debounce, so every prefix runs a query and its results are drawn).

A stall is the gap between two heartbeats; the longest gap of each phase is printed as JSON.
Message boxes the app shows (e.g. "Update records?") are answered with their default button
and listed, so the run never waits for a person.
"""

from __future__ import annotations

import gc
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox

from benchmarks.generate import REFERENCE_BOOK_ID

HEARTBEAT_MS = 5
TYPE_EVERY_MS = 200
QUERIES = ("mammadov", "energy sec")
IDLE_MS = 1000


class Heartbeat(QObject):
    """Beats every 5 ms on the GUI thread; remembers the longest gap of the current phase."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self.beat)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.beats = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def beat(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.beats += 1
        self.last = now

    def phase(self) -> None:
        self.longest, self.beats = 0.0, 0


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(signals: list[SignalInstance], timeout_ms: int) -> bool:
    """Run the event loop until one of ``signals`` fires (True) or the timeout passes."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_: object) -> None:
        fired.append(True)
        loop.quit()

    for signal in signals:
        signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    for signal in signals:
        signal.disconnect(done)
    return bool(fired)


class CollectorWatch:
    """The longest garbage collection of the phase: a full collection holds the GIL, so it
    stalls the GUI thread whichever thread triggered it."""

    def __init__(self) -> None:
        self.started = 0.0
        self.longest = 0.0
        self.generation = -1
        gc.callbacks.append(self.callback)

    def callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
            return
        took = time.perf_counter() - self.started
        if took > self.longest:
            self.longest, self.generation = took, info["generation"]

    def phase(self) -> None:
        self.longest, self.generation = 0.0, -1


class StallSampler:
    """With ``BENCH_STALL_STACKS=1``: a thread that, whenever the heartbeat is late by more
    than 20 ms, records where the GUI thread is (to find what stalls it)."""

    def __init__(self, heartbeat: Heartbeat) -> None:
        self.heartbeat = heartbeat
        self.main = threading.main_thread().ident
        self.samples: dict[str, int] = {}
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        me = threading.get_ident()
        while self.running:
            time.sleep(0.002)
            late = time.perf_counter() - self.heartbeat.last
            if late > 0.02:
                for ident, frame in sys._current_frames().items():
                    if ident == me:
                        continue
                    who = "gui" if ident == self.main else "worker"
                    stack = traceback.extract_stack(frame)[-5:]
                    where = " < ".join(
                        f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(stack)
                    )
                    key = f"[{who}, late {late * 1000:.0f} ms] {where}"
                    self.samples[key] = self.samples.get(key, 0) + 1


class BoxAnswerer(QObject):
    """Answers any message box with its default button, noting what it said."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.timer = QTimer(self)
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.answer)
        self.timer.start()

    def answer(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.seen.append(box.text().splitlines()[0][:120])
            button = box.button(QMessageBox.StandardButton.Yes) or box.defaultButton()
            if button is not None:
                button.click()
            else:
                box.accept()


def run_phases(window: Any, bundle: Path, output: Path) -> dict[str, Any]:
    from ui.dialogs.export_dialog import ExportDialog
    from ui.window.file_actions import import_bundle_file

    context = window.context
    heartbeat = Heartbeat()
    answerer = BoxAnswerer()
    collector = CollectorWatch()
    heartbeat.start()
    sampler = StallSampler(heartbeat) if os.environ.get("BENCH_STALL_STACKS") else None
    results: dict[str, Any] = {}

    def phase(name: str, work: Callable[[], Any]) -> None:
        heartbeat.phase()
        collector.phase()
        started = time.perf_counter()
        outcome = work()
        wait(50)  # let the last queued updates paint inside the phase
        results[name] = {
            "longest_ms": heartbeat.longest * 1000,
            "beats": heartbeat.beats,
            "seconds": time.perf_counter() - started,
            "ok": outcome is not False,
            "longest_gc_ms": collector.longest * 1000,
            "gc_generation": collector.generation,
            "objects": len(gc.get_objects()),
        }

    phase("idle", lambda: wait(IDLE_MS))
    phase("import", lambda: import_bundle_file(window, context, bundle) is not None)

    dialog: Any = None

    def open_dialog() -> bool:
        nonlocal dialog
        dialog = ExportDialog(context, REFERENCE_BOOK_ID, window)
        dialog.show()
        return wait_for([dialog.preflight_ready], 60_000)

    def export() -> bool:
        target = output / "stall.pdf"
        target.unlink(missing_ok=True)
        dialog.set_format("pdf")
        dialog.set_destination(target)
        dialog.start_export()
        finished = wait_for([dialog.export_finished, dialog.export_failed], 300_000)
        ok = finished and target.exists()
        dialog.close()
        dialog.deleteLater()
        return ok

    phase("export dialog", open_dialog)
    phase("export", export)

    def search() -> bool:
        window.open_search()
        panel = window._search_panel
        shown: list[str] = []
        panel.results_shown.connect(lambda query, _count: shown.append(query))
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                panel.field.setText(query[:end])
                wait(TYPE_EVERY_MS)
            deadline = time.perf_counter() + 10
            while (not shown or shown[-1] != query) and time.perf_counter() < deadline:
                wait_for([panel.results_shown], 1000)
            if not shown or shown[-1] != query:
                return False
        panel.hide()
        return True

    phase("search", search)
    heartbeat.timer.stop()
    answerer.timer.stop()
    results["message_boxes"] = answerer.seen
    if sampler is not None:
        sampler.running = False
        results["stall_stacks"] = sampler.samples
    return results


def main(argv: list[str]) -> int:
    store, bundle, output = Path(argv[0]), Path(argv[1]), Path(argv[2])
    if os.environ.get("BENCH_SWITCH_INTERVAL"):  # an experiment knob: how the GIL hand-off
        sys.setswitchinterval(float(os.environ["BENCH_SWITCH_INTERVAL"]))  # affects stalls
    from ui.session.workarounds import keep_booleans_alive

    keep_booleans_alive()  # what run_gui does first
    app = QApplication(["briefbook"])
    from app.paths import log_dir
    from ui.session.startup import Session, configure_application, default_settings

    configure_application(app)
    session = Session(default_settings(), log_dir())
    if not session.start(store):
        return 1
    window = session.window
    report: dict[str, Any] = {}

    def go() -> None:
        try:
            report.update(run_phases(window, bundle, output))
        finally:
            app.exit(0)  # a failure must end the process, not leave it waiting

    QTimer.singleShot(200, go)
    app.exec()
    session.close()
    if not report:
        return 1
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
