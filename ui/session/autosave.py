"""Autosave: edits reach the store about a second after the last keystroke.

A keystroke only marks the record dirty and restarts a single-shot timer; the text is turned
into Markdown and written when the timer fires (or on ``flush``), so typing never waits on the
disk. A write that fails keeps the value in memory and is retried until it succeeds.

``SaveTimer`` is the timing (one delay after typing, a longer one after a failed write), used
directly by the editors of one record at a time (library records, a participant's details).
``Autosaver`` adds pending writes keyed by record on top of it, for the pages where several
fields or records are edited at once (overview, sections).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.errors import NotFound, StoreWriteError
from ui.context import AppContext

SAVE_DELAY_MS = 1000
RETRY_DELAY_MS = 10_000


class SaveTimer(QObject):
    """Calls ``save`` once typing pauses; ``flush()`` saves a pending change at once.

    ``timer`` is public so tests can fire it without waiting.
    """

    def __init__(
        self,
        save: Callable[[], object],
        delay_ms: int = SAVE_DELAY_MS,
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


@dataclass
class _Pending:
    produce: Callable[[], Any]
    write: Callable[[Any], None]
    value: Any = None
    materialised: bool = False
    failures: int = field(default=0)

    def materialise(self) -> Any:
        if not self.materialised:
            self.value = self.produce()
            self.materialised = True
        return self.value


class Autosaver(QObject):
    """Debounced writes keyed by record ("section:<id>", "book:<id>", ...).

    ``mark_dirty(key, produce, write)``: ``produce()`` reads the current value from the widget
    (called only when saving), ``write(value)`` stores it. Signals mirror the status bar.
    """

    saving = Signal()
    saved = Signal()
    failed = Signal(str)

    def __init__(
        self, context: AppContext, parent: QObject | None = None, delay_ms: int = SAVE_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._pending: dict[str, _Pending] = {}
        self._save_timer = SaveTimer(self.flush, delay_ms, self)
        self.timer = self._save_timer.timer  # public so tests can fire it without waiting
        self.last_error = ""

    def mark_dirty(
        self, key: str, produce: Callable[[], Any], write: Callable[[Any], None]
    ) -> None:
        """Remember that ``key`` changed; save it when the typing pauses."""
        if self.context.read_only:
            return  # nothing can be saved; the editors are locked (ui.window.read_only)
        self._pending[key] = _Pending(produce, write)
        self._save_timer.touch()

    def is_dirty(self, key: str | None = None) -> bool:
        return bool(self._pending) if key is None else key in self._pending

    def pending_value(self, key: str) -> Any:
        """The unsaved value for ``key`` if its write failed earlier, else ``None``."""
        pending = self._pending.get(key)
        return pending.value if pending is not None and pending.materialised else None

    def capture(self, key: str) -> None:
        """Read the value now (before the widget moves on to another record)."""
        pending = self._pending.get(key)
        if pending is not None:
            pending.materialise()

    def discard(self, key: str) -> None:
        self._pending.pop(key, None)
        if not self._pending:
            self._save_timer.cancel()

    def flush(self) -> bool:
        """Write everything pending now. True when nothing is left unsaved."""
        self._save_timer.cancel()
        if not self._pending:
            return True
        self.saving.emit()
        self.context.events.save_state.emit("saving", "")
        error = ""
        for key, pending in list(self._pending.items()):
            try:
                pending.write(pending.materialise())
            except NotFound:
                # The record was deleted meanwhile (for example by undo): nothing to save.
                pass
            except StoreWriteError as exc:
                pending.failures += 1
                error = str(exc)
                continue
            if self._pending.get(key) is pending:
                del self._pending[key]
        if error:
            self.last_error = error
            self._save_timer.retry_later()
            self.failed.emit(error)
            self.context.events.save_state.emit("failed", error)
            return False
        self.last_error = ""
        self.saved.emit()
        self.context.events.save_state.emit("saved", "")
        return True
