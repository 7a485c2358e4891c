"""Undo stays in view: typing is undone before anything on another page, and an undo that
changes another page goes there and says what it took back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QTime
from pytestqt.qtbot import QtBot

from app.sample import SAMPLE_BOOK_ID
from ui.book.meeting_editor import MeetingEditor
from ui.session.startup import Session
from ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    session = Session(settings, tmp_path / "logs")
    assert session.start(tmp_path / "briefbook.sqlite")
    window = session.window
    assert window is not None and window.current_book_id == SAMPLE_BOOK_ID
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    yield window
    window.close()
    session.close()


def add_meeting(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> str:
    def fill_and_accept(editor: MeetingEditor) -> int:
        editor.title_edit.setText("Call on the rail operator")
        editor.date_edit.setDate(QDate(2026, 12, 2))
        editor.start_edit.setTime(QTime(14, 0))
        editor.end_edit.setTime(QTime(15, 0))
        editor.accept()
        return editor.result()

    monkeypatch.setattr(MeetingEditor, "exec", fill_and_accept)
    window.show_page("schedule")
    added = window.pages["schedule"].add_meeting()  # type: ignore[attr-defined]
    assert added is not None
    return added.id


def meeting_ids(window: MainWindow) -> set[str]:
    return {m.id for m in window.context.store.list_meetings(SAMPLE_BOOK_ID)}


def test_ctrl_z_after_a_pause_undoes_the_typing_not_the_meeting_on_another_page(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = add_meeting(window, monkeypatch)
    window.show_page("sections")
    page = window.pages["sections"]
    text = page.editor.editor  # type: ignore[attr-defined]
    text.setFocus()
    qtbot.keyClicks(text, "A new line")
    with qtbot.waitSignal(page.autosaver.saved):  # type: ignore[attr-defined]
        pass  # the pause: the autosave lands
    assert text.hasFocus()
    qtbot.keyClick(text, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "A new line" not in text.toPlainText()
    assert meeting_id in meeting_ids(window)
    assert window.current_key == "sections"


def test_an_undo_that_changes_another_page_goes_there_and_says_so(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting_id = add_meeting(window, monkeypatch)
    window.show_page("overview")
    window.undo_action.trigger()
    assert meeting_id not in meeting_ids(window)
    assert window.current_key == "schedule"
    assert "Undid" in window.statusBar().currentMessage()
