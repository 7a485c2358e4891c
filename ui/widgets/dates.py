"""One way to show a date in the app, taken from the user's locale.

The locale's short format gives the order of day, month and year (18/01/2027, 1/18/27,
2027-01-18); the app writes the month as a word where the locale puts it between numbers, and
the year in full, so a date reads the same in a table, a field and a message:
"18 Jan 2027" in Britain, "Jan 18, 2027" in the United States, "2027-01-18" where the year
comes first. Dates printed in the book follow the book (``app.dates_text``), not the locale.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from PySide6.QtCore import QDate, QLocale, QTime
from PySide6.QtGui import QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget

_FIELDS = re.compile(r"d+|M+|y+")


@lru_cache(maxsize=4)
def _format_for(locale_name: str) -> str:
    short = QLocale(locale_name).dateFormat(QLocale.FormatType.ShortFormat)
    order = [field[0] for field in _FIELDS.findall(short)]
    if not order or order[0] == "y":
        return "yyyy-MM-dd"
    if order[0] == "M":
        return "MMM d, yyyy"
    return "d MMM yyyy"


def date_format() -> str:
    """The Qt display format for dates (``QDateEdit.setDisplayFormat``)."""
    return _format_for(QLocale().name())


def format_date(value: date | None, empty: str = "") -> str:
    """``value`` in the app's date format; ``empty`` when there is none."""
    if value is None:
        return empty
    return QLocale().toString(QDate(value.year, value.month, value.day), date_format())


def format_date_time(value: datetime) -> str:
    """A moment (a backup's time, say): the date as everywhere, then the time."""
    time = QLocale().toString(QTime(value.hour, value.minute), "HH:mm")
    return f"{format_date(value.date())}, {time}"


def mark_days(calendar: QCalendarWidget, first: date, last: date) -> None:
    """Show the days from ``first`` to ``last`` (a trip) in bold on a tinted background."""
    marked = QTextCharFormat()
    marked.setFontWeight(QFont.Weight.Bold)
    tint = calendar.palette().color(QPalette.ColorRole.Highlight)
    tint.setAlpha(60)
    marked.setBackground(tint)
    marked.setToolTip("A day of the trip")
    day = QDate(first.year, first.month, first.day)
    end = QDate(last.year, last.month, last.day)
    while day <= end and day.daysTo(end) < 366:
        calendar.setDateTextFormat(day, marked)
        day = day.addDays(1)
