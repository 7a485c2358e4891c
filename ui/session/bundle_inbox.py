"""Bundles that reach a running app: from a second launch (``app.handoff``) and, on macOS,
from the Finder's "open file" events (a double-clicked ``.bbk`` while the app runs)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from app import handoff

logger = logging.getLogger("briefbook")
OpenBundle = Callable[[Path], object]
MODAL_RETRY_MS = 500


class BundleInbox(QObject):
    """Watches the store's inbox folder and opens each bundle handed to this window."""

    def __init__(self, store_path: Path, open_bundle: OpenBundle, parent: QObject) -> None:
        super().__init__(parent)
        self.store_path = store_path
        self._open_bundle = open_bundle
        self._busy = False
        self._stopped = False
        self._watcher = QFileSystemWatcher(self)
        try:
            folder = handoff.ensure_inbox(store_path)
        except OSError as error:
            logger.warning("bundle inbox unavailable: %s", error.strerror or error)
            return
        self._watcher.addPath(str(folder))
        # Several requests can land at once; take them on the next turn, not mid-signal.
        self._watcher.directoryChanged.connect(lambda _path: QTimer.singleShot(0, self, self.drain))
        QTimer.singleShot(0, self, self.drain)  # what arrived while the app was starting

    def drain(self) -> None:
        """Open what was handed over, one import at a time.

        An import runs nested event loops (its progress, its question): a request arriving
        meanwhile waits for the loop below instead of starting a second import inside the
        first. Nor does one start behind another modal dialog (a restore, say): it waits.
        """
        if self._busy or self._stopped:
            return
        if QApplication.activeModalWidget() is not None:
            QTimer.singleShot(MODAL_RETRY_MS, self, self.drain)
            return
        self._busy = True
        try:
            while not self._stopped:
                bundles = handoff.take(self.store_path)
                if not bundles:
                    break
                for bundle in bundles:
                    if self._stopped:
                        break
                    logger.info("bundle handed over by a second launch")
                    self._open_bundle(bundle)
        finally:
            self._busy = False

    def stop(self) -> None:
        self._stopped = True
        self._watcher.removePaths(self._watcher.directories())


class FileOpenFilter(QObject):
    """macOS sends a file opened in the Finder while the app runs as a ``QFileOpenEvent``."""

    def __init__(self, open_bundle: OpenBundle, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._open_bundle = open_bundle

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            name = event.file()
            if name:
                QTimer.singleShot(0, self, lambda: self._open_bundle(Path(name)))
                return True
        return super().eventFilter(watched, event)
