"""A time field that takes "10:30" typed over the whole selected time.

QTimeEdit edits one section (hours or minutes) at a time: with the whole text selected, the
first digit replaces everything, the text stops being a time, and the typed "10:30" ends as
":30" with the hour unchanged. Here typing over a selection that spans both sections starts
again in the hours, so the keys land where an officer expects.
"""

from __future__ import annotations

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTimeEdit, QWidget


class TimeField(QTimeEdit):
    """``HH:mm`` time entry; typing over the whole time replaces it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typed = event.text()
        if typed and typed.isdigit() and ":" in self.lineEdit().selectedText():
            self.setSelectedSection(QTimeEdit.Section.HourSection)
        super().keyPressEvent(event)
