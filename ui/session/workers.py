"""Long work off the GUI thread: a QRunnable worker with progress, result, failure and cancel.

Usage::

    worker = Worker(lambda control: do_the_work(control))
    worker.signals.progress.connect(bar.set_fraction)
    worker.signals.finished.connect(on_result)
    worker.signals.failed.connect(on_error)
    worker.start()                 # QThreadPool.globalInstance() unless a pool is given
    ...
    worker.cancel()                # cooperative: the job sees ``control.cancelled``

The job receives the worker itself as its control: it reports progress with
``control.report(fraction)`` and checks ``control.cancelled`` (or calls ``control.check()``,
which raises ``Cancelled``). A job that produces progress as a generator (the export writers)
is driven by ``drive(control, steps)``, which closes the generator when cancelled so its own
clean-up runs (no partial file).

Signals are emitted from the worker thread and reach widgets through queued connections, so
slots always run on the GUI thread. A job that touches the store must open its own connection:
SQLite connections are not shared between threads.

``run_blocking`` shows a progress dialog and waits (in a nested Qt event loop, never a
``processEvents`` loop) for functions that must return the outcome to their caller.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import BriefBookError

log = logging.getLogger(__name__)

PROGRESS_STEPS = 1000  # resolution of progress bars fed by a 0..1 fraction


class Cancelled(Exception):
    """Raised inside a job to stop it because the user cancelled."""


class WorkerSignals(QObject):
    """What a worker tells the GUI. Exactly one of finished/failed/cancelled ends each run."""

    progress = Signal(float)  # fraction done, 0..1
    finished = Signal(object)  # the job's return value
    failed = Signal(str)  # a one-line message fit for the user
    cancelled = Signal()


class Worker(QRunnable):
    """Runs ``job(worker)`` on a thread pool and reports through ``self.signals``.

    Keep a reference to the worker until it ends: auto-deletion is off so that Python, not the
    pool, owns it (a PySide runnable deleted by the pool takes its signals object with it).
    """

    def __init__(self, job: Callable[[Worker], Any], name: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.job = job
        self.name = name or getattr(job, "__name__", "job")
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._started = False

    # --- control, used by the GUI ---------------------------------------------------------

    def start(self, pool: QThreadPool | None = None) -> Worker:
        """Queue the job on ``pool`` (the global pool by default); returns self."""
        self._started = True
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next check; a job that has not started yet never runs."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has ended (True) or ``timeout`` seconds passed (False).

        For shutdown paths only; normal code waits for the signals instead.
        """
        if not self._started:
            return True
        return self._done.wait(timeout)

    @property
    def running(self) -> bool:
        return self._started and not self._done.is_set()

    # --- control, used by the job ---------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled

    def report(self, fraction: float) -> None:
        """Tell the GUI how far the job is (clamped to 0..1)."""
        self.signals.progress.emit(min(1.0, max(0.0, float(fraction))))

    # --- the thread side ------------------------------------------------------------------

    def run(self) -> None:
        try:
            self.check()
            result = self.job(self)
            self.check()
        except Cancelled:
            self._emit("cancelled")
        except BriefBookError as error:
            self._emit("failed", str(error))
        except Exception as error:  # a bug must reach the user as a message, not kill a thread
            log.exception("Background job %s failed", self.name)
            self._emit("failed", f"Something went wrong: {error}")
        else:
            self._emit("finished", result)
        finally:
            self._done.set()

    def _emit(self, name: str, *args: Any) -> None:
        # The signals' owner may be gone when a job ends as the app quits: nobody is listening.
        if shiboken6.isValid(self.signals):
            getattr(self.signals, name).emit(*args)


def drive(control: Worker, steps: Iterator[float]) -> None:
    """Run a progress generator to its end, reporting each fraction.

    On cancel the generator is closed (its ``finally`` blocks remove temporary files) and
    ``Cancelled`` is raised.
    """
    try:
        for fraction in steps:
            control.report(fraction)
            if control.cancelled:
                raise Cancelled
    finally:
        close = getattr(steps, "close", None)
        if close is not None:
            close()


@dataclass
class Outcome:
    """How a job run by ``run_blocking`` ended."""

    result: Any = None
    error: str | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled


def run_blocking(
    parent: QWidget | None,
    title: str,
    label: str,
    job: Callable[[Worker], Any],
    *,
    cancellable: bool = True,
    pool: QThreadPool | None = None,
) -> Outcome:
    """Run ``job`` in a worker behind a window-modal progress dialog and return its outcome.

    The GUI stays responsive (a nested event loop runs while the job works); the dialog
    appears only if the job takes longer than a moment.
    """
    # A busy indicator until the job reports progress (some jobs cannot measure theirs).
    dialog = QProgressDialog(label, "Cancel" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    outcome = Outcome()
    loop = QEventLoop()
    worker = Worker(job, name=title)

    def on_finished(result: object) -> None:
        outcome.result = result
        loop.quit()

    def on_failed(message: str) -> None:
        outcome.error = message
        loop.quit()

    def on_cancelled() -> None:
        outcome.cancelled = True
        loop.quit()

    def on_progress(fraction: float) -> None:
        if dialog.maximum() == 0:
            dialog.setRange(0, PROGRESS_STEPS)
        dialog.setValue(round(fraction * PROGRESS_STEPS))

    worker.signals.progress.connect(on_progress)
    worker.signals.finished.connect(on_finished)
    worker.signals.failed.connect(on_failed)
    worker.signals.cancelled.connect(on_cancelled)
    dialog.canceled.connect(worker.cancel)
    worker.start(pool)
    loop.exec()
    dialog.close()
    dialog.deleteLater()
    return outcome
