"""New, duplicate and delete book: the dialogs and the undoable commands behind them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import BRIEF_TEMPLATE, Book
from app.errors import NotFound
from app.templates import BLANK, STANDARD, TEMPLATE_NAMES, template_sections
from ui.commands import book_commands as cmd
from ui.commands import library_commands
from ui.commands.base import run
from ui.context import AppContext
from ui.dialogs.preferences import Preferences
from ui.widgets import message_boxes
from ui.widgets.labels import hint_label


@dataclass
class NewBookRequest:
    title: str
    destination: str
    template: str


class NewBookDialog(QDialog):
    """Asks for a title (required), a destination and the template."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New book")
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("e.g. “Baku engagement, spring”")
        self.destination = QLineEdit(self)
        self.destination.setPlaceholderText("City and country (optional)")
        self.standard = QRadioButton(TEMPLATE_NAMES[STANDARD], self)
        self.standard.setChecked(True)
        self.blank = QRadioButton(TEMPLATE_NAMES[BLANK], self)
        standard_hint = hint_label("Sections: " + ", ".join(BRIEF_TEMPLATE) + ".", self)
        blank_hint = hint_label("No sections; add your own.", self)
        standard_hint.setIndent(24)
        blank_hint.setIndent(24)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow("&Title:", self.title)
        form.addRow("&Destination:", self.destination)
        templates = QVBoxLayout()
        templates.setSpacing(2)
        for widget in (self.standard, standard_hint, self.blank, blank_hint):
            templates.addWidget(widget)
        form.addRow(QLabel("Start from:", self), templates)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText("Create book")
        ok.setEnabled(False)
        self.title.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def request(self) -> NewBookRequest:
        return NewBookRequest(
            title=self.title.text().strip(),
            destination=self.destination.text().strip(),
            template=STANDARD if self.standard.isChecked() else BLANK,
        )


def create_book(context: AppContext, request: NewBookRequest) -> str | None:
    """Create the book (undoable) with the officer's defaults from Preferences; its id."""
    defaults = Preferences(context.settings)
    book = Book(
        title=request.title,
        destination=request.destination,
        marking=defaults.marking,
        prepared_by=defaults.prepared_by,
        organization=defaults.organization,
        page_size=defaults.page_size,
    )
    sections = template_sections(request.template, book.id)
    command = cmd.CreateBookCommand(context, book, sections)
    return book.id if run(context, command) else None


def ask_new_book(parent: QWidget, context: AppContext) -> str | None:
    dialog = NewBookDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return create_book(context, dialog.request())


def duplicate_book(parent: QWidget, context: AppContext, book_id: str) -> str | None:
    """Ask for the copy's title, then copy (keeps sections, people, notes; no dates/schedule)."""
    from PySide6.QtWidgets import QInputDialog

    source = context.store.get_book(book_id)
    title, accepted = QInputDialog.getText(
        parent,
        "Duplicate book",
        "The copy keeps the sections, participants and sector notes;\n"
        "its dates and schedule start empty.\n\nTitle of the copy:",
        text=f"{source.title} (next trip)",
    )
    if not accepted or not title.strip():
        return None
    command = cmd.DuplicateBookCommand(context, book_id, title.strip())
    return command.book_id if run(context, command) else None


def delete_book(parent: QWidget, context: AppContext, book_id: str) -> bool:
    """Confirm, then delete the book (undoable). People and notes stay in the libraries."""
    book = context.store.get_book(book_id)
    confirmed = message_boxes.ask(
        parent,
        "Delete book",
        f"Delete the book “{book.title}”?",
        "Delete book",
        informative=(
            "Its sections, participant list, sector-note links and schedule are deleted with it. "
            "The people and notes stay in your libraries. Edit ▸ Undo brings the book back."
        ),
        destructive=True,
    )
    if not confirmed:
        return False
    if run(context, cmd.DeleteBookCommand(context, book)):
        context.events.status_message.emit(f"Deleted “{book.title}”. Edit ▸ Undo brings it back.")
        return True
    return False


def remove_sample_book(parent: QWidget, context: AppContext) -> bool:
    """Remove the sample book and the people and notes that no other book uses (undoable)."""
    from app.sample import SAMPLE_BOOK_ID, sample_library_ids

    store = context.store
    try:
        book = store.get_book(SAMPLE_BOOK_ID)
    except NotFound:
        return False
    person_ids, note_ids = sample_library_ids()
    people = [
        p
        for p in person_ids
        if _exists(store.get_person, p) and _only_in(store.books_using_person(p), book.id)
    ]
    notes = [
        n
        for n in note_ids
        if _exists(store.get_note, n) and _only_in(store.books_using_note(n), book.id)
    ]
    kept = len(person_ids) + len(note_ids) - len(people) - len(notes)
    details = (
        f"With it go {len(people)} sample people and {len(notes)} sample notes from your libraries."
    )
    if kept:
        details += f" {kept} that your own books use stay."
    confirmed = message_boxes.ask(
        parent,
        "Remove the sample book",
        f"Remove the sample book “{book.title}”?",
        "Remove sample",
        informative=details + " Edit ▸ Undo brings everything back.",
        destructive=True,
    )
    if not confirmed:
        return False
    stack = context.undo_stack
    stack.beginMacro("Remove the sample book")
    try:
        removed = run(context, cmd.DeleteBookCommand(context, book))
        if removed:
            for person_id in people:
                library_commands.delete_person(context, person_id)
            for note_id in notes:
                library_commands.delete_note(context, note_id)
    finally:
        stack.endMacro()
    if removed:
        context.events.status_message.emit(
            "Removed the sample book and its people and notes. Edit ▸ Undo brings them back."
        )
    return removed


def _exists(get: Callable[[str], object], record_id: str) -> bool:
    try:
        get(record_id)
    except NotFound:
        return False  # the officer deleted it already
    return True


def _only_in(books: list[Book], book_id: str) -> bool:
    return [book.id for book in books] in ([], [book_id])
