"""Undoable changes to books and sections, kept on the app's QUndoStack.

Every command writes through the store and then tells the app what changed. ``run`` (from
``ui.commands.base``) performs the change once before pushing it, so a change the store refuses
is reported and never lands on the stack. Whatever a command removes is read back from the store at that moment, so redo/undo
always restore the latest text, not the text from when the command was made.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import fields, replace

from PySide6.QtGui import QUndoCommand

from app.domain import Book, BookContent, Section
from ui.commands.base import StoreCommand, run_undoable
from ui.context import AppContext

BOOK_FIELD_LABELS = {
    "title": "title",
    "subtitle": "subtitle",
    "destination": "destination",
    "start_date": "start date",
    "end_date": "end date",
    "marking": "marking",
    "prepared_by": "prepared by",
    "organization": "organization",
    "purpose": "purpose",
    "page_size": "page size",
    "timezone": "time zone",
    "language": "spelling language",
}
_EDIT_BOOK_ID = 4101


def _changed(context: AppContext, book_id: str, books_too: bool = False) -> None:
    context.events.book_changed.emit(book_id)
    if books_too:
        context.events.books_changed.emit()


# --- books ------------------------------------------------------------------------------


class CreateBookCommand(StoreCommand):
    """A new book with its first sections."""

    def __init__(self, context: AppContext, book: Book, sections: Sequence[Section]) -> None:
        super().__init__(context, f"New book “{book.title}”")
        self.book_id = book.id
        self._content: BookContent | None = None
        self._book = book
        self._sections = list(sections)

    def apply(self) -> None:
        store = self.context.store
        if self._content is not None:
            store.restore_book_content(self._content)
        else:
            with store.transaction():
                store.save_book(self._book)
                for position, section in enumerate(self._sections):
                    store.save_section(replace(section, book_id=self.book_id, position=position))
        _changed(self.context, self.book_id, books_too=True)
        self.context.events.open_record.emit("book", self.book_id, self.book_id)

    def revert(self) -> None:
        store = self.context.store
        self._content = store.load_book_content(self.book_id)
        store.delete_book(self.book_id)
        self.context.events.books_changed.emit()


class DuplicateBookCommand(StoreCommand):
    """A copy of a book for the next trip (no dates, no schedule)."""

    def __init__(self, context: AppContext, source_id: str, title: str) -> None:
        super().__init__(context, f"Duplicate as “{title}”")
        self.source_id = source_id
        self.title = title
        self.book_id = ""
        self._content: BookContent | None = None

    def apply(self) -> None:
        store = self.context.store
        if self._content is not None:
            store.restore_book_content(self._content)
        else:
            self.book_id = store.duplicate_book(self.source_id, self.title).id
        _changed(self.context, self.book_id, books_too=True)
        self.context.events.open_record.emit("book", self.book_id, self.book_id)

    def revert(self) -> None:
        store = self.context.store
        self._content = store.load_book_content(self.book_id)
        store.delete_book(self.book_id)
        self.context.events.books_changed.emit()


class DeleteBookCommand(StoreCommand):
    """Delete a whole book; undo brings back sections, participants, notes and schedule."""

    def __init__(self, context: AppContext, book: Book) -> None:
        super().__init__(context, f"Delete book “{book.title}”")
        self.book_id = book.id
        self._content: BookContent | None = None

    def apply(self) -> None:
        store = self.context.store
        self._content = store.load_book_content(self.book_id)
        store.delete_book(self.book_id)
        self.context.events.books_changed.emit()

    def revert(self) -> None:
        assert self._content is not None
        self.context.store.restore_book_content(self._content)
        _changed(self.context, self.book_id, books_too=True)
        self.context.events.open_record.emit("book", self.book_id, self.book_id)


class EditBookCommand(StoreCommand):
    """A change to a book's details; consecutive edits of the same field merge into one."""

    def __init__(self, context: AppContext, before: Book, after: Book) -> None:
        self.changed_fields = tuple(
            f.name
            for f in fields(Book)
            if f.name in BOOK_FIELD_LABELS and getattr(before, f.name) != getattr(after, f.name)
        )
        if len(self.changed_fields) == 1:
            label = f"Edit {BOOK_FIELD_LABELS[self.changed_fields[0]]}"
        else:
            label = "Edit book details"
        super().__init__(context, label)
        self.before = before
        self.after = after

    def id(self) -> int:
        return _EDIT_BOOK_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditBookCommand):
            return False
        if other.after.id != self.after.id or other.changed_fields != self.changed_fields:
            return False
        self.after = other.after
        return True

    def _save(self, book: Book) -> None:
        current = self.context.store.get_book(book.id)
        values = {name: getattr(book, name) for name in BOOK_FIELD_LABELS}
        self.context.store.save_book(replace(current, **values))
        _changed(self.context, book.id, books_too=True)

    def apply(self) -> None:
        self._save(self.after)

    def revert(self) -> None:
        self._save(self.before)


# --- sections ---------------------------------------------------------------------------


def _order(context: AppContext, book_id: str) -> list[str]:
    return [section.id for section in context.store.list_sections(book_id)]


class AddSectionCommand(StoreCommand):
    """A new section, inserted at ``position`` (end of the book by default)."""

    def __init__(self, context: AppContext, section: Section, position: int | None = None) -> None:
        super().__init__(context, f"Add section “{section.title}”")
        self.section = section
        self.position = position

    def apply(self) -> None:
        store = self.context.store
        book_id = self.section.book_id
        order = [i for i in _order(self.context, book_id) if i != self.section.id]
        at = len(order) if self.position is None else min(self.position, len(order))
        order.insert(at, self.section.id)
        with store.transaction():
            store.save_section(replace(self.section, position=at), keep_timestamp=True)
            store.reorder_sections(book_id, order)
        _changed(self.context, book_id)

    def revert(self) -> None:
        store = self.context.store
        self.section = store.get_section(self.section.id)
        store.delete_section(self.section.id)
        _changed(self.context, self.section.book_id)


class DeleteSectionCommand(StoreCommand):
    """Delete a section; undo puts it back in its place with its text."""

    def __init__(self, context: AppContext, section: Section) -> None:
        super().__init__(context, f"Delete section “{section.title}”")
        self.section = section
        self.order: list[str] = []

    def apply(self) -> None:
        store = self.context.store
        self.section = store.get_section(self.section.id)
        self.order = _order(self.context, self.section.book_id)
        store.delete_section(self.section.id)
        _changed(self.context, self.section.book_id)

    def revert(self) -> None:
        store = self.context.store
        with store.transaction():
            store.save_section(self.section, keep_timestamp=True)
            store.reorder_sections(self.section.book_id, self.order)
        _changed(self.context, self.section.book_id)


class SectionFieldCommand(StoreCommand):
    """Rename a section, flip its handout flag or set its spelling language."""

    def __init__(
        self, context: AppContext, section: Section, field_name: str, value: object
    ) -> None:
        if field_name == "title":
            text = f"Rename section to “{value}”"
        elif field_name == "language":
            text = "Set the section's spelling language"
        else:
            text = "Include section in handout" if value else "Leave section out of handout"
        super().__init__(context, text)
        self.section_id = section.id
        self.book_id = section.book_id
        self.field_name = field_name
        self.before = getattr(section, field_name)
        self.after = value

    def _set(self, value: object) -> None:
        store = self.context.store
        current = store.get_section(self.section_id)
        if self.field_name == "title":
            store.save_section(replace(current, title=str(value)))
        elif self.field_name == "language":
            store.save_section(replace(current, language=str(value)))
        else:
            store.save_section(replace(current, handout=bool(value)))
        _changed(self.context, self.book_id)

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)


class ReorderSectionsCommand(StoreCommand):
    """A new order of a book's sections."""

    def __init__(
        self, context: AppContext, book_id: str, before: Sequence[str], after: Sequence[str]
    ) -> None:
        super().__init__(context, "Reorder sections")
        self.book_id = book_id
        self.before = list(before)
        self.after = list(after)

    def apply(self) -> None:
        self.context.store.reorder_sections(self.book_id, self.after)
        _changed(self.context, self.book_id)

    def revert(self) -> None:
        self.context.store.reorder_sections(self.book_id, self.before)
        _changed(self.context, self.book_id)


# --- house style ------------------------------------------------------------------------


def choose_house_style(
    context: AppContext, book_id: str, style_id: str | None, style_name: str
) -> bool:
    """Set the style a book exports in (None: the default), undoably."""
    from app.styles.records import StyleRecords

    records = StyleRecords(context.store)
    before = records.book_style_id(book_id)

    def choose(chosen: str | None) -> Callable[[], None]:
        def do() -> None:
            records.set_book_style(book_id, chosen)
            _changed(context, book_id)

        return do

    return run_undoable(
        context,
        f"Export in the house style “{style_name}”",
        choose(style_id),
        choose(before),
        context.events.user_error.emit,
    )
