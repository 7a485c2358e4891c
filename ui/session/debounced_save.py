"""Autosave timing for the library editors: save about a second after the last change."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

AUTOSAVE_DELAY_MS = 1000
RETRY_DELAY_MS = 10_000


class DebouncedSave(QObject):
    """Calls ``save`` once typing pauses; ``flush()`` saves a pending change at once.

    ``timer`` is public so tests can fire it without waiting.
    """

    def __init__(
        self,
        save: Callable[[], None],
        delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._delay_ms = delay_ms
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self._save)

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def touch(self) -> None:
        """A change was made: (re)start the countdown."""
        self.timer.start(self._delay_ms)

    def retry_later(self) -> None:
        """A save failed (read-only file, disk full): try again in a while, edit kept."""
        self.timer.start(RETRY_DELAY_MS)

    def flush(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self._save()

    def cancel(self) -> None:
        self.timer.stop()
