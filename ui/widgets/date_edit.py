"""A date field with a calendar popup that may also be left empty ("Not set")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import QCalendarWidget, QDateEdit, QHBoxLayout, QToolButton, QWidget

from ui.widgets.dates import date_format

# The earliest date doubles as "no date": QDateEdit shows its special text for it.
_UNSET = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    """``value()`` is a ``date`` or ``None``. ``changed`` fires on user edits only."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, accessible_name: str = "") -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(_UNSET)
        self.edit.setMaximumDate(QDate(2200, 12, 31))
        self.edit.setSpecialValueText("Not set")
        self.edit.setDisplayFormat(date_format())
        self.edit.setAccessibleName(accessible_name)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(False)
        self.edit.setCalendarWidget(self.calendar)
        self.calendar.installEventFilter(self)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("Clear")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setToolTip("Clear this date")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self._loading = False
        self.near: Callable[[], date | None] | None = None  # where an empty calendar opens
        self.edit.dateChanged.connect(self._on_date_changed)
        self.clear_button.clicked.connect(self._clear_clicked)
        self._sync_clear_button()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An empty field opens its calendar near the related date (an end date near the
        # start), else on this month, rather than on the year 1900.
        if watched is self.calendar and event.type() == QEvent.Type.Show and self.value() is None:
            near = self.near() if self.near is not None else None
            if near is not None:
                self.calendar.setCurrentPage(near.year, near.month)
            else:
                today = QDate.currentDate()
                self.calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def value(self) -> date | None:
        current = self.edit.date()
        if current == _UNSET:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        """Set from the store (does not emit ``changed``)."""
        self._loading = True
        try:
            self.edit.setDate(QDate(value.year, value.month, value.day) if value else _UNSET)
        finally:
            self._loading = False
        self._sync_clear_button()

    def set_user_value(self, value: date | None) -> None:
        """Set as if the user picked it (emits ``changed``)."""
        self.edit.setDate(QDate(value.year, value.month, value.day) if value else _UNSET)

    def _clear_clicked(self) -> None:
        self.set_user_value(None)

    def _on_date_changed(self) -> None:
        self._sync_clear_button()
        if not self._loading:
            self.changed.emit()

    def _sync_clear_button(self) -> None:
        self.clear_button.setEnabled(self.value() is not None)
