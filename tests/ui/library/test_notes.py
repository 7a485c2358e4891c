"""Sector notes: the library table and editor, and the notes attached to a book."""

from __future__ import annotations

from datetime import date

import pytest
from library_support import add_book, add_notes
from PySide6.QtCore import QModelIndex, Qt
from workspace_support import Answers

from app.domain import Book, Note
from app.errors import NotFound
from ui.book.book_notes_page import BookNotesPage
from ui.context import AppContext
from ui.library.library_filter import LibraryFilterProxy
from ui.library.notes_model import INTERNAL, TITLE, VERIFIED, BookNotesModel, NotesModel
from ui.library.notes_page import NotesPage
from ui.widgets.dates import format_date

# The models draw a style icon for stale dates: they need an application object.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def notes(context: AppContext) -> dict[str, Note]:
    return add_notes(context.store)


@pytest.fixture
def book(context: AppContext) -> Book:
    return add_book(context.store)


@pytest.fixture
def library(qtbot, context: AppContext, notes: dict[str, Note]) -> NotesPage:
    page = NotesPage(context)
    qtbot.addWidget(page)
    page.ensure_loaded()
    return page


@pytest.fixture
def book_page(qtbot, context: AppContext, notes: dict[str, Note], book: Book) -> BookNotesPage:
    page = BookNotesPage(context)
    qtbot.addWidget(page)
    page.set_book(book.id)
    return page


def order(context: AppContext, book: Book) -> list[str]:
    return [note.id for note in context.store.list_book_notes(book.id)]


def titles(model: LibraryFilterProxy | NotesModel) -> list[str]:
    return [model.index(row, TITLE).data() for row in range(model.rowCount())]


# --- models -------------------------------------------------------------------------------


def test_notes_models_pass_qtmodeltester(
    qtmodeltester, context: AppContext, notes: dict[str, Note], book: Book
) -> None:
    model = NotesModel(context.store)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    for note in notes.values():
        context.store.attach_note(book.id, note.id)
    book_model = BookNotesModel(context.store)
    book_model.load(book.id)
    qtmodeltester.check(book_model, force_py=True)
    assert book_model.rowCount() == 3


def test_library_columns_badges_and_filter(
    context: AppContext, notes: dict[str, Note], book: Book
) -> None:
    context.store.attach_note(book.id, notes["rail"].id)
    model = NotesModel(context.store)
    model.reload()
    rail = model.row_of(notes["rail"].id)
    assert [model.index(rail, c).data() for c in range(6)] == [
        "Railway infrastructure",
        "Transport",
        "Azerbaijan",
        format_date(date.today()),
        "",
        1,
    ]
    energy = model.row_of(notes["energy"].id)
    assert model.index(energy, INTERNAL).data() == "Internal"
    assert model.index(energy, VERIFIED).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(rail, VERIFIED).data(Qt.ItemDataRole.DecorationRole) is None
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("digital")
    assert titles(proxy) == ["Telecommunications"]
    proxy.set_query("azərbaycan")  # no match: the country is spelled in English
    assert titles(proxy) == []
    proxy.set_query("AZERB")
    assert proxy.rowCount() == 3


# --- library page -------------------------------------------------------------------------


def select(page: NotesPage, title: str) -> None:
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, TITLE).data() == title:
            page.table.selectRow(row)
            return
    raise AssertionError(f"{title} is not in the table")


def test_note_editor_saves_every_field(library: NotesPage, context: AppContext) -> None:
    select(library, "Telecommunications")
    editor = library.editor
    note_id = editor.record_id
    assert note_id is not None
    editor.title_edit.setText("Telecommunications and broadband")
    editor.country_edit.setText("Azerbaijan, Georgia")
    editor.body_editor.editor.setMarkdown("The **Azerbaijan Digital Hub** plans a Caspian cable.")
    editor.sources_edit.setPlainText("Ministry briefing\n\n  Trade press, May 2025  \n")
    editor.internal_check.setChecked(True)
    editor.verified_field.today_button.click()
    library.flush()
    note = context.store.get_note(note_id)
    assert note.title == "Telecommunications and broadband"
    assert note.country == "Azerbaijan, Georgia"
    assert note.body == "The **Azerbaijan Digital Hub** plans a Caspian cable.\n"
    assert note.sources == ["Ministry briefing", "Trade press, May 2025"]
    assert note.internal
    assert note.last_verified == date.today()
    row = library.model.row_of(note_id)
    assert library.model.index(row, TITLE).data() == "Telecommunications and broadband"
    assert library.model.index(row, INTERNAL).data() == "Internal"


def test_autosave_fires_after_the_pause(qtbot, library: NotesPage, context: AppContext) -> None:
    select(library, "Energy security")
    editor = library.editor
    editor.sector_edit.setText("Energy and climate")
    assert editor.autosave.timer.interval() == 1000
    editor.autosave.timer.start(10)
    with qtbot.waitSignal(editor.saved):
        pass
    assert editor.record_id is not None
    assert context.store.get_note(editor.record_id).sector == "Energy and climate"


def test_new_and_delete_note_with_undo(
    library: NotesPage, context: AppContext, notes: dict[str, Note], book: Book, answers: Answers
) -> None:
    store = context.store
    note_id = library.new_note()
    assert note_id is not None
    assert library.editor.title_edit.text() == "New note"
    library.editor.title_edit.setText("Space technologies")
    library.flush()
    assert store.get_note(note_id).title == "Space technologies"
    assert library.model.rowCount() == 4

    store.attach_note(book.id, notes["telecom"].id)
    store.attach_note(book.id, notes["rail"].id)
    library.reload()
    select(library, "Telecommunications")
    answers.ask = [True]
    library.delete_selected()
    assert f"“{book.title}”" in answers.details[0]
    with pytest.raises(NotFound):
        store.get_note(notes["telecom"].id)
    assert order(context, book) == [notes["rail"].id]
    context.undo_stack.undo()
    assert order(context, book) == [notes["telecom"].id, notes["rail"].id]
    assert store.get_note(notes["telecom"].id).title == "Telecommunications"
    context.undo_stack.undo()  # the new note
    with pytest.raises(NotFound):
        store.get_note(note_id)


def test_editor_says_where_a_note_is_used(
    library: NotesPage, context: AppContext, notes: dict[str, Note]
) -> None:
    first = add_book(context.store, "Baku visit")
    second = add_book(context.store, "Tbilisi visit")
    context.store.attach_note(first.id, notes["rail"].id)
    context.store.attach_note(second.id, notes["rail"].id)
    library.reload()
    select(library, "Railway infrastructure")
    assert library.editor.usage_label.text() == "Used in 2 books: Baku visit, Tbilisi visit."
    assert "Shared by 2 books" in library.editor.shared_banner.text()
    select(library, "Telecommunications")
    assert library.editor.usage_label.text() == "Not used in any book yet."
    assert library.editor.shared_banner.text() == ""


# --- the book's notes ---------------------------------------------------------------------


def test_attach_by_search_and_reorder_by_drop(
    qtbot, book_page: BookNotesPage, context: AppContext, notes: dict[str, Note], book: Book
) -> None:
    hits = book_page.search_field.search("rail")
    assert [hit.title for hit in hits] == ["Railway infrastructure"]
    book_page.search_field.choose(0)
    book_page.search_field.search("telecom")
    book_page.search_field.choose(0)
    assert order(context, book) == [notes["rail"].id, notes["telecom"].id]
    assert book_page.search_field.search("rail") == []  # attached: not offered again

    # Drag from the library onto the top of the list.
    library = NotesModel(context.store)
    library.reload()
    payload = library.mimeData([library.index(library.row_of(notes["energy"].id), 0)])
    assert book_page.model.dropMimeData(payload, Qt.DropAction.CopyAction, 0, 0, QModelIndex())
    assert order(context, book) == [notes["energy"].id, notes["rail"].id, notes["telecom"].id]

    # Drag within the list: telecom before rail.
    payload = book_page.model.mimeData([book_page.model.index(2, 0)])
    assert book_page.model.dropMimeData(payload, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert order(context, book) == [notes["energy"].id, notes["telecom"].id, notes["rail"].id]
    assert book_page.model.ids() == order(context, book)
    assert book_page.current_note_id() == notes["telecom"].id

    book_page.up_button.click()
    assert order(context, book)[0] == notes["telecom"].id
    context.undo_stack.undo()
    assert order(context, book) == [notes["energy"].id, notes["telecom"].id, notes["rail"].id]


def test_detach_keeps_the_note_in_the_library(
    book_page: BookNotesPage, context: AppContext, notes: dict[str, Note], book: Book
) -> None:
    for key in ("rail", "telecom"):
        context.store.attach_note(book.id, notes[key].id)
    book_page.reload()
    book_page.focus_record(notes["rail"].id)
    book_page.detach_button.click()
    assert order(context, book) == [notes["telecom"].id]
    assert context.store.get_note(notes["rail"].id).title == "Railway infrastructure"
    context.undo_stack.undo()
    assert order(context, book) == [notes["rail"].id, notes["telecom"].id]


def test_a_note_edited_in_the_library_changes_in_every_book(
    qtbot, context: AppContext, notes: dict[str, Note]
) -> None:
    first = add_book(context.store, "Baku visit")
    second = add_book(context.store, "Tbilisi visit")
    for book in (first, second):
        context.store.attach_note(book.id, notes["rail"].id)
    library = NotesPage(context)
    book_page = BookNotesPage(context)
    qtbot.addWidget(library)
    qtbot.addWidget(book_page)
    library.ensure_loaded()
    book_page.set_book(second.id)
    select(library, "Railway infrastructure")
    library.editor.body_editor.editor.setMarkdown(
        "Updated: the Baku–Tbilisi–Kars line carries freight."
    )
    library.editor.title_edit.setText("Railways")
    library.flush()
    for book in (first, second):
        content = context.store.load_book_content(book.id)
        assert [(n.title, n.body) for n in content.notes] == [
            ("Railways", "Updated: the Baku–Tbilisi–Kars line carries freight.\n")
        ]
    # The book's page heard about it and shows the new title.
    assert book_page.model.index(0, TITLE).data() == "Railways"


def test_editing_in_the_book_page_edits_the_shared_note(
    book_page: BookNotesPage, context: AppContext, notes: dict[str, Note], book: Book
) -> None:
    other = add_book(context.store, "Tbilisi visit")
    context.store.attach_note(book.id, notes["energy"].id)
    context.store.attach_note(other.id, notes["energy"].id)
    book_page.reload()
    book_page.focus_record(notes["energy"].id)
    assert "Shared by 2 books" in book_page.editor.shared_banner.text()
    book_page.editor.body_editor.editor.setMarkdown(
        "Gas exports to Europe via the Southern Corridor."
    )
    book_page.set_book(None)  # switching away saves
    assert context.store.list_book_notes(other.id)[0].body == (
        "Gas exports to Europe via the Southern Corridor.\n"
    )


def test_new_note_from_the_book_page(
    book_page: BookNotesPage, context: AppContext, book: Book
) -> None:
    book_page.search_field.setText("Space technologies")
    note_id = book_page.new_note()
    assert note_id is not None
    assert context.store.get_note(note_id).title == "Space technologies"
    assert order(context, book) == [note_id]
    assert book_page.editor.record_id == note_id
    context.undo_stack.undo()
    assert order(context, book) == []
    with pytest.raises(NotFound):
        context.store.get_note(note_id)
