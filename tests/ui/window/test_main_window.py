"""The main window: navigation, records opening in their pages, books, undo, restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QTextCursor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.domain import Book
from app.errors import NotFound
from app.sample import SAMPLE_BOOK_ID, sample_library_ids
from ui.book.overview_page import BookFormPage
from ui.book.sections_page import SectionsPage
from ui.context import AppContext
from ui.window import book_actions, main_window
from ui.window.main_window import KIND_TO_PAGE, MainWindow
from ui.window.navigator import BOOK_ID_ROLE, KEY_ROLE, NavigatorModel
from ui.window.page_registry import BOOK_PAGE_KEYS, LIBRARY_PAGE_KEYS, build_pages
from ui.window.pages import BookPage


def test_page_registry_contract(qtbot: QtBot, context: AppContext) -> None:
    pages = build_pages(context)
    for page in pages.values():
        qtbot.addWidget(page)
    assert set(pages) == set(BOOK_PAGE_KEYS) | set(LIBRARY_PAGE_KEYS)
    assert set(KIND_TO_PAGE.values()) <= set(pages)


def test_navigator_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, sample_context: AppContext
) -> None:
    model = NavigatorModel(sample_context.store)
    qtmodeltester.check(model)
    model.reload(SAMPLE_BOOK_ID)
    qtmodeltester.check(model)
    book = model.find(SAMPLE_BOOK_ID, "book")
    assert model.rowCount(book) == len(BOOK_PAGE_KEYS)
    sections = model.find(SAMPLE_BOOK_ID, "sections")
    assert sections.parent() == book and sections.data(BOOK_ID_ROLE) == SAMPLE_BOOK_ID


def test_switching_books_moves_the_pages_without_resetting_the_navigator(
    qtmodeltester: ModelTester, sample_context: AppContext
) -> None:
    other = sample_context.store.save_book(Book(title="Another trip"))
    model = NavigatorModel(sample_context.store)
    model.reload(SAMPLE_BOOK_ID)
    qtmodeltester.check(model)  # watches every insert and remove from here on
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.reload(other.id)
    assert resets == []
    assert model.rowCount(model.find(SAMPLE_BOOK_ID, "book")) == 0
    assert model.rowCount(model.find(other.id, "book")) == len(BOOK_PAGE_KEYS)
    assert model.find(other.id, "schedule").isValid()
    model.reload(None)
    assert model.rowCount(model.find(other.id, "book")) == 0
    sample_context.store.save_book(Book(title="A third trip"))
    model.reload(other.id)  # the list of books changed: a full reload
    assert resets == [True]
    assert model.rowCount(model.find(other.id, "book")) == len(BOOK_PAGE_KEYS)


def test_navigator_on_an_empty_store(qtmodeltester: ModelTester, context: AppContext) -> None:
    model = NavigatorModel(context.store)
    qtmodeltester.check(model)
    books = model.index(0, 0)
    assert model.index(0, 0, books).data() == "No books yet"


def test_opens_on_the_first_book_with_its_overview(window: MainWindow) -> None:
    assert window.current_book_id == SAMPLE_BOOK_ID
    assert window.current_key == "overview"
    assert window.stack.currentWidget() is window.pages["overview"]
    assert window.windowTitle().endswith("– Overview – BriefBook")


def test_navigator_clicks_switch_pages(window: MainWindow) -> None:
    tree = window.navigator.tree
    sections = window.navigator.model.find(SAMPLE_BOOK_ID, "sections")
    tree.setCurrentIndex(sections)
    assert window.stack.currentWidget() is window.pages["sections"]
    people = window.navigator.model.find(None, "people_library")
    tree.setCurrentIndex(people)
    assert window.current_key == "people_library"
    assert people.data(KEY_ROLE) == "people_library"


def test_open_record_routes_every_kind(
    window: MainWindow, sample_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sample_context.store
    section = store.list_sections(SAMPLE_BOOK_ID)[3]
    meeting = store.list_meetings(SAMPLE_BOOK_ID)[0]
    person = store.list_people()[0]
    note = store.list_notes()[0]
    focused: list[tuple[str, str]] = []
    for key, page in window.pages.items():
        monkeypatch.setattr(page, "focus_record", lambda rid, key=key: focused.append((key, rid)))
    window.show_page("people_library")
    window.context.events.open_record.emit("section", section.id, "")
    assert window.current_key == "sections" and focused[-1] == ("sections", section.id)
    window.context.events.open_record.emit("meeting", meeting.id, SAMPLE_BOOK_ID)
    assert window.current_key == "schedule" and focused[-1] == ("schedule", meeting.id)
    window.context.events.open_record.emit("person", person.id, "")
    assert window.current_key == "people_library"
    window.context.events.open_record.emit("note", note.id, "")
    assert window.current_key == "notes_library"
    window.context.events.open_record.emit("participants", person.id, SAMPLE_BOOK_ID)
    assert window.current_key == "participants"
    window.context.events.open_record.emit("book", SAMPLE_BOOK_ID, "")
    assert window.current_key == "overview"


def test_open_record_opens_the_other_book_first(
    window: MainWindow, sample_context: AppContext
) -> None:
    store = sample_context.store
    other = store.save_book(Book(title="Second trip"))
    section = store.add_section(other.id, "Only section", "Text.\n")
    window.context.events.books_changed.emit()
    window.context.events.open_record.emit("section", section.id, other.id)
    assert window.current_book_id == other.id
    sections = window.pages["sections"]
    assert sections.current_id == section.id  # type: ignore[attr-defined]


def test_delete_book_with_confirmation_and_undo_restores_everything(
    window: MainWindow, sample_context: AppContext, answers: Answers
) -> None:
    store = sample_context.store
    before = store.load_book_content(SAMPLE_BOOK_ID)
    answers.ask.append(False)
    window.delete_book_action.trigger()
    assert store.list_books() != []  # declined: nothing happened
    answers.ask.append(True)
    window.delete_book_action.trigger()
    assert store.list_books() == []
    assert window.current_book_id is None
    assert window.stack.currentWidget() is window.welcome
    window.undo_action.trigger()
    after = store.load_book_content(SAMPLE_BOOK_ID)
    assert after.book == before.book
    assert after.sections == before.sections
    assert [e.participant for e in after.participants] == [
        e.participant for e in before.participants
    ]
    assert [n.id for n in after.notes] == [n.id for n in before.notes]
    assert after.meetings == before.meetings
    assert window.current_book_id == SAMPLE_BOOK_ID
    window.redo_action.trigger()
    assert store.list_books() == []


def test_remove_the_sample_book_with_the_people_and_notes_only_it_uses(
    window: MainWindow, sample_context: AppContext, answers: Answers
) -> None:
    store = sample_context.store
    person_ids, note_ids = sample_library_ids()
    # One sample person is also in the officer's own book: that one stays.
    own = store.save_book(Book(title="Tbilisi follow-up"))
    store.attach_person(own.id, person_ids[0], "Counterpart")
    window.refresh_sample_actions()
    assert window.remove_sample_action.isEnabled()
    answers.ask.append(True)
    window.remove_sample_action.trigger()
    assert "Remove the sample book" in answers.asked[-1]
    assert "1 that your own books use stay" in answers.details[-1]
    assert [book.id for book in store.list_books()] == [own.id]
    assert store.get_person(person_ids[0]).id == person_ids[0]
    for person_id in person_ids[1:]:
        with pytest.raises(NotFound):
            store.get_person(person_id)
    for note_id in note_ids:
        with pytest.raises(NotFound):
            store.get_note(note_id)
    window.refresh_sample_actions()
    assert not window.remove_sample_action.isEnabled()
    window.undo_action.trigger()  # one step brings it all back
    assert store.get_book(SAMPLE_BOOK_ID).id == SAMPLE_BOOK_ID
    content = store.load_book_content(SAMPLE_BOOK_ID)
    assert {e.person.id for e in content.participants} == set(person_ids)
    assert {n.id for n in content.notes} == set(note_ids)


def test_new_and_duplicate_book_through_the_menu(
    window: MainWindow, sample_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QDialog, QInputDialog

    monkeypatch.setattr(
        book_actions.NewBookDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    monkeypatch.setattr(
        book_actions.NewBookDialog,
        "request",
        lambda self: book_actions.NewBookRequest("Tbilisi", "Tbilisi, Georgia", "standard"),
    )
    window.new_book_action.trigger()
    store = sample_context.store
    created = next(b for b in store.list_books() if b.title == "Tbilisi")
    assert window.current_book_id == created.id
    assert window.navigator.model.find(created.id, "book").isValid()

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Tbilisi again", True))
    window.duplicate_book_action.trigger()
    copy = next(b for b in store.list_books() if b.title == "Tbilisi again")
    assert window.current_book_id == copy.id
    assert len(store.list_sections(copy.id)) == 5
    window.undo_action.trigger()
    assert all(b.title != "Tbilisi again" for b in store.list_books())


def type_in_section(window: MainWindow, text: str) -> None:
    window.show_page("sections")
    editor = window.pages["sections"].editor.editor  # type: ignore[attr-defined]
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    cursor.insertText(text)


def test_undo_follows_the_focus(
    window: MainWindow, sample_context: AppContext, qtbot: QtBot
) -> None:
    window.activateWindow()
    sections = window.pages["sections"]
    window.show_page("sections")
    first = sections.model.sections[0]  # type: ignore[attr-defined]
    sections.rename_section(first.id, "Situation now")  # type: ignore[attr-defined]
    type_in_section(window, " typed")
    editor = sections.editor.editor  # type: ignore[attr-defined]
    qtbot.waitUntil(editor.hasFocus)
    assert window.undo_action.text() == "&Undo typing"
    window.undo_action.trigger()  # takes back the typing, not the rename
    assert " typed" not in editor.toPlainText()
    assert sample_context.store.get_section(first.id).title == "Situation now"
    sections.view.setFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not editor.hasFocus())
    assert window.undo_action.text().startswith("&Undo Rename section")
    window.undo_action.trigger()
    assert sample_context.store.get_section(first.id).title == first.title


def test_close_flushes_the_pending_edit(window: MainWindow, sample_context: AppContext) -> None:
    type_in_section(window, " Written just before quitting.")
    section_id = window.pages["sections"].current_id  # type: ignore[attr-defined]
    assert window.pages["sections"].autosaver.timer.isActive()  # type: ignore[attr-defined]
    assert window.close()
    body = sample_context.store.get_section(section_id).body
    assert " ".join(body.split()).endswith("Written just before quitting.")


def light_page(key: str, context: AppContext) -> BookPage:
    """The window's own pages, and blank stand-ins for the library pages (small minimum width)."""
    if key == "overview":
        return BookFormPage(context)
    if key == "sections":
        return SectionsPage(context)
    return BookPage(context)


def test_restart_restores_geometry_splitter_book_and_page(
    qtbot: QtBot,
    sample_context: AppContext,
    answers: Answers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The offscreen screen is 800 px wide: pages that fit it, so the geometry is not clamped.
    monkeypatch.setattr(main_window, "build_page", light_page)
    other = sample_context.store.save_book(Book(title="Another trip"))
    first = MainWindow(sample_context, tmp_path / "logs")
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(40, 50, 760, 560)
    first.splitter.setSizes([300, 700])
    first.open_book(other.id, "sections")
    geometry = QByteArray(first.saveGeometry())
    sizes = first.splitter.sizes()
    assert first.close()

    second = MainWindow(sample_context, tmp_path / "logs")
    qtbot.addWidget(second)
    second.show()
    assert second.current_book_id == other.id
    assert second.current_key == "sections"
    assert second.size() == first.size()
    assert second.splitter.sizes() == sizes
    assert sample_context.settings.value("window/geometry") == geometry
    second.close()


def test_failed_save_shows_one_dialog_and_close_asks(
    window: MainWindow,
    sample_context: AppContext,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.errors import StoreWriteError

    def broken(*args: object, **kwargs: object) -> None:
        raise StoreWriteError("Could not save to the store: database or disk is full.")

    monkeypatch.setattr(sample_context.store, "save_section", broken)
    type_in_section(window, " lost?")
    window.pages["sections"].flush()
    window.pages["sections"].flush()
    assert [title for title, _ in answers.warnings] == ["Your last change is not saved yet"]
    assert "disk is full" in answers.warnings[0][1]
    assert window.save_label.text() == "Not saved – retrying"
    answers.ask.append(False)  # "Keep BriefBook open"
    assert not window.close()
    assert window.isVisible()
    monkeypatch.undo()
    assert window.close()
    assert window.save_label.text() == "Saved"


def test_optional_parts_are_imported_lazily_and_disabled_when_missing(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    real_import = importlib.import_module

    def missing(name: str, *args: object) -> object:
        if name == "ui.dialogs.export_dialog":
            raise ImportError(name)
        return real_import(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib, "import_module", missing)
    window.open_export_dialog()
    assert not window.export_action.isEnabled()
    assert window.optional_actions[window.export_action] is False


def test_standard_shortcuts(window: MainWindow) -> None:
    from PySide6.QtGui import QKeySequence

    def keys(action: object) -> set[str]:
        return {k.toString() for k in action.shortcuts()}  # type: ignore[attr-defined]

    assert QKeySequence(QKeySequence.StandardKey.New).toString() in keys(window.new_book_action)
    assert QKeySequence(QKeySequence.StandardKey.Undo).toString() in keys(window.undo_action)
    assert {"Ctrl+F", "Ctrl+K"} <= keys(window.find_action)
    assert keys(window.quit_action)


def test_navigator_unfolds_the_groups_and_the_open_book(window: MainWindow) -> None:
    navigator = window.navigator
    book = navigator.model.find(SAMPLE_BOOK_ID, "book")
    assert book.isValid() and navigator.tree.isExpanded(book)
    assert navigator.tree.isExpanded(book.parent())
    schedule = navigator.model.find(SAMPLE_BOOK_ID, "schedule")
    assert navigator.tree.visualRect(schedule).isValid()  # the book's pages are on screen
    library = navigator.model.find(None, "people_library")
    assert navigator.tree.isExpanded(library.parent())


def test_a_closed_export_dialog_is_not_kept_for_the_session(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A dialog kept alive as the window's child rendered a preview on every later autosave.
    from PySide6.QtCore import QCoreApplication, QEvent

    from ui.dialogs.export_dialog import ExportDialog

    monkeypatch.setattr(ExportDialog, "exec", lambda self: self.done(0) or 0)
    window.open_export_dialog()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(ExportDialog) == []
