"""When a profile or note counts as stale, and how the libraries say so."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from app.domain import STALE_AFTER_DAYS
from ui.widgets.dates import format_date


def is_stale(verified: date | None, today: date | None = None) -> bool:
    """True when the record was never verified or was last verified too long ago."""
    if verified is None:
        return True
    return ((today or date.today()) - verified).days > STALE_AFTER_DAYS


def verified_text(verified: date | None) -> str:
    """The date as a table shows it (the app's one date format; the column sorts by date)."""
    return format_date(verified, "Never")


def stale_tooltip(verified: date | None, today: date | None = None) -> str:
    """A sentence explaining the stale badge, or "" when the record is current."""
    if verified is None:
        return "Never verified: check this record before the trip."
    age = ((today or date.today()) - verified).days
    if age > STALE_AFTER_DAYS:
        return f"Last verified {age} days ago (over {STALE_AFTER_DAYS}): check it before the trip."
    return f"Verified {age} days ago."


def stale_icon() -> QIcon:
    """The badge shown beside a stale date: the style's own warning sign, sharp at any DPI."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


class StaleBadge:
    """The verified column's warning icon and tooltip, for the library and book tables."""

    def __init__(self) -> None:
        self.today = date.today()
        self._icon: QIcon | None = None  # made on first use, once a style exists

    def data(self, verified: date | None, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return stale_tooltip(verified, self.today)
        if role == Qt.ItemDataRole.DecorationRole and is_stale(verified, self.today):
            if self._icon is None:
                self._icon = stale_icon()
            return self._icon
        return None
