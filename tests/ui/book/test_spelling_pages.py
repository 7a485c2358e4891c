"""Spelling in the book's pages: underlines in the section editor, the two word actions, the
book's language, and going from the export dialog's list to a misspelt word."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from spelling_support import underlined_words

from app.domain import Book, Section
from app.sample import SAMPLE_BOOK_ID
from ui.book.overview_page import BookFormPage
from ui.book.sections_page import SectionsPage
from ui.context import AppContext
from ui.dialogs.export_dialog import ExportDialog
from ui.session.spelling import SpellingBinding
from ui.widgets.spelling import spelling_menu

TYPOS = "The goverment will recieve Elnur Mammadov and adress the Əsədov file.\n"


def ready(qtbot: QtBot, binding: SpellingBinding) -> None:
    """Wait (on signals) until the field's dictionary and lexicon are loaded and checked."""
    while binding.highlighter.checker() is None or not binding.spelling.is_ready():
        with qtbot.waitSignal(binding.spelling.changed, timeout=10_000):
            pass
    if binding.highlighter.is_busy():
        with qtbot.waitSignal(binding.highlighter.checked, timeout=10_000):
            pass


def underlined(binding: SpellingBinding) -> list[str]:
    document = binding.highlighter.document()
    assert document is not None
    return underlined_words(document)


@pytest.fixture
def typo_section(sample_context: AppContext) -> Section:
    section = sample_context.store.list_sections(SAMPLE_BOOK_ID)[0]
    section.body = TYPOS
    return sample_context.store.save_section(section)


@pytest.fixture
def sections(qtbot: QtBot, sample_context: AppContext, typo_section: Section) -> SectionsPage:
    page = SectionsPage(sample_context)
    qtbot.addWidget(page)
    page.set_book(SAMPLE_BOOK_ID)
    page.focus_record(typo_section.id)
    ready(qtbot, page.spelling)
    return page


def test_the_three_planted_typos_are_underlined_and_no_name(sections: SectionsPage) -> None:
    assert underlined(sections.spelling) == ["goverment", "recieve", "adress"]


def test_add_to_dictionary_persists_and_the_underline_goes(
    qtbot: QtBot, sections: SectionsPage, sample_context: AppContext
) -> None:
    sections.resize(900, 600)
    sections.show()
    qtbot.waitExposed(sections)
    edit = sections.editor.editor
    cursor = edit.textCursor()
    cursor.setPosition(TYPOS.index("adress") + 2)
    menu = spelling_menu(
        edit,
        sections.spelling.highlighter,
        edit.cursorRect(cursor).center(),
        sections.spelling.spelling.add_to_dictionary,
        None,
    )
    add = next(a for a in menu.actions() if a.objectName() == "spellingAdd")
    with qtbot.waitSignal(sections.spelling.spelling.changed):
        add.trigger()
    ready(qtbot, sections.spelling)
    assert underlined(sections.spelling) == ["goverment", "recieve"]
    assert sample_context.store.personal_words() == ["adress"]
    sample_context.store.close()
    from app.store import Store

    with Store.open(sample_context.store_path) as reopened:
        assert reopened.personal_words() == ["adress"]


def test_ignore_in_this_book_keeps_the_word_for_this_book_only(
    qtbot: QtBot, sections: SectionsPage, sample_context: AppContext
) -> None:
    with qtbot.waitSignal(sections.spelling.spelling.changed):
        sections.spelling.spelling.ignore_in_book(SAMPLE_BOOK_ID, "recieve")
    ready(qtbot, sections.spelling)
    assert underlined(sections.spelling) == ["goverment", "adress"]
    assert "recieve" in sample_context.store.ignored_words(SAMPLE_BOOK_ID)
    assert sample_context.store.personal_words() == []


def test_choosing_the_book_language_takes_effect(qtbot: QtBot, context: AppContext) -> None:
    book = context.store.save_book(
        Book(title="Trip", language="en-US", purpose="The colour and the color.")
    )
    page = BookFormPage(context)
    qtbot.addWidget(page)
    page.set_book(book.id)
    ready(qtbot, page.spelling)
    assert underlined(page.spelling) == ["colour"]
    combo = page.language
    combo.setCurrentIndex(combo.findData("en-GB"))
    with qtbot.waitSignal(page.spelling.spelling.changed, timeout=10_000):
        combo.activated.emit(combo.currentIndex())
    ready(qtbot, page.spelling)
    assert context.store.get_book(book.id).language == "en-GB"
    assert underlined(page.spelling) == ["color"]
    combo.setCurrentIndex(combo.findData("az"))  # no Azerbaijani dictionary: nothing checked
    combo.activated.emit(combo.currentIndex())
    assert underlined(page.spelling) == []
    assert context.store.get_book(book.id).language == "az"
    context.undo_stack.undo()  # the two choices in a row are one undo step
    assert context.store.get_book(book.id).language == "en-US"


def test_a_misspelling_in_the_export_dialog_goes_to_its_word(
    qtbot: QtBot, sample_context: AppContext, typo_section: Section
) -> None:
    dialog = ExportDialog(sample_context, SAMPLE_BOOK_ID)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preflight_ready, timeout=20_000):
        pass
    rows = [dialog.problem_list.item(row) for row in range(dialog.problem_list.count())]
    spelling = [item.text() for item in rows if item.text().endswith("”")]
    title = typo_section.title
    assert spelling == [
        f"Section “{title}”, line 1: “goverment”",
        f"Section “{title}”, line 1: “recieve”",
        f"Section “{title}”, line 1: “adress”",
    ]
    assert "3 misspellings" in dialog.preflight_heading.text()
    page = SectionsPage(sample_context)
    qtbot.addWidget(page)
    page.set_book(SAMPLE_BOOK_ID)
    sample_context.events.open_record.connect(lambda _k, record, _b: page.focus_record(record))
    item = next(item for item in rows if item.text().endswith("“recieve”"))
    dialog.show()
    with qtbot.waitSignal(sample_context.events.reveal_word) as revealed:
        dialog.problem_list.itemClicked.emit(item)
    assert revealed.args == ["section", typo_section.id, "recieve"]
    assert page.current_id == typo_section.id
    assert page.editor.editor.textCursor().selectedText() == "recieve"


def test_a_section_can_have_its_own_language(
    qtbot: QtBot, sample_context: AppContext, typo_section: Section
) -> None:
    typo_section.body = "Le gouvernemant a signé l'accord.\n"
    sample_context.store.save_section(typo_section)
    page = SectionsPage(sample_context)
    qtbot.addWidget(page)
    page.set_book(SAMPLE_BOOK_ID)
    page.focus_record(typo_section.id)
    ready(qtbot, page.spelling)
    assert "gouvernemant" in underlined(page.spelling)
    assert "accord" not in underlined(page.spelling)  # an English word too
    assert len(underlined(page.spelling)) > 1  # French words are wrong in English
    french = next(a for a in page.language_group.actions() if a.data() == "fr")
    french.trigger()
    assert sample_context.store.get_section(typo_section.id).language == "fr"
    ready(qtbot, page.spelling)
    assert underlined(page.spelling) == ["gouvernemant"]
    sample_context.undo_stack.undo()
    assert sample_context.store.get_section(typo_section.id).language == ""


def test_reading_the_names_again_after_an_edit_keeps_the_underlines(
    qtbot: QtBot, sections: SectionsPage, sample_context: AppContext
) -> None:
    spelling = sections.spelling.spelling
    changes: list[None] = []
    spelling.changed.connect(lambda: changes.append(None))
    sample_context.events.book_changed.emit(SAMPLE_BOOK_ID)  # as every autosave does
    spelling._reload_stale()  # what the refresh timer does once the edits pause
    assert not spelling.is_ready()
    assert sections.spelling.highlighter.checker() is not None  # still checking meanwhile
    qtbot.waitUntil(spelling.is_ready, timeout=10_000)
    assert changes == []  # the same names: nothing to underline again
    assert underlined(sections.spelling) == ["goverment", "recieve", "adress"]
