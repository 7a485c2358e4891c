"""Books: new from the template or blank, the details form, validation and undo."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.domain import BRIEF_TEMPLATE, MARKING_PRESETS, Book
from ui.book.overview_page import BookFormPage
from ui.context import AppContext
from ui.dialogs.preferences import Preferences
from ui.window.book_actions import NewBookDialog, NewBookRequest, create_book


@pytest.fixture
def form(qtbot: QtBot, context: AppContext) -> tuple[BookFormPage, Book]:
    book = context.store.save_book(
        Book(title="Baku engagement", start_date=date(2026, 12, 1), end_date=date(2026, 12, 3))
    )
    page = BookFormPage(context)
    qtbot.addWidget(page)
    page.set_book(book.id)
    return page, book


def test_new_book_from_the_standard_template(context: AppContext) -> None:
    Preferences(context.settings).save(
        prepared_by="Regional office",
        organization="Trade agency",
        marking="OFFICIAL",
        page_size="a4",
        editor_font_size=0,
    )
    book_id = create_book(context, NewBookRequest("Ankara visit", "Ankara, Türkiye", "standard"))
    assert book_id is not None
    book = context.store.get_book(book_id)
    assert (book.title, book.destination, book.prepared_by, book.marking, book.page_size) == (
        "Ankara visit",
        "Ankara, Türkiye",
        "Regional office",
        "OFFICIAL",
        "a4",
    )
    sections = context.store.list_sections(book_id)
    assert tuple(s.title for s in sections) == BRIEF_TEMPLATE
    assert all(s.body == "" and s.template_key for s in sections)
    context.undo_stack.undo()
    assert context.store.list_books() == []
    context.undo_stack.redo()
    assert [s.title for s in context.store.list_sections(book_id)] == list(BRIEF_TEMPLATE)


def test_new_blank_book_and_the_dialog(qtbot: QtBot, context: AppContext) -> None:
    dialog = NewBookDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok is not None and not ok.isEnabled()  # a title is required
    dialog.title.setText("  Blank trip ")
    dialog.blank.setChecked(True)
    assert ok.isEnabled()
    request = dialog.request()
    assert request == NewBookRequest("Blank trip", "", "blank")
    book_id = create_book(context, request)
    assert book_id is not None and context.store.list_sections(book_id) == []


def test_form_shows_the_book(form: tuple[BookFormPage, Book]) -> None:
    page, _book = form
    assert page.title.text() == "Baku engagement"
    assert page.start_date.value() == date(2026, 12, 1)
    assert page.end_date.value() == date(2026, 12, 3)
    assert page.page_size.currentData() == "letter"
    assert page.title_heading.text() == "Baku engagement"
    assert page.summary.text() == "0 sections · 0 participants · 0 sector notes · 0 meetings"
    assert [page.marking.itemText(i) for i in range(1, page.marking.count())] == list(
        MARKING_PRESETS
    )


def test_text_edits_autosave_and_undo_as_one_step(
    form: tuple[BookFormPage, Book], context: AppContext
) -> None:
    page, book = form
    page.title.setText("Baku engagement, spring")
    assert context.store.get_book(book.id).title == "Baku engagement"  # not yet
    assert page.autosaver.timer.isActive()
    page.autosaver.timer.timeout.emit()
    assert context.store.get_book(book.id).title == "Baku engagement, spring"
    page.title.setText("Baku engagement, spring 2027")
    page.title.editingFinished.emit()
    assert context.store.get_book(book.id).title == "Baku engagement, spring 2027"
    assert context.undo_stack.count() == 1  # edits of one field merge
    assert context.undo_stack.undoText() == "Edit title"
    context.undo_stack.undo()
    assert context.store.get_book(book.id).title == "Baku engagement"
    assert page.title.text() == "Baku engagement"  # the form follows the store
    context.undo_stack.redo()
    assert page.title.text() == "Baku engagement, spring 2027"


def test_end_before_start_is_refused_with_a_visible_message(
    form: tuple[BookFormPage, Book], context: AppContext
) -> None:
    page, book = form
    page.end_date.set_user_value(date(2026, 11, 20))
    stored = context.store.get_book(book.id)
    assert stored.end_date == date(2026, 12, 3)
    assert not page.dates_message.isHidden()
    assert "end date is before the start date" in page.dates_message.text()
    page.subtitle.setText("Still saved")  # other fields are not held hostage
    page.flush()
    assert context.store.get_book(book.id).subtitle == "Still saved"
    page.end_date.set_user_value(date(2026, 12, 5))
    assert page.dates_message.isHidden()
    assert context.store.get_book(book.id).end_date == date(2026, 12, 5)


def test_clearing_a_date_and_undo(form: tuple[BookFormPage, Book], context: AppContext) -> None:
    page, book = form
    page.start_date.clear_button.click()
    assert page.start_date.value() is None
    assert context.store.get_book(book.id).start_date is None
    assert page.start_date.edit.text() == "Not set"
    context.undo_stack.undo()
    assert context.store.get_book(book.id).start_date == date(2026, 12, 1)
    assert page.start_date.value() == date(2026, 12, 1)


def test_marking_free_text_page_size_and_time_zone(
    form: tuple[BookFormPage, Book], context: AppContext
) -> None:
    page, book = form
    page.marking.setCurrentText("EYES ONLY – DELEGATION")
    page.flush()
    page.page_size.setCurrentIndex(page.page_size.findData("a4"))
    page.page_size.activated.emit(page.page_size.currentIndex())
    page.timezone.setCurrentText("Asia/Baku")
    page.timezone.activated.emit(0)
    stored = context.store.get_book(book.id)
    assert (stored.marking, stored.page_size, stored.timezone) == (
        "EYES ONLY – DELEGATION",
        "a4",
        "Asia/Baku",
    )
    page.timezone.setCurrentText("Mars/Olympus")
    page.timezone.activated.emit(0)
    assert context.store.get_book(book.id).timezone == "Asia/Baku"
    assert "not a known time zone" in page.message.text()


def test_empty_title_is_refused(form: tuple[BookFormPage, Book], context: AppContext) -> None:
    page, book = form
    page.title.setText("")
    page.flush()
    assert context.store.get_book(book.id).title == "Baku engagement"
    assert "needs a title" in page.message.text()


def test_purpose_is_markdown(form: tuple[BookFormPage, Book], context: AppContext) -> None:
    page, book = form
    page.purpose.setFocus()
    page.purpose.textCursor().insertText("Meet the ministry.")
    page.flush()
    assert context.store.get_book(book.id).purpose == "Meet the ministry."
    page.destination.setText("Baku")
    page.flush()
    assert context.store.get_book(book.id).purpose == "Meet the ministry."
