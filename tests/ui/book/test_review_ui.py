"""Review in the app: clearing on the Sections page, un-clearing on edit, comments anchored to
words that survive edits around them, the comments panel, the navigator, versions compared
and restored, and the export dialog's review edition and DRAFT tick box."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain import Book
from app.review import versions
from app.review.model import Comment, Reply
from app.review.store_review import ReviewStore
from ui.book.comments_panel import CommentsPanel
from ui.book.section_model import SECTION_STATUS_ROLE
from ui.book.sections_page import SectionsPage
from ui.context import AppContext
from ui.dialogs.compare_dialog import CompareDialog
from ui.dialogs.preferences import Preferences
from ui.window.main_window import MainWindow

ME = "Ana Reviewer"
QUOTE = "rail corridor"


@pytest.fixture
def book(context: AppContext) -> Book:
    store = context.store
    book = store.save_book(Book(title="Tbilisi follow-up"))
    store.add_section(book.id, "Situation", body=f"The {QUOTE} carries freight to the port.\n")
    store.add_section(book.id, "Outlook", body="Steady growth.\n")
    store.add_section(book.id, "Objectives", body="Agree a plan.\n")
    Preferences(context.settings).save(
        prepared_by="",
        organization="",
        marking="",
        page_size="letter",
        editor_font_size=0,
        user_name=ME,
    )
    return book


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, book: Book) -> SectionsPage:
    widget = SectionsPage(context)
    qtbot.addWidget(widget)
    widget.set_book(book.id)
    widget.resize(1100, 700)  # a laptop window's Sections page: the bar's long wordings fit
    widget.show()
    return widget


def status_of(context: AppContext, book: Book, row: int) -> str:
    section = context.store.list_sections(book.id)[row]
    return ReviewStore(context.store).status(section.id).status


def click_status(page: SectionsPage, status: str) -> None:
    for button in page.review.bar.status_buttons.buttons():
        if button.property("status") == status:
            button.click()
            return
    raise AssertionError(status)


def test_user_name_defaults_to_the_account(context: AppContext) -> None:
    from app.review.identity import account_full_name

    assert Preferences(context.settings).user_name == account_full_name()


def test_a_book_goes_from_draft_to_cleared_and_undo_takes_it_back(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    bar = page.review.bar
    assert not bar.enabled_box.isChecked() and bar.status_row.isHidden()
    assert page.model.index(0, 0).data(SECTION_STATUS_ROLE) is None  # review off: no status

    bar.enabled_box.click()
    assert ReviewStore(context.store).settings(book.id).enabled
    assert not bar.status_row.isHidden()
    assert bar.summary.text() == "0 of 3 sections cleared"
    assert bar.current_status() == "draft"

    click_status(page, "in_review")
    click_status(page, "cleared")
    assert status_of(context, book, 0) == "cleared"
    stored = ReviewStore(context.store).status(context.store.list_sections(book.id)[0].id)
    assert stored.cleared_by == ME and stored.cleared_at
    assert bar.summary.text() == "1 of 3 sections cleared"
    assert bar.cleared_by.text().startswith(f"Cleared by {ME}, ")
    assert page.model.index(0, 0).data(SECTION_STATUS_ROLE) == "cleared"

    for row in (1, 2):
        page._select_row(row)
        click_status(page, "cleared")
    assert bar.summary.text() == "3 of 3 sections cleared"

    context.undo_stack.undo()
    assert status_of(context, book, 2) == "draft"
    assert bar.summary.text() == "2 of 3 sections cleared"
    context.undo_stack.redo()
    assert status_of(context, book, 2) == "cleared"


def test_editing_a_cleared_section_sends_it_back_and_says_so(
    qtbot: QtBot, page: SectionsPage, context: AppContext, book: Book
) -> None:
    page.review.bar.enabled_box.click()
    click_status(page, "cleared")
    page.editor.editor.moveCursor(page.editor.editor.textCursor().MoveOperation.End)
    page.editor.editor.insertPlainText(" More.")
    with qtbot.waitSignal(context.events.status_message) as said:
        page.flush()
    assert "sent it back to review" in said.args[0]
    assert status_of(context, book, 0) == "in_review"
    assert "sent it back to review" in page.review.bar.message.text()
    assert page.review.bar.current_status() == "in_review"
    page._select_row(1)
    assert page.review.bar.message.text() == ""  # the note belongs to the section edited


def test_a_fully_cleared_book_is_signed_off_and_an_edit_withdraws_it(
    qtbot: QtBot, page: SectionsPage, context: AppContext, book: Book
) -> None:
    bar = page.review.bar
    assert bar.sign_off_button.isHidden()  # review off: nothing to sign
    bar.enabled_box.click()
    assert bar.sign_off_button.isHidden()  # offered once every section is cleared
    for row in (0, 1, 2):
        page._select_row(row)
        click_status(page, "cleared")
    assert not bar.sign_off_button.isHidden() and bar.sign_off_button.text() == "Sign off"

    bar.sign_off_button.click()
    settings = ReviewStore(context.store).settings(book.id)
    assert settings.signed_off_by == ME and settings.signed_off_at
    assert bar.summary.text() == f"3 of 3 sections cleared · signed off by {ME}"
    assert bar.summary.toolTip().startswith(bar.summary.text() + ", ")  # and when
    assert bar.sign_off_button.text() == "Withdraw"
    context.undo_stack.undo()
    assert ReviewStore(context.store).settings(book.id).signed_off_by == ""
    assert bar.summary.text() == "3 of 3 sections cleared"
    context.undo_stack.redo()
    assert "signed off by" in bar.summary.text()

    page.editor.editor.moveCursor(page.editor.editor.textCursor().MoveOperation.End)
    page.editor.editor.insertPlainText(" More.")
    with qtbot.waitSignal(context.events.status_message):
        page.flush()
    assert bar.summary.text() == "2 of 3 sections cleared"
    assert bar.sign_off_button.isHidden()


def select_words(page: SectionsPage, words: str) -> None:
    editor = page.editor.editor
    start = editor.toPlainText().index(words)
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(start + len(words), cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_a_comment_on_selected_words_is_highlighted_and_survives_edits_around_it(
    qtbot: QtBot, page: SectionsPage, context: AppContext, book: Book
) -> None:
    select_words(page, QUOTE)
    page.review.comment_on_selection()
    panel = page.review.panel
    assert not panel.isHidden()
    assert panel.compose_title.text() == f"New comment on “{QUOTE}”"
    panel.compose_box.setPlainText("Which corridor exactly?")
    panel.add_button.click()
    (comment,) = ReviewStore(context.store).comments(book.id)
    assert (comment.quote, comment.author, comment.target_kind) == (QUOTE, ME, "section")
    assert comment.anchor_start == page.editor.editor.toPlainText().index(QUOTE)
    assert page.review.highlighted_words() == [QUOTE]

    editor = page.editor.editor
    editor.moveCursor(editor.textCursor().MoveOperation.Start)
    editor.insertPlainText("Since 2024, ")  # before the words
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(" Traffic doubled.")  # after them
    assert page.review.highlighted_words() == [QUOTE]
    page.flush()
    moved = ReviewStore(context.store).comment(comment.id)
    assert moved.anchor_start == editor.toPlainText().index(QUOTE)  # remembered where it is now
    select_words(page, "rail")
    editor.textCursor().insertText("road")
    assert page.review.highlighted_words() == []  # the words themselves changed: no highlight
    page.flush()


def test_comments_panel_filters_replies_and_resolves(
    qtbot: QtBot, page: SectionsPage, context: AppContext, book: Book
) -> None:
    reviews = ReviewStore(context.store)
    sections = context.store.list_sections(book.id)
    mine = reviews.save_comment(Comment(book.id, "section", sections[0].id, ME, "Mine."))
    theirs = reviews.save_comment(Comment(book.id, "book", book.id, "Someone Else", "Theirs."))
    done = reviews.save_comment(
        Comment(book.id, "section", sections[1].id, "Someone Else", "Done.", resolved=True)
    )
    page.review.bar.comments_button.click()
    panel: CommentsPanel = page.review.panel

    from ui.book.comments_panel import COMMENT_ID_ROLE

    def ids() -> set[str]:
        return {
            panel.proxy.index(row, 0).data(COMMENT_ID_ROLE) for row in range(panel.proxy.rowCount())
        }

    assert ids() == {mine.id, theirs.id}  # open, by default
    panel.set_filter("mine")
    assert ids() == {mine.id}
    panel.set_filter("resolved")
    assert ids() == {done.id}
    panel.set_filter("all")
    assert ids() == {mine.id, theirs.id, done.id}

    panel.set_filter("open")
    assert panel.select(theirs.id)
    assert "Theirs." in panel.thread_view.toPlainText()
    panel.reply_box.setPlainText("I answered.")
    panel.reply_button.click()
    assert [r.text for r in reviews.comment(theirs.id).replies] == ["I answered."]
    panel.set_filter("mine")
    assert ids() == {mine.id, theirs.id}  # answered by me: mine too
    panel.set_filter("open")
    panel.select(theirs.id)
    panel.resolve_button.click()
    assert reviews.comment(theirs.id).resolved
    assert ids() == {mine.id}
    context.undo_stack.undo()  # reopen
    assert not reviews.comment(theirs.id).resolved
    context.undo_stack.undo()  # the reply goes
    assert reviews.comment(theirs.id).replies == []


def test_comments_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, page: SectionsPage, context: AppContext, book: Book
) -> None:
    ReviewStore(context.store).save_comment(Comment(book.id, "book", book.id, ME, "One."))
    page.review.panel.reload()
    qtmodeltester.check(page.review.panel.model)
    qtmodeltester.check(page.review.panel.proxy)


def test_a_comment_about_a_meeting_from_the_panel(
    page: SectionsPage, context: AppContext, book: Book
) -> None:
    from datetime import datetime

    from app.domain import Meeting

    meeting = context.store.save_meeting(
        Meeting(
            book.id, "Call on the minister", datetime(2026, 12, 1, 10), datetime(2026, 12, 1, 11)
        )
    )
    context.events.book_changed.emit(book.id)
    page.review.bar.comments_button.click()
    panel = page.review.panel
    index = panel.target_box.findData(f"meeting:{meeting.id}")
    assert panel.target_box.itemText(index) == "Meeting: Call on the minister"
    panel.target_box.setCurrentIndex(index)
    panel.compose_box.setPlainText("Which room?")
    panel.add_button.click()
    (comment,) = ReviewStore(context.store).comments(book.id)
    assert (comment.target_kind, comment.target_id, comment.quote) == ("meeting", meeting.id, "")
    context.undo_stack.undo()
    assert ReviewStore(context.store).comments(book.id) == []


def test_navigator_shows_each_status_and_the_count(
    window: MainWindow, sample_context: AppContext
) -> None:
    book = sample_context.store.list_books()[0]
    window.open_book(book.id, "sections")
    model = window.navigator.model
    sections_row = model.find(book.id, "sections")
    assert model.rowCount(sections_row) == 0  # review off: no rows
    reviews = ReviewStore(sample_context.store)
    reviews.set_enabled(book.id, True)
    first = sample_context.store.list_sections(book.id)[0]
    reviews.set_status(first.id, "cleared", ME)
    sample_context.events.book_changed.emit(book.id)
    sections_row = model.find(book.id, "sections")
    assert sections_row.data() == "Sections · 1 of 5 cleared"
    assert model.rowCount(sections_row) == 5
    child = model.index(0, 0, sections_row)
    assert child.data() == first.title
    assert child.data(0x0003).startswith(f"Cleared by {ME}")  # tooltip
    assert window.navigator.tree.isExpanded(sections_row)
    window.navigator.tree.setCurrentIndex(model.index(2, 0, sections_row))
    third = sample_context.store.list_sections(book.id)[2]
    assert window.current_key == "sections"
    assert window.pages["sections"].current_id == third.id


def test_compare_versions_side_by_side_and_restore_undoably(
    qtbot: QtBot, context: AppContext, book: Book
) -> None:
    store = context.store
    versions.save_version(store, book.id, export="pdf, full edition")
    first = store.list_sections(book.id)[0]
    from dataclasses import replace

    store.save_section(replace(first, body="The road corridor carries freight to the port.\n"))
    dialog = CompareDialog(context, book.id)
    qtbot.addWidget(dialog)
    assert dialog.first.currentData() == 1  # the last export, by default
    assert dialog.second.currentData() == -1  # now
    assert dialog.summary.text() == "1 part changed from version 1 to now."
    change = dialog.current_change()
    assert change is not None and change.title == "Situation" and change.kind == "changed"
    assert "rail" in dialog.old_view.toPlainText() and "road" in dialog.new_view.toPlainText()
    assert "#f7b2ae" in dialog.old_view.toHtml().lower()  # the changed word, marked

    dialog.restore_section_button.click()
    assert store.get_section(first.id).body == first.body
    assert dialog.summary.text() == "Nothing changed from version 1 to now."
    context.undo_stack.undo()
    assert "road" in store.get_section(first.id).body

    assert dialog.save_version("Before the trip") == 2
    assert versions.list_versions(store, book.id)[-1].name == "Before the trip"
    dialog.choose(1)
    store.add_section(book.id, "Annex", "Added.")
    dialog.refresh()
    dialog.restore_book_button.click()
    assert [s.title for s in store.list_sections(book.id)] == ["Situation", "Outlook", "Objectives"]
    context.undo_stack.undo()
    assert [s.title for s in store.list_sections(book.id)][-1] == "Annex"


def test_export_dialog_review_edition_watermark_and_version(
    qtbot: QtBot, context: AppContext, book: Book, tmp_path: Path
) -> None:
    import docx

    from ui.dialogs.export_dialog import ExportDialog

    reviews = ReviewStore(context.store)
    section = context.store.list_sections(book.id)[0]
    comment = reviews.save_comment(
        Comment(book.id, "section", section.id, ME, "Check this.", quote=QUOTE)
    )
    reviews.add_reply(Reply(comment.id, "B. Drafter", "Checked."))
    dialog = ExportDialog(context, book.id)
    qtbot.addWidget(dialog)
    dialog.set_format("docx")
    dialog.review_button.setChecked(True)
    dialog.watermark_box.setChecked(True)
    target = tmp_path / "review.docx"
    dialog.set_destination(target)
    with qtbot.waitSignal(dialog.export_finished, timeout=60000):
        dialog.start_export()
    written = docx.Document(str(target))
    assert [c.text for c in written.comments] == ["Check this.", "Checked."]
    header = written.sections[1].header._element
    assert header.xpath(".//*[local-name()='textpath'][@string='DRAFT']")
    (made,) = versions.list_versions(context.store, book.id)
    assert made.export == "docx, review edition"


def test_export_dialog_says_why_the_stamp_is_not_a_choice(
    qtbot: QtBot, context: AppContext, book: Book
) -> None:
    from ui.dialogs.export_dialog import ExportDialog

    reviews = ReviewStore(context.store)
    reviews.set_enabled(book.id, True)
    reviews.set_status(context.store.list_sections(book.id)[0].id, "cleared", ME)
    dialog = ExportDialog(context, book.id)
    qtbot.addWidget(dialog)
    box = dialog.watermark_box
    assert box.isChecked() and not box.isEnabled()
    assert "2 of 3 sections not cleared yet" in box.text()
    for section in context.store.list_sections(book.id):
        reviews.set_status(section.id, "cleared", ME)
    cleared = ExportDialog(context, book.id)
    qtbot.addWidget(cleared)
    assert not cleared.watermark_box.isChecked() and cleared.watermark_box.isEnabled()


def test_file_menu_saves_a_named_version(
    window: MainWindow, sample_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    book = sample_context.store.list_books()[0]
    window.open_book(book.id, "sections")
    assert window.save_version_action.isEnabled() and window.compare_action.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Sent to the front office", True))
    window.save_version_action.trigger()
    (made,) = versions.list_versions(sample_context.store, book.id)
    assert (made.number, made.name, made.export) == (1, "Sent to the front office", "")
    window.close_book()
    assert not window.save_version_action.isEnabled()


def test_choosing_a_comment_on_another_section_shows_that_section_and_its_words(
    qtbot: QtBot, page: SectionsPage, context: AppContext, book: Book
) -> None:
    outlook = context.store.list_sections(book.id)[1]
    reviews = ReviewStore(context.store)
    comment = reviews.save_comment(
        Comment(book.id, "section", outlook.id, ME, "Growth of what?", quote="growth")
    )
    context.events.open_record.connect(
        lambda kind, ident, _book: kind == "section" and page.focus_record(ident)
    )
    page.review.bar.comments_button.click()
    page.review.panel.select(comment.id)
    assert page.current_id == outlook.id
    assert page.review.highlighted_words() == ["growth"]


def test_a_new_session_prunes_reviews_of_books_deleted_before(tmp_path: Path) -> None:
    from app.store import Store
    from ui.session.store_opening import open_store_interactively

    path = tmp_path / "earlier.sqlite"
    with Store.open(path) as store:
        gone = store.save_book(Book(title="Deleted last week"))
        ReviewStore(store).save_comment(Comment(gone.id, "book", gone.id, ME, "Old."))
        versions.save_version(store, gone.id)
        store.delete_book(gone.id)
        assert store.conn.execute("SELECT count(*) FROM comments").fetchone()[0] == 1
    opened = open_store_interactively(path)
    assert opened is not None
    try:
        for table in ("comments", "book_versions", "version_blobs"):
            assert opened.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    finally:
        opened.close()


def test_the_cleared_count_is_never_cut_in_a_narrow_bar(qtbot: QtBot) -> None:
    """Beside the comments panel the bar is narrow: the progress bar gives way, not the text."""
    from app.review.model import SectionStatus
    from ui.book.review_panel import SectionReviewBar

    bar = SectionReviewBar()
    qtbot.addWidget(bar)
    statuses = [SectionStatus(f"s{n}") for n in range(5)]
    bar.resize(700, 80)
    bar.show()
    bar.show_state(True, statuses, statuses[0])
    assert bar.progress.isVisible()
    needed = bar.summary.fontMetrics().horizontalAdvance(bar.summary.text())
    assert bar.summary.width() >= needed
    bar.resize(380, 80)
    qtbot.waitUntil(lambda: bar.width() == 380)
    assert not bar.progress.isVisible()
    assert bar.summary.toolTip() == "0 of 5 sections cleared"
    bar.outer.activate()  # lay the labels out now, as the next paint would
    assert bar.summary.width() >= bar.summary.fontMetrics().horizontalAdvance(bar.summary.text())

    # Signed off, with one more button in the row: the summary takes a shorter wording.
    cleared = [SectionStatus(f"s{n}", "cleared", ME, "2026-12-05T09:00:00Z") for n in range(5)]
    bar.show_state(True, cleared, cleared[0], ME, "5 December 2026, 10:00 UTC")
    assert not bar.sign_off_button.isHidden()
    assert bar.summary.text().lower().endswith("signed off")  # shortened, still saying so
    bar.outer.activate()
    assert bar.summary.width() >= bar.summary.fontMetrics().horizontalAdvance(bar.summary.text())
    assert bar.summary.toolTip() == (
        f"5 of 5 sections cleared · signed off by {ME}, 5 December 2026, 10:00 UTC"
    )
    bar.resize(900, 80)
    qtbot.waitUntil(lambda: bar.summary.text().endswith(f"signed off by {ME}"))
