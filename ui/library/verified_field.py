"""The "verified as of" date of a profile or note, with a one-click "Verified today"."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QPushButton, QToolButton, QVBoxLayout, QWidget

from ui.library.staleness import is_stale, stale_tooltip
from ui.widgets.dates import date_format
from ui.widgets.inline_message import InlineMessage

# QDateEdit cannot be empty: its minimum date stands for "never verified" and shows as text.
_NEVER = QDate(1900, 1, 1)


class VerifiedField(QWidget):
    """A date (or none), a "Verified today" button and a warning when the date is stale."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_format())
        self.date_edit.setMinimumDate(_NEVER)
        self.date_edit.setSpecialValueText("Never")
        self.date_edit.setDate(_NEVER)
        self.date_edit.setAccessibleName("Verified as of")
        self.today_button = QPushButton("Verified today", self)
        self.today_button.setToolTip("Record that you checked these facts today")
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setToolTip("Mark as never verified")
        self.warning = InlineMessage(self)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.today_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.warning)

        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.today_button.clicked.connect(self.mark_today)
        self.clear_button.clicked.connect(lambda: self.date_edit.setDate(_NEVER))

    def value(self) -> date | None:
        picked = self.date_edit.date()
        if picked == _NEVER:
            return None
        return date(picked.year(), picked.month(), picked.day())

    def set_value(self, value: date | None) -> None:
        """Show ``value`` without emitting ``changed`` (loading a record is not an edit)."""
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(value.year, value.month, value.day) if value else _NEVER)
        self.date_edit.blockSignals(False)
        self._update_warning()

    def mark_today(self) -> None:
        today = date.today()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))

    def _on_date_changed(self) -> None:
        self._update_warning()
        self.changed.emit()

    def _update_warning(self) -> None:
        value = self.value()
        if is_stale(value):
            self.warning.show_warning(stale_tooltip(value))
        else:
            self.warning.clear()
