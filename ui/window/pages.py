"""The contract between the main window and the pages it shows for the open book."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ui.context import AppContext
from ui.window.read_only import lock_editing


class BookPage(QWidget):
    """A page of the main window's editor area that shows part of one book (or a library).

    The main window calls ``set_book`` when the open book changes (``None``: no book open),
    ``flush`` before switching away, closing or quitting (save any pending edit now), and
    ``focus_record`` to show one record (a section, person, note or meeting id), and
    ``set_read_only(True)`` when the store is open read-only (browse, never edit).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.book_id: str | None = None
        self.read_only = False

    def set_read_only(self, read_only: bool) -> None:
        """Lock every editor and editing action of the page (``ui.window.read_only.lock_editing``).

        A page with something the generic lock cannot see (a dialog it opens, say) overrides
        this, calls it, and checks ``self.read_only`` there. Read-only lasts for the page's
        lifetime: ``False`` after ``True`` is ignored.
        """
        if read_only and not self.read_only:
            self.read_only = True
            lock_editing(self)

    def showEvent(self, event: QShowEvent) -> None:
        # A page built after the window (lazily) locks itself before anyone can type in it.
        if self.context.read_only and not self.read_only:
            self.set_read_only(True)
        super().showEvent(event)

    def set_book(self, book_id: str | None) -> None:
        self.book_id = book_id

    def flush(self) -> None:
        """Write any edit still waiting for autosave. Default: nothing pending."""

    def focus_record(self, record_id: str) -> None:
        """Show the record with this id, if this page holds it."""

    def has_unsaved_changes(self) -> bool:
        """True while an edit could not be written yet (``flush`` failed). Default: False."""
        return False
