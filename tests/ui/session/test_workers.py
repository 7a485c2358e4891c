"""The background worker: result, failure, progress, cancel, and the blocking progress helper."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QWidget

from app.errors import ExportFailed
from ui.session.workers import Cancelled, Outcome, Worker, drive, run_blocking


def test_finished_carries_the_result_to_the_gui_thread(qtbot):
    seen_threads: list[QThread] = []

    def job(control: Worker) -> int:
        seen_threads.append(QThread.currentThread())
        return 6 * 7

    worker = Worker(job)
    received: list[QThread] = []
    worker.signals.finished.connect(lambda _r: received.append(QThread.currentThread()))
    with qtbot.waitSignal(worker.signals.finished, timeout=5000) as blocker:
        worker.start()
    assert blocker.args == [42]
    gui = QApplication.instance().thread()
    assert seen_threads and seen_threads[0] is not gui
    assert received == [gui]
    assert worker.wait(1)


def test_user_errors_become_failed_with_their_message(qtbot):
    def job(control: Worker) -> None:
        raise ExportFailed("The folder is read-only.")

    worker = Worker(job)
    with qtbot.waitSignal(worker.signals.failed, timeout=5000) as blocker:
        worker.start()
    assert blocker.args == ["The folder is read-only."]


def test_a_bug_in_a_job_is_reported_not_lost(qtbot, caplog):
    def job(control: Worker) -> None:
        raise ZeroDivisionError("division by zero")

    worker = Worker(job, name="broken")
    with qtbot.waitSignal(worker.signals.failed, timeout=5000) as blocker:
        worker.start()
    assert "division by zero" in blocker.args[0]
    assert "broken" in caplog.text


def test_progress_is_reported_in_order_and_clamped(qtbot):
    def job(control: Worker) -> str:
        for fraction in (-1.0, 0.25, 0.5, 2.0):
            control.report(fraction)
        return "done"

    worker = Worker(job)
    fractions: list[float] = []
    worker.signals.progress.connect(fractions.append)
    with qtbot.waitSignal(worker.signals.finished, timeout=5000):
        worker.start()
    assert fractions == [0.0, 0.25, 0.5, 1.0]


def test_cancel_stops_a_progress_generator_and_runs_its_cleanup(qtbot):
    cleaned = threading.Event()
    steps_taken: list[float] = []

    def steps() -> Iterator[float]:
        try:
            for n in range(1000):
                steps_taken.append(n / 1000)
                yield n / 1000
        finally:
            cleaned.set()

    worker = Worker(lambda control: drive(control, steps()))
    # Cancel from the worker thread itself at the first step: deterministic, no timing.
    worker.signals.progress.connect(lambda _f: worker.cancel(), Qt.ConnectionType.DirectConnection)
    finished: list[object] = []
    worker.signals.finished.connect(finished.append)
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.start()
    assert cleaned.is_set()
    assert len(steps_taken) == 1
    assert finished == []


def test_a_job_cancelled_before_it_starts_never_runs(qtbot):
    ran = threading.Event()
    worker = Worker(lambda control: ran.set())
    worker.cancel()
    with qtbot.waitSignal(worker.signals.cancelled, timeout=5000):
        worker.start()
    assert not ran.is_set()


def test_check_raises_cancelled_only_after_cancel():
    worker = Worker(lambda control: None)
    worker.check()
    worker.cancel()
    with pytest.raises(Cancelled):
        worker.check()


def test_run_blocking_returns_the_outcome_and_shows_progress(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)

    def job(control: Worker) -> str:
        control.report(0.5)
        return "copied"

    outcome = run_blocking(parent, "Copying", "Copying…", job)
    assert outcome == Outcome(result="copied")
    assert outcome.ok

    def failing(control: Worker) -> None:
        raise ExportFailed("No space left on the disk.")

    failed = run_blocking(parent, "Copying", "Copying…", failing, cancellable=False)
    assert not failed.ok
    assert failed.error == "No space left on the disk."
