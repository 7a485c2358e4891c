"""Autosave: edits reach the store about a second after the last keystroke.

A keystroke only marks the record dirty and restarts a single-shot timer; the text is turned
into Markdown and written when the timer fires (or on ``flush``), so typing never waits on the
disk. A write that fails keeps the value in memory and is retried until it succeeds.
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
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.setInterval(RETRY_DELAY_MS)
        self.retry_timer.timeout.connect(self.flush)
        self.last_error = ""

    def mark_dirty(
        self, key: str, produce: Callable[[], Any], write: Callable[[Any], None]
    ) -> None:
        """Remember that ``key`` changed; save it when the typing pauses."""
        if self.context.read_only:
            return  # nothing can be saved; the editors are locked (ui.window.read_only)
        self._pending[key] = _Pending(produce, write)
        self.timer.start()

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
            self.timer.stop()
            self.retry_timer.stop()

    def flush(self) -> bool:
        """Write everything pending now. True when nothing is left unsaved."""
        self.timer.stop()
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
            self.retry_timer.start()
            self.failed.emit(error)
            self.context.events.save_state.emit("failed", error)
            return False
        self.retry_timer.stop()
        self.last_error = ""
        self.saved.emit()
        self.context.events.save_state.emit("saved", "")
        return True
