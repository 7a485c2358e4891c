"""The automatic daily backup, run in a worker thread after the store opens.

``app.backups.daily_backup`` copies the store on its first open of each day and rotates old
copies out. It reads the whole store, so it runs off the GUI thread, on a read-only connection
of its own (SQLite connections are not shared between threads; a read-only open takes no writer
lock, and the app holds that lock anyway). A failure never interrupts the officer with a dialog
at start-up: it is logged and shown once in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from app.backups import DEFAULT_KEEP, daily_backup
from app.store import Store
from ui.session.error_reporting import logger as log

if TYPE_CHECKING:
    from ui.session.workers import Worker

STATUS_TIMEOUT_MS = 15_000


def _job(store_path: Path, keep: int) -> Callable[[Worker], Path | None]:
    def job(_control: Worker) -> Path | None:
        with Store.open(store_path, read_only=True) as store:
            return daily_backup(store, keep=keep)

    return job


class BackupRunner(QObject):
    """Runs one daily backup at a time and reports it on the GUI thread.

    ``done`` carries the new backup (or None when today's copy already existed); ``failed``
    carries the reason in one sentence. ``finished`` follows either. The signals are emitted by
    this object on the GUI thread, so a test can wait on them without racing the worker.
    """

    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self,
        window: Callable[[], QMainWindow | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._worker: Worker | None = None
        self.last_result: Path | None = None
        self.last_error = ""

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.running

    def start(self, store_path: Path, keep: int = DEFAULT_KEEP) -> Worker | None:
        """Start the day's backup of ``store_path`` unless one is already under way."""
        if self.running:
            return None
        from ui.session.workers import (
            Worker,  # its Qt classes cost ~30 ms to set up: not at start-up
        )

        worker = Worker(_job(Path(store_path), max(1, keep)), name="daily backup")
        worker.signals.finished.connect(self._on_done)
        worker.signals.failed.connect(self._on_failed)
        self._worker = worker
        return worker.start()

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until the backup has ended; for closing or restoring the store only."""
        return self._worker is None or self._worker.wait(timeout)

    def _say(self, text: str) -> None:
        window = self._window()
        if window is not None:
            window.statusBar().showMessage(text, STATUS_TIMEOUT_MS)

    def _on_done(self, result: object) -> None:
        path = result if isinstance(result, Path) else None
        self.last_result, self.last_error = path, ""
        if path is not None:
            log.info("daily backup made")
            self._say(f"Today's backup of the store was saved in {path.parent}.")
        self.done.emit(path)
        self.finished.emit()

    def _on_failed(self, message: str) -> None:
        self.last_result, self.last_error = None, message
        # The message names files, never record text; the log keeps to the kind of failure.
        damaged = "damaged" if "integrity" in message or "damaged" in message else "other"
        log.warning("daily backup failed (%s)", damaged)
        advice = (
            " Use File ▸ Restore from backup… to go back to a good copy."
            if damaged == "damaged"
            else ""
        )
        self._say(f"Automatic backup failed: {message}{advice}")
        self.failed.emit(message)
        self.finished.emit()
