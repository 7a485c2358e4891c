"""The Sections page: list model, structural changes with undo, the editor and autosave."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain import Book, Section
from app.errors import StoreWriteError
from ui.book.section_model import SECTION_IDS_MIME, SectionListModel
from ui.book.sections_page import SectionsPage
from ui.context import AppContext
from ui.session.autosave import RETRY_DELAY_MS


@pytest.fixture
def book(context: AppContext) -> Book:
    store = context.store
    book = store.save_book(Book(title="Tbilisi follow-up"))
    for title in ("Situation", "Outlook", "Objectives"):
        store.add_section(book.id, title, body=f"{title} text.\n")
    return book


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, book: Book) -> SectionsPage:
    widget = SectionsPage(context)
    qtbot.addWidget(widget)
    widget.set_book(book.id)
    return widget


def titles(context: AppContext, book: Book) -> list[str]:
    return [s.title for s in context.store.list_sections(book.id)]


def test_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, sample_context: AppContext
) -> None:
    model = SectionListModel(sample_context.store)
    book = sample_context.store.list_books()[0]
    model.set_book(book.id)
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    empty = SectionListModel(sample_context.store)
    empty.set_book(None)
    qtmodeltester.check(empty)


def test_first_section_is_shown_with_its_text(page: SectionsPage) -> None:
    assert page.editor.title_label.text() == "Situation"
    assert page.editor.markdown() == "Situation text.\n"
    assert page.editor.word_count.text() == "2 words"


def test_add_section_after_current_then_undo_redo(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    new_id = page.add_section("Why it matters")
    assert new_id is not None
    assert titles(context, book) == ["Situation", "Why it matters", "Outlook", "Objectives"]
    assert page.current_id == new_id
    assert page.editor.title_label.text() == "Why it matters"
    context.undo_stack.undo()
    assert titles(context, book) == ["Situation", "Outlook", "Objectives"]
    assert page.current_id is not None and page.model.row_of(page.current_id) >= 0
    context.undo_stack.redo()
    assert titles(context, book) == ["Situation", "Why it matters", "Outlook", "Objectives"]


def test_add_section_asks_for_a_title(
    page: SectionsPage, context: AppContext, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Talking points", True))
    page.add_action.trigger()
    assert titles(context, book)[1] == "Talking points"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("ignored", False))
    page.add_action.trigger()
    assert len(titles(context, book)) == 4


def test_rename_through_the_list_editor_and_undo(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    index = page.model.index(1, 0)
    assert page.model.setData(index, "Outlook for 2027", Qt.ItemDataRole.EditRole)
    assert titles(context, book)[1] == "Outlook for 2027"
    assert page.model.data(page.model.index(1, 0)) == "Outlook for 2027"
    assert not page.model.setData(index, "   ", Qt.ItemDataRole.EditRole)
    context.undo_stack.undo()
    assert titles(context, book)[1] == "Outlook"
    context.undo_stack.redo()
    assert titles(context, book)[1] == "Outlook for 2027"


def test_handout_checkbox_and_undo(page: SectionsPage, context: AppContext, book: Book) -> None:
    index = page.model.index(2, 0)
    assert page.model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    page.model.setData(index, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not context.store.list_sections(book.id)[2].handout
    assert page.model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert context.undo_stack.undoText() == "Leave section out of handout"
    context.undo_stack.undo()
    assert context.store.list_sections(book.id)[2].handout


def test_move_buttons_reorder_and_undo(page: SectionsPage, context: AppContext, book: Book) -> None:
    page.focus_record(context.store.list_sections(book.id)[0].id)
    assert not page.up_action.isEnabled()
    page.down_action.trigger()
    assert titles(context, book) == ["Outlook", "Situation", "Objectives"]
    assert page.view.currentIndex().row() == 1  # the moved section stays selected
    page.down_action.trigger()
    assert titles(context, book) == ["Outlook", "Objectives", "Situation"]
    assert not page.down_action.isEnabled()
    context.undo_stack.undo()
    context.undo_stack.undo()
    assert titles(context, book) == ["Situation", "Outlook", "Objectives"]


def test_drag_and_drop_reorders_through_the_model(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    model = page.model
    data = model.mimeData([model.index(2, 0)])
    assert data.hasFormat(SECTION_IDS_MIME)
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index(0, 0))
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert titles(context, book) == ["Objectives", "Situation", "Outlook"]
    data = model.mimeData([model.index(0, 0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())  # on the empty end
    assert titles(context, book) == ["Situation", "Outlook", "Objectives"]
    context.undo_stack.undo()
    assert titles(context, book) == ["Objectives", "Situation", "Outlook"]


def test_delete_section_and_undo_restores_text_and_place(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    page.focus_record(context.store.list_sections(book.id)[1].id)
    page.delete_action.trigger()
    assert titles(context, book) == ["Situation", "Objectives"]
    assert page.editor.title_label.text() in ("Situation", "Objectives")
    context.undo_stack.undo()
    restored = context.store.list_sections(book.id)
    assert [s.title for s in restored] == ["Situation", "Outlook", "Objectives"]
    assert restored[1].body == "Outlook text.\n"
    context.undo_stack.redo()
    assert titles(context, book) == ["Situation", "Objectives"]


def type_text(page: SectionsPage, text: str) -> None:
    editor = page.editor.editor
    cursor = editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertText(text)
    editor.setTextCursor(cursor)


def test_autosave_after_the_pause_without_sleeping(
    page: SectionsPage, context: AppContext, book: Book, qtbot: QtBot
) -> None:
    section_id = page.current_id
    assert section_id is not None
    type_text(page, " More.")
    assert page.autosaver.timer.isActive()
    assert page.autosaver.timer.interval() == 1000
    assert context.store.get_section(section_id).body == "Situation text.\n"  # not on the keystroke
    with qtbot.waitSignal(page.autosaver.saved, timeout=3000):
        pass  # the real single-shot timer fires after 1 s
    assert context.store.get_section(section_id).body == "Situation text. More.\n"
    type_text(page, " Again.")
    with qtbot.waitSignal(page.autosaver.saved, timeout=100):
        page.autosaver.timer.timeout.emit()  # the timer's timeout, without waiting for it
    assert context.store.get_section(section_id).body == "Situation text. More. Again.\n"


def test_status_bar_states_come_from_the_autosaver(
    page: SectionsPage, context: AppContext, qtbot: QtBot
) -> None:
    states: list[str] = []
    context.events.save_state.connect(lambda state, _message: states.append(state))
    type_text(page, " x")
    page.flush()
    assert states == ["saving", "saved"]


def test_switching_sections_saves_the_edit(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    first = page.current_id
    type_text(page, " Edited.")
    page.view.setCurrentIndex(page.model.index(2, 0))
    assert context.store.get_section(first).body == "Situation text. Edited.\n"  # type: ignore[arg-type]
    assert page.editor.title_label.text() == "Objectives"
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert page.editor.markdown() == "Situation text. Edited.\n"


def test_failed_write_keeps_the_edit_and_retries(
    page: SectionsPage, context: AppContext, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = context.store
    first = page.current_id
    assert first is not None
    real_save = store.save_section
    failures: list[str] = []

    def broken(section: Section, **kwargs: object) -> Section:
        failures.append(section.id)
        raise StoreWriteError("Could not save to the store: disk I/O error.")

    monkeypatch.setattr(store, "save_section", broken)
    type_text(page, " Precious.")
    page.flush()
    assert failures and page.has_unsaved_changes()
    assert page.autosaver.timer.isActive()
    assert page.autosaver.timer.interval() == RETRY_DELAY_MS
    # Moving to another section keeps the unsaved text in memory...
    page.view.setCurrentIndex(page.model.index(1, 0))
    page.view.setCurrentIndex(page.model.index(0, 0))
    assert page.editor.markdown() == "Situation text. Precious.\n"
    # ...and the retry writes it once the store works again.
    monkeypatch.setattr(store, "save_section", real_save)
    page.autosaver.timer.timeout.emit()
    assert not page.has_unsaved_changes()
    assert store.get_section(first).body == "Situation text. Precious.\n"


def test_guidance_for_template_sections(qtbot: QtBot, context: AppContext) -> None:
    from ui.window.book_actions import NewBookRequest, create_book

    book_id = create_book(context, NewBookRequest("New trip", "", "standard"))
    assert book_id is not None
    page = SectionsPage(context)
    qtbot.addWidget(page)
    page.set_book(book_id)
    assert page.editor.title_label.text() == "Situation"
    assert "What is happening now" in page.editor.editor.placeholder()
    page.view.setCurrentIndex(page.model.index(4, 0))
    assert "Points the principal can say" in page.editor.editor.placeholder()


def test_book_without_sections_explains_what_to_do(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    book = context.store.save_book(Book(title="Empty"))
    page = SectionsPage(context)
    qtbot.addWidget(page)
    page.set_book(book.id)
    assert page.editor.editor.isReadOnly()
    assert "Add section" in page.editor.editor.placeholder()
    assert not page.delete_action.isEnabled()


def test_handout_ticks_of_a_new_book_are_safe_and_true(qtbot: QtBot, context: AppContext) -> None:
    """Internal sections start unticked; talking points can never be ticked, and say why."""
    from ui.window.book_actions import NewBookRequest, create_book

    book_id = create_book(context, NewBookRequest("New trip", "", "standard"))
    assert book_id is not None
    page = SectionsPage(context)
    qtbot.addWidget(page)
    page.set_book(book_id)
    model = page.model
    ticks = {
        model.data(model.index(row, 0)): model.data(
            model.index(row, 0), Qt.ItemDataRole.CheckStateRole
        )
        for row in range(model.rowCount())
    }
    assert ticks == {
        "Situation": Qt.CheckState.Checked,
        "Why it matters": Qt.CheckState.Unchecked,
        "Outlook": Qt.CheckState.Checked,
        "Objectives": Qt.CheckState.Unchecked,
        "Talking points": Qt.CheckState.Unchecked,
    }
    talking = model.index(4, 0)
    assert not model.flags(talking) & Qt.ItemFlag.ItemIsUserCheckable
    assert "never in the handout" in model.data(talking, Qt.ItemDataRole.ToolTipRole)
    assert not model.setData(talking, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    page.show()
    page.view.grab()  # the greyed tick paints without error
