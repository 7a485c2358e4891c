"""The sector notes library page: a filterable table of every note, and the note's editor."""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from app.domain import Note
from ui.commands import library_commands
from ui.context import AppContext
from ui.library.library_page import LibraryPage
from ui.library.note_editor import NoteEditor
from ui.library.notes_model import BOOKS, INTERNAL, TITLE, VERIFIED, NotesModel


class NotesPage(LibraryPage):
    """Every sector note, with a filter, sorting, and the selected note's editor."""

    PAGE_TITLE = "Sector notes"
    HINT = (
        "Background on each sector and country, reused across books. Drag notes onto a book "
        "on the left to attach them. A note is shared: editing it changes every book using it."
    )
    FILTER_HINT = "Filter by title, sector or country"
    NOUN = ("note", "notes")
    NEW_LABEL = "New note"
    COLUMN_WIDTHS = (240, 130, 120)
    STRETCH_COLUMNS = (TITLE,)
    SAMPLE_TEXT = {VERIFIED: "2000-00-00", INTERNAL: "Internal", BOOKS: "Books"}  # noqa: RUF012
    ICON_COLUMNS = (VERIFIED,)
    SETTINGS_KEY = "notes_library"

    model: NotesModel
    editor: NoteEditor

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)

    def make_model(self) -> NotesModel:
        return NotesModel(self.context.store, self)

    def make_editor(self) -> NoteEditor:
        return NoteEditor(self.context, self)

    def library_signal(self) -> SignalInstance:
        return self.context.events.notes_changed

    def reload(self) -> None:
        super().reload()
        self.editor.set_sector_suggestions(
            [self.model.record(row).sector for row in range(self.model.rowCount())]
        )

    def add_new(self) -> str | None:
        note = Note(title="New note")
        if library_commands.add_note(self.context, note, self.message.show_error):
            return note.id
        return None

    def delete_one(self, record_id: str) -> bool:
        return library_commands.delete_note(self.context, record_id, self.message.show_error)

    def uses(self, record_id: str) -> tuple[str, list[str]]:
        store = self.context.store
        note = store.get_note(record_id)
        return note.title, [f"“{book.title}”" for book in store.books_using_note(record_id)]

    def attach(self, book_id: str, ids: list[str], row: int) -> bool:
        return library_commands.place_book_notes(
            self.context, book_id, ids, row, self.message.show_error
        )

    def attached_ids(self, book_id: str) -> list[str]:
        return [note.id for note in self.context.store.list_book_notes(book_id)]

    def new_note(self) -> str | None:
        """Add a note titled "New note" with the cursor in its title field."""
        return self.new_record()
