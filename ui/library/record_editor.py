"""The part of the library editors (profile, note) that loads, autosaves and discards.

Edits reach the store about a second after the last keystroke (``SaveTimer``) and at once
on ``flush()`` (switching record, leaving the page, quitting). A record deleted meanwhile (for
example by undoing its creation) is never brought back by a late save.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from app.errors import BriefBookError, NotFound
from ui.context import AppContext
from ui.session.autosave import SaveTimer
from ui.widgets.inline_message import InlineMessage


def books_phrase(titles: list[str]) -> str:
    """ "Used in 2 books: A, B", or a note that the record is in no book yet."""
    if not titles:
        return "Not used in any book yet."
    shown = ", ".join(titles[:5]) + (f" and {len(titles) - 5} more" if len(titles) > 5 else "")
    noun = "book" if len(titles) == 1 else "books"
    return f"Used in {len(titles)} {noun}: {shown}."


class RecordEditor(QWidget):
    """Base of the editors: subclasses read (``fetch``), show (``fill``), collect
    (``edited``) and write (``write``) one record, and name their ``first_field``."""

    saved = Signal(object)
    first_field: QLineEdit  # where "New" puts the cursor; set by the subclass

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.record: Any = None
        self._dirty = False
        self._loading = False
        self.autosave = SaveTimer(self.save_now, parent=self)
        self.save_message = InlineMessage(self)

    # --- for subclasses -------------------------------------------------------------------

    def fetch(self, record_id: str) -> Any:
        raise NotImplementedError

    def fill(self, record: Any) -> None:
        """Show ``record`` (None: blank fields)."""
        raise NotImplementedError

    def edited(self) -> Any:
        raise NotImplementedError

    def write(self, record: Any) -> Any:
        raise NotImplementedError

    def usage_titles(self) -> list[str]:
        return []

    def after_save(self, saved: Any) -> None:
        """Hook after a successful save (messages about the saved values)."""
        self.save_message.clear()

    def show_usage(self, text: str) -> None:
        """Hook: show the "Used in N books" sentence."""

    def set_has_record(self, has_record: bool) -> None:
        """Hook: show the form or the empty state."""

    # --- loading --------------------------------------------------------------------------

    @property
    def record_id(self) -> str | None:
        return self.record.id if self.record is not None else None

    def load(self, record_id: str | None) -> None:
        """Show a record (saving any pending edit of the previous one first)."""
        self.flush()
        record = None
        if record_id is not None:
            try:
                record = self.fetch(record_id)
            except NotFound:
                record = None
        self.record = record
        self._loading = True
        try:
            self.fill(record)
            self.save_message.clear()
        finally:
            self._loading = False
        self._dirty = False
        self.refresh_usage()
        self.set_has_record(record is not None)

    def refresh_usage(self) -> None:
        self.show_usage(books_phrase(self.usage_titles()) if self.record is not None else "")

    # --- editing and saving ---------------------------------------------------------------

    def changed(self) -> None:
        """Connect every field's change signal here."""
        if self._loading or self.record is None:
            return
        self._dirty = True
        self.autosave.touch()

    def save_now(self) -> None:
        """Write pending edits to the store (the autosave timer and ``flush`` call this)."""
        self.autosave.cancel()
        if self.record is None or not self._dirty:
            return
        try:
            self.fetch(self.record.id)
        except NotFound:
            self.discard()  # deleted meanwhile: a late save must not bring it back
            return
        events = self.context.events
        try:
            saved = self.write(self.edited())
        except BriefBookError as error:
            self.save_message.show_error(f"Not saved yet: {error}")
            events.save_state.emit("failed", str(error))
            self.autosave.retry_later()
            return
        self.record = saved
        self._dirty = False
        self.after_save(saved)
        events.save_state.emit("saved", "")
        self.saved.emit(saved)

    def flush(self) -> None:
        if self._dirty:
            self.save_now()

    def discard(self) -> None:
        """Forget pending edits and show nothing (the record is gone)."""
        self.autosave.cancel()
        self._dirty = False
        self.record = None
        self.load(None)

    @property
    def dirty(self) -> bool:
        return self._dirty
