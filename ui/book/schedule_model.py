"""The schedule as a tree: one row per day, the day's meetings as its children.

Also the schedule checks shown beside each meeting (overlaps, outside the trip dates), kept as
plain functions so they can be tested without a view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

from app.domain import Book, Meeting
from ui.widgets.model_headers import column_title

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

MEETING_ID_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_ROLE = Qt.ItemDataRole.UserRole + 2
PROBLEMS_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("Time", "Meeting", "Location", "Participants")
TIME, TITLE, LOCATION, PARTICIPANTS = range(len(COLUMNS))

# internalId of a day row; a meeting row carries its day's row number + 1.
_DAY_ROW_ID = 0


def _utc(moment: datetime, zone: str) -> datetime:
    try:
        tz: Any = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = UTC
    return moment.replace(tzinfo=tz).astimezone(UTC)


def overlap_problems(meetings: Sequence[Meeting]) -> dict[str, list[str]]:
    """Meetings that overlap another, judged in absolute time (each in its own time zone).

    Meetings that only touch (one ends as the next starts) do not overlap.
    """
    problems: dict[str, list[str]] = {}
    spans = sorted(
        ((_utc(m.start, m.timezone), _utc(m.end, m.timezone), m) for m in meetings),
        key=lambda item: (item[0], item[1]),
    )
    for index, (start, end, meeting) in enumerate(spans):
        for other_start, other_end, other in spans[index + 1 :]:
            if other_start >= end:
                break
            if start < other_end:
                problems.setdefault(meeting.id, []).append(f'Overlaps "{other.title}".')
                problems.setdefault(other.id, []).append(f'Overlaps "{meeting.title}".')
    return problems


def date_problems(meetings: Sequence[Meeting], book: Book | None) -> dict[str, list[str]]:
    """Meetings that start before the trip's first day or end after its last day."""
    problems: dict[str, list[str]] = {}
    if book is None:
        return problems
    for meeting in meetings:
        if book.start_date and meeting.start.date() < book.start_date:
            problems.setdefault(meeting.id, []).append(
                f"Before the trip starts ({book.start_date:%a %d %b %Y})."
            )
        if book.end_date and meeting.end.date() > book.end_date:
            problems.setdefault(meeting.id, []).append(
                f"After the trip ends ({book.end_date:%a %d %b %Y})."
            )
    return problems


def schedule_problems(meetings: Sequence[Meeting], book: Book | None) -> dict[str, list[str]]:
    """For each meeting id, what an officer should check: overlaps, then out-of-trip dates."""
    overlaps = overlap_problems(meetings)
    dates = date_problems(meetings, book)
    return {m.id: overlaps.get(m.id, []) + dates.get(m.id, []) for m in meetings}


def time_range_text(meeting: Meeting) -> str:
    """Local start–end, e.g. ``09:30–10:15``; the end's date is added when it is another day."""
    start = f"{meeting.start:%H:%M}"
    if meeting.end.date() != meeting.start.date():
        return f"{start}–{meeting.end:%a %H:%M}"
    return f"{start}–{meeting.end:%H:%M}"


def day_heading(day: date) -> str:
    return f"{day:%A %d %B %Y}"


@dataclass
class _Day:
    day: date
    meetings: list[Meeting] = field(default_factory=list)


class ScheduleModel(QAbstractItemModel):
    """Meetings grouped by local start date, each day a parent row spanning the columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._days: list[_Day] = []
        self._names: dict[str, str] = {}
        self._problems: dict[str, list[str]] = {}
        self._overlapping: set[str] = set()
        self._outside: set[str] = set()
        self._icons: dict[str, QIcon] = {}

    # --- loading --------------------------------------------------------------------------

    def set_schedule(
        self, meetings: Sequence[Meeting], book: Book | None, names: dict[str, str]
    ) -> None:
        """Show ``meetings``; ``names`` maps person ids to the names shown."""
        self.beginResetModel()
        days: dict[date, _Day] = {}
        for meeting in sorted(meetings, key=lambda m: (m.start, m.end, m.title)):
            days.setdefault(meeting.start.date(), _Day(meeting.start.date())).meetings.append(
                meeting
            )
        self._days = [days[key] for key in sorted(days)]
        self._names = dict(names)
        overlaps = overlap_problems(meetings)
        dates = date_problems(meetings, book)
        self._overlapping = set(overlaps)
        self._outside = set(dates)
        self._problems = {m.id: overlaps.get(m.id, []) + dates.get(m.id, []) for m in meetings}
        self.endResetModel()

    def clear(self) -> None:
        self.set_schedule([], None, {})

    # --- lookups for views ----------------------------------------------------------------

    def meeting_at(self, index: ModelIndex) -> Meeting | None:
        if not index.isValid() or index.internalId() == _DAY_ROW_ID:
            return None
        return self._days[index.internalId() - 1].meetings[index.row()]

    def index_of_meeting(self, meeting_id: str) -> QModelIndex:
        for day_row, day in enumerate(self._days):
            for row, meeting in enumerate(day.meetings):
                if meeting.id == meeting_id:
                    return self.createIndex(row, 0, day_row + 1)
        return QModelIndex()

    def meetings(self) -> list[Meeting]:
        return [meeting for day in self._days for meeting in day.meetings]

    def problems(self, meeting_id: str) -> list[str]:
        return list(self._problems.get(meeting_id, []))

    def flagged_count(self) -> int:
        return len(self._overlapping | self._outside)

    def overlap_count(self) -> int:
        """How many meetings overlap another one."""
        return len(self._overlapping)

    def outside_count(self) -> int:
        """How many meetings fall outside the trip's dates."""
        return len(self._outside)

    def participant_names(self, meeting: Meeting) -> str:
        return ", ".join(self._names.get(pid, "(removed person)") for pid in meeting.participants)

    # --- QAbstractItemModel ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = _ROOT) -> QModelIndex:
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._days):
                return QModelIndex()
            return self.createIndex(row, column, _DAY_ROW_ID)
        if parent.internalId() != _DAY_ROW_ID or parent.column() != 0:
            return QModelIndex()
        day_row = parent.row()
        if day_row >= len(self._days) or row >= len(self._days[day_row].meetings):
            return QModelIndex()
        return self.createIndex(row, column, day_row + 1)

    def parent(self, index: ModelIndex = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _DAY_ROW_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _DAY_ROW_ID)

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        if not parent.isValid():
            return len(self._days)
        if parent.internalId() == _DAY_ROW_ID and parent.column() == 0:
            return len(self._days[parent.row()].meetings)
        return 0

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return len(COLUMNS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _DAY_ROW_ID:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(COLUMNS, section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _DAY_ROW_ID:
            return self._day_data(self._days[index.row()], index.column(), role)
        meeting = self._days[index.internalId() - 1].meetings[index.row()]
        return self._meeting_data(meeting, index.column(), role)

    def _day_data(self, day: _Day, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            count = len(day.meetings)
            return f"{day_heading(day.day)}  ·  {count} meeting{'s' if count != 1 else ''}"
        if role == Qt.ItemDataRole.FontRole and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == DAY_ROLE:
            return day.day.isoformat()
        return None

    def _meeting_data(self, meeting: Meeting, column: int, role: int) -> Any:
        problems = self._problems.get(meeting.id, [])
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TIME:
                return f"{time_range_text(meeting)}  {meeting.timezone}"
            if column == TITLE:
                return meeting.title
            if column == LOCATION:
                return meeting.location
            if column == PARTICIPANTS:
                return self.participant_names(meeting)
        elif role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{meeting.title}", f"{meeting.start:%a %d %b, %H:%M}–{meeting.end:%H:%M}"]
            lines[-1] += f" ({meeting.timezone})"
            if meeting.location:
                lines.append(meeting.location)
            if problems:
                lines.append("")
                lines.extend(f"⚠ {problem}" for problem in problems)
            return "\n".join(lines)
        elif role == Qt.ItemDataRole.DecorationRole and column == TIME:
            # A blank icon keeps the times of unflagged meetings aligned with flagged ones.
            return self._icon("warning" if problems else "blank")
        elif role == MEETING_ID_ROLE:
            return meeting.id
        elif role == PROBLEMS_ROLE:
            return list(problems)
        return None

    def _icon(self, name: str) -> QIcon:
        if name not in self._icons:
            if name == "warning":
                style = QApplication.style()
                self._icons[name] = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            else:
                blank = QPixmap(16, 16)
                blank.fill(Qt.GlobalColor.transparent)
                self._icons[name] = QIcon(blank)
        return self._icons[name]
