"""Typing and editing right-to-left text: alignment, cursor and selection follow the text.

Qt does this itself, in the editors BriefBook uses as they come: a ``QLineEdit``'s default
(leading) alignment puts right-to-left text against the right edge, and each ``QTextEdit``
block takes its direction from its first strong character. These tests hold Qt to it (a style
sheet or an explicit alignment would break it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QLineEdit, QTextEdit, QWidget

ARABIC = "سلمان عبد الرحيم"


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as an Arabic keyboard layout sends them
    (QTest.keyClicks only knows Latin-1 keys)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def _shown_edit(qtbot) -> QLineEdit:  # type: ignore[no-untyped-def]
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.resize(400, 30)
    edit.show()
    qtbot.waitExposed(edit)
    return edit


def _cursor_x(edit: QLineEdit) -> int:
    edit.repaint()  # QLineEdit places its text when it paints
    QApplication.processEvents()
    return edit.cursorRect().x()


def test_a_line_edit_aligns_right_while_its_text_reads_right_to_left(qtbot):
    edit = _shown_edit(qtbot)
    type_text(edit, ARABIC)
    edit.setCursorPosition(0)  # the logical start of Arabic text is at the right edge
    assert _cursor_x(edit) > 300
    edit.setText("Salman " + ARABIC)  # first strong character Latin: left to right
    edit.setCursorPosition(0)
    assert _cursor_x(edit) < 20


def test_typing_arabic_moves_the_cursor_visually_and_selects_logically(qtbot):
    edit = _shown_edit(qtbot)
    type_text(edit, ARABIC)
    assert edit.text() == ARABIC and edit.cursorPosition() == len(ARABIC)
    end_x = _cursor_x(edit)
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    assert _cursor_x(edit) > end_x  # the start is to the right of the end
    qtbot.keyClick(edit, Qt.Key.Key_Left)  # left arrow moves forward through Arabic text
    assert edit.cursorPosition() == 1
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    assert edit.selectedText() == ARABIC[1:]


def test_a_text_edit_lays_out_each_paragraph_in_its_own_direction(qtbot):
    editor = QTextEdit()
    qtbot.addWidget(editor)
    editor.resize(400, 200)
    editor.show()
    qtbot.waitExposed(editor)
    editor.setPlainText(f"{ARABIC} مع John Smith.\nMeeting with {ARABIC} today.")
    QApplication.processEvents()
    first = editor.document().firstBlock()
    assert first.textDirection() == Qt.LayoutDirection.RightToLeft
    assert first.next().textDirection() == Qt.LayoutDirection.LeftToRight
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    assert editor.cursorRect().x() > 300  # the Arabic paragraph starts at the right
    cursor.setPosition(first.next().position())
    editor.setTextCursor(cursor)
    assert editor.cursorRect().x() < 20  # the Latin one at the left
    cursor.setPosition(0)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "سلمان"
