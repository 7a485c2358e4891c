"""What every widget of the app is given: the store, settings, the undo stack and app events.

Passed to constructors explicitly (no globals), so tests can build any widget on a temp store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from app.store import Store


class AppEvents(QObject):
    """App-wide notifications so that views showing the same records stay in step."""

    # A book's own fields, sections, participants, notes or schedule changed (book id).
    book_changed = Signal(str)
    # The list of books changed (added, deleted, renamed, duplicated).
    books_changed = Signal()
    # The people or notes library changed (any record).
    people_changed = Signal()
    notes_changed = Signal()
    # Ask the main window to show a record: kind ("book", "section", "person", "note",
    # "meeting", "participants", "schedule"), record id, and the book id when known ("" if not).
    open_record = Signal(str, str, str)
    # Show a word in a record that open_record just showed: kind, record id, the word (a
    # misspelling chosen in the export dialog's preflight list).
    reveal_word = Signal(str, str, str)
    # A short message for the status bar.
    status_message = Signal(str)
    # Autosave progress for the status bar: state "saving" | "saved" | "failed", and for
    # "failed" the reason (one sentence). ui.session.autosave.Autosaver emits it.
    save_state = Signal(str, str)
    # A change the user asked for could not be made (the message says why): shown in a dialog.
    user_error = Signal(str)


@dataclass
class AppContext:
    """The collaborators shared by the main window and its pages."""

    store: Store
    store_path: Path
    settings: QSettings
    undo_stack: QUndoStack
    events: AppEvents
    # Browsing only: another program holds the store's writer lock (``ui.window.read_only``). The store
    # is then opened read-only and ``read_only_holder`` says who writes to it.
    read_only: bool = False
    read_only_holder: str = ""
    # Spelling's dictionaries and lexicons (a ui.session.spelling.Spelling), made on first use
    # by ui.session.spelling.spelling_for; not typed here, as the context imports no session
    # module (the layout test forbids the cycle).
    spelling: Any = None
