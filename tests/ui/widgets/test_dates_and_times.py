"""Date and time fields: typing a time over the selection, one date format from the locale,
calendars that open near the trip and mark its days."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QApplication, QCalendarWidget
from pytestqt.qtbot import QtBot

from ui.widgets.date_edit import OptionalDateEdit
from ui.widgets.dates import date_format, format_date, mark_days
from ui.widgets.time_field import TimeField


def test_typing_a_time_over_the_whole_selected_time_replaces_it(qtbot: QtBot) -> None:
    field = TimeField()
    qtbot.addWidget(field)
    field.setTime(QTime(9, 0))
    field.show()
    field.setFocus()
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "10:30")
    assert field.time() == QTime(10, 30)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en_GB", "18 Jan 2027"), ("en_US", "Jan 18, 2027"), ("sv_SE", "2027-01-18")],
)
def test_one_date_format_follows_the_locale_order(locale: str, expected: str) -> None:
    previous = QLocale()
    QLocale.setDefault(QLocale(locale))
    try:
        assert format_date(date(2027, 1, 18)) == expected
        assert format_date(None, "Never") == "Never"
        assert "yyyy" in date_format()
    finally:
        QLocale.setDefault(previous)


def test_an_empty_end_date_opens_its_calendar_near_the_start(qtbot: QtBot) -> None:
    start = OptionalDateEdit()
    end = OptionalDateEdit()
    for widget in (start, end):
        qtbot.addWidget(widget)
    start.set_value(date(2031, 5, 20))
    end.set_value(None)
    end.near = start.value
    QApplication.sendEvent(end.calendar, QShowEvent())  # the popup opening
    assert (end.calendar.yearShown(), end.calendar.monthShown()) == (2031, 5)


def test_the_trip_days_are_marked_on_the_meeting_calendar(qtbot: QtBot) -> None:
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    mark_days(calendar, date(2026, 12, 1), date(2026, 12, 3))
    marked = [QDate(2026, 12, day) for day in (1, 2, 3)]
    for day in marked:
        assert calendar.dateTextFormat(day).fontWeight() == QFont.Weight.Bold
    assert calendar.dateTextFormat(QDate(2026, 12, 4)).fontWeight() != QFont.Weight.Bold
    assert calendar.dateTextFormat(QDate(2026, 12, 2)).toolTip() == "A day of the trip"
