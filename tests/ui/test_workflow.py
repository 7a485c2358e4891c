"""A new officer's first session, end to end: sample book, a second book from the template,
formatted writing, reordering, undo, quit, and everything as left after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from workspace_support import Answers

from app.sample import SAMPLE_BOOK_ID
from ui.session.startup import Session
from ui.window import book_actions


def test_first_session_and_restart(
    qtbot: QtBot, tmp_path: Path, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    store_path = tmp_path / "briefbook.sqlite"
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    session = Session(settings, tmp_path / "logs")
    assert session.start(store_path)
    window = session.window
    assert window is not None and window.current_book_id == SAMPLE_BOOK_ID

    # A second book from the standard brief, through File ▸ New book.
    monkeypatch.setattr(
        book_actions.NewBookDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    monkeypatch.setattr(
        book_actions.NewBookDialog,
        "request",
        lambda self: book_actions.NewBookRequest("Tbilisi follow-up", "Tbilisi", "standard"),
    )
    window.new_book_action.trigger()
    book_id = window.current_book_id
    assert book_id is not None and book_id != SAMPLE_BOOK_ID

    # Write and format the first section with the keyboard and the toolbar.
    window.show_page("sections")
    page = window.pages["sections"]
    editor = page.editor  # type: ignore[attr-defined]
    text = editor.editor
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    text.setFocus()
    qtbot.keyClicks(text, "Rail links")
    qtbot.keyClick(text, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Heading 2
    qtbot.keyClick(text, Qt.Key.Key_Return)
    qtbot.keyClicks(text, "The corridor matters.")
    cursor = text.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    text.setTextCursor(cursor)
    editor.actions_by_name["bold"].trigger()
    text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(text, Qt.Key.Key_Return)
    editor.actions_by_name["list_bullet"].trigger()
    qtbot.keyClicks(text, "first point")
    expected = "## Rail links\n\n**The** corridor matters.\n\n- first point\n"
    assert editor.markdown() == expected

    # Reorder: Talking points to the top, then undo that move from the list.
    page.view.setFocus()  # type: ignore[attr-defined]
    page.focus_record(page.model.sections[4].id)  # type: ignore[attr-defined]
    for _ in range(4):
        page.up_action.trigger()  # type: ignore[attr-defined]
    store = session.context.store  # type: ignore[union-attr]
    assert store.list_sections(book_id)[0].title == "Talking points"
    page.view.setFocus()  # type: ignore[attr-defined]
    window.undo_action.trigger()
    order = [s.title for s in store.list_sections(book_id)]
    assert order == ["Situation", "Talking points", "Why it matters", "Outlook", "Objectives"]

    # Quit, then start again: the same book and page, with the text as written.
    assert window.close()
    session.close()
    again = Session(settings, tmp_path / "logs")
    assert again.start(store_path)
    reopened = again.window
    assert reopened is not None
    assert reopened.current_book_id == book_id
    assert reopened.current_key == "sections"
    store = again.context.store  # type: ignore[union-attr]
    sections = store.list_sections(book_id)
    assert [s.title for s in sections] == order
    assert sections[0].body == expected
    assert reopened.pages["sections"].editor.markdown() == expected  # type: ignore[attr-defined]
    reopened.close()
    again.close()
