"""The sector notes attached to the open book: attach, order, detach, and edit in place.

The editor changes the library's note itself, so the change shows in every book using it.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import Note, SearchHit
from app.errors import NotFound
from ui.book.attach_search import AttachSearchField, joined
from ui.book.ordered_view import ordered_table_view
from ui.commands import library_commands
from ui.context import AppContext
from ui.library.note_editor import NoteEditor
from ui.library.notes_model import SECTOR, TITLE, BookNotesModel
from ui.widgets.inline_message import InlineMessage
from ui.widgets.labels import heading_label, hint_label
from ui.window.pages import BookPage


class BookNotesPage(BookPage):
    """The open book's sector notes in book order, with the selected note's editor."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = BookNotesModel(context.store, self)
        self._own_change = False

        self.search_field = AttachSearchField(
            context,
            "note",
            "Add a note: type a title, sector or country…",
            self,
            self._describe_hit,
        )
        self.search_field.setAccessibleName("Add a sector note")
        self.new_button = QPushButton("New note", self)
        self.new_button.setToolTip("Write a new note (it joins the notes library too)")
        self.message = InlineMessage(self)
        self.table = ordered_table_view(self.model, (200, 140, 95, 95, 70), (TITLE, SECTOR), self)
        self.count_label = hint_label("", self)
        self.count_label.setWordWrap(False)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        self.detach_button = QPushButton("Detach", self)
        self.detach_button.setToolTip("Take this note off the book (it stays in the library)")
        self.editor = NoteEditor(context, self)
        self.empty_hint = QLabel(
            "No notes yet. Type a title above, drag notes here from the Sector notes "
            "library, or write a new one.",
            self,
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        attach_row = QHBoxLayout()
        attach_row.addWidget(self.search_field, 1)
        attach_row.addWidget(self.new_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.detach_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty_hint)
        left_layout.addLayout(buttons)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll.setMinimumWidth(420)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setSizes([600, 400])  # a ratio: QSplitter scales it to the width
        self.splitter.setChildrenCollapsible(False)

        book_view = QWidget(self)
        book_layout = QVBoxLayout(book_view)
        book_layout.setContentsMargins(0, 0, 0, 0)
        book_layout.addLayout(attach_row)
        book_layout.addWidget(self.message)
        book_layout.addWidget(self.splitter, 1)
        no_book = QLabel("Open a book to see and arrange its sector notes.", self)
        no_book.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(no_book)
        self.stack.addWidget(book_view)

        self.title_label = heading_label("Sector notes", self)
        hint = hint_label(
            "The notes this book carries, in order. Drag rows to reorder; type in the box below "
            "to add one, or drag notes from the Sector notes library onto this book on the left. "
            "Notes are shared between books.",
            self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.title_label)
        layout.addWidget(hint)
        layout.addWidget(self.stack, 1)

        self.search_field.chosen.connect(self._attach_chosen)
        self.new_button.clicked.connect(self.new_note)
        self.model.ids_dropped.connect(self.place)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.detach_button.clicked.connect(self.detach_selected)
        self.editor.saved.connect(self._note_saved)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.detach_selected)
        context.events.book_changed.connect(self._book_changed)
        context.events.notes_changed.connect(self._notes_changed)
        self.set_book(None)

    # --- BookPage -------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        if book_id != self.book_id:
            self.editor.flush()
            self.message.clear()
        super().set_book(book_id)
        self.stack.setCurrentIndex(1 if book_id else 0)
        self.reload()

    def flush(self) -> None:
        self.editor.flush()

    def has_unsaved_changes(self) -> bool:
        return self.editor.dirty

    def focus_record(self, record_id: str) -> None:
        row = self.model.row_of(record_id)
        if row >= 0:
            index = self.model.index(row, TITLE)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self.model.load(self.book_id)
        self.search_field.set_excluded(set(self.model.ids()))
        count = self.model.rowCount()
        noun = "note" if count == 1 else "notes"
        self.count_label.setText(f"{count} {noun}" if self.book_id else "")
        self.empty_hint.setVisible(self.book_id is not None and count == 0)
        self._show_current()

    def _book_changed(self, book_id: str) -> None:
        if book_id == self.book_id and not self._own_change:
            self.reload()

    def _notes_changed(self) -> None:
        if self.book_id is not None and not self._own_change:
            self.reload()

    # --- selection ------------------------------------------------------------------------

    def current_note_id(self) -> str | None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.ids()[index.row()]

    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _show_current(self) -> None:
        note_id = self.current_note_id()
        if note_id != self.editor.record_id:
            self.editor.load(note_id)
        elif note_id is not None and not self.editor.dirty:
            self.editor.refresh_usage()
        row = self.model.row_of(note_id) if note_id else -1
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.model.rowCount() - 1)
        self.detach_button.setEnabled(row >= 0)

    def _describe_hit(self, hit: SearchHit) -> str:
        try:
            note = self.context.store.get_note(hit.id)
        except NotFound:
            return hit.title
        about = joined(note.sector, note.country)
        return f"{note.title}  —  {about}" if about else note.title

    # --- changes --------------------------------------------------------------------------

    def place(self, note_ids: list[str], row: int) -> bool:
        """Attach or move notes to ``row`` (drops, the search field and the buttons)."""
        if self.book_id is None:
            return False
        self.editor.flush()
        done = library_commands.place_book_notes(
            self.context, self.book_id, note_ids, row, self.message.show_error
        )
        if done:
            self.message.clear()
            if note_ids:
                self.focus_record(note_ids[0])
        return done

    def _attach_chosen(self, note_id: str) -> None:
        self.place([note_id], self.model.rowCount())

    def move_selected(self, step: int) -> None:
        note_id = self.current_note_id()
        if note_id is None:
            return
        row = self.model.row_of(note_id)
        if 0 <= row + step < self.model.rowCount():
            self.place([note_id], row + step if step < 0 else row + step + 1)

    def detach_selected(self) -> None:
        note_id = self.current_note_id()
        if note_id is None or self.book_id is None:
            return
        self.editor.flush()
        row = self.model.row_of(note_id)
        if library_commands.detach_book_note(
            self.context, self.book_id, note_id, self.message.show_error
        ):
            remaining = self.model.rowCount()
            if remaining:
                self.focus_record(self.model.ids()[min(row, remaining - 1)])

    def new_note(self) -> str | None:
        """Write a new note (titled from the search field if typed) and attach it."""
        if self.book_id is None:
            return None
        self.editor.flush()
        note = Note(title=self.search_field.text().strip() or "New note")
        stack = self.context.undo_stack
        stack.beginMacro(f"New note {note.title}")
        try:
            attached = library_commands.add_note(
                self.context, note, self.message.show_error
            ) and library_commands.place_book_notes(
                self.context,
                self.book_id,
                [note.id],
                self.model.rowCount(),
                self.message.show_error,
            )
        finally:
            stack.endMacro()
        if not attached:
            stack.undo()
            return None
        self.search_field.clear()
        self.focus_record(note.id)
        self.editor.title_edit.setFocus()
        self.editor.title_edit.selectAll()
        return note.id

    def _note_saved(self, note: Note) -> None:
        self._own_change = True
        try:
            self.model.load(self.book_id)
            self.context.events.notes_changed.emit()
            if self.book_id:
                self.context.events.book_changed.emit(self.book_id)
        finally:
            self._own_change = False
