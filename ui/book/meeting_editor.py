"""The dialog that adds or edits one meeting of a book's schedule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import cache

from PySide6.QtCore import QDate, QSettings, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain import Book, Meeting, ParticipantEntry
from app.textfold import fold
from app.timezones import known_zones, picker_zones
from ui.context import AppContext
from ui.session.spelling import bind_spelling
from ui.widgets.dates import date_format, mark_days
from ui.widgets.labels import error_label, show_error
from ui.widgets.time_field import TimeField

LAST_ZONE_KEY = "schedule/last_timezone"
FALLBACK_ZONE = "UTC"

# Places whose zone name does not contain the city itself. Cities that appear in zone names
# (Baku, Tbilisi, Istanbul, Berlin...) are found from the tz database directly.
_PLACE_ZONES = {
    "azerbaijan": "Asia/Baku",
    "georgia": "Asia/Tbilisi",
    "armenia": "Asia/Yerevan",
    "yerevan": "Asia/Yerevan",
    "turkey": "Europe/Istanbul",
    "turkiye": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    "kazakhstan": "Asia/Almaty",
    "astana": "Asia/Almaty",
    "uzbekistan": "Asia/Tashkent",
    "turkmenistan": "Asia/Ashgabat",
    "kyrgyzstan": "Asia/Bishkek",
    "tajikistan": "Asia/Dushanbe",
    "ukraine": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "washington": "America/New_York",
    "united states": "America/New_York",
    "usa": "America/New_York",
    "ottawa": "America/Toronto",
    "canada": "America/Toronto",
    "united kingdom": "Europe/London",
    "uk": "Europe/London",
    "germany": "Europe/Berlin",
    "france": "Europe/Paris",
    "italy": "Europe/Rome",
    "spain": "Europe/Madrid",
    "belgium": "Europe/Brussels",
    "netherlands": "Europe/Amsterdam",
    "the hague": "Europe/Amsterdam",
    "switzerland": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "poland": "Europe/Warsaw",
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "japan": "Asia/Tokyo",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "india": "Asia/Kolkata",
    "islamabad": "Asia/Karachi",
    "pakistan": "Asia/Karachi",
    "abu dhabi": "Asia/Dubai",
    "uae": "Asia/Dubai",
    "hanoi": "Asia/Bangkok",
    "canberra": "Australia/Sydney",
    "wellington": "Pacific/Auckland",
    "brasilia": "America/Sao_Paulo",
    "brazil": "America/Sao_Paulo",
    "abuja": "Africa/Lagos",
    "nigeria": "Africa/Lagos",
    "pretoria": "Africa/Johannesburg",
    "south africa": "Africa/Johannesburg",
    "rabat": "Africa/Casablanca",
    "egypt": "Africa/Cairo",
}


def all_zones() -> tuple[str, ...]:
    """Every IANA zone name known to this Python (tzdata), sorted, without legacy aliases."""
    return picker_zones()


def is_known_zone(name: str) -> bool:
    """True for any zone the tz database knows, legacy aliases included."""
    return name in known_zones()


@cache
def _zones_by_city() -> dict[str, str]:
    cities: dict[str, str] = {}
    for zone in all_zones():
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        cities.setdefault(fold(city), zone)
    return cities


def zone_for_destination(destination: str) -> str | None:
    """The time zone of a destination such as "Baku, Azerbaijan", when it can be told."""
    parts = [fold(part).strip() for part in destination.replace(";", ",").split(",")]
    for part in (p for p in parts if p):
        if part in _zones_by_city():
            return _zones_by_city()[part]
        if part in _PLACE_ZONES:
            return _PLACE_ZONES[part]
    return None


def default_timezone(book: Book | None, settings: QSettings) -> str:
    """The zone a new meeting starts with: the book's, its destination's, else the last used."""
    if book is not None:
        if book.timezone:
            return book.timezone
        from_destination = zone_for_destination(book.destination)
        if from_destination:
            return from_destination
    last = settings.value(LAST_ZONE_KEY, "", type=str)
    return str(last) if is_known_zone(str(last)) else FALLBACK_ZONE


def default_day(book: Book | None, meetings: Sequence[Meeting]) -> date:
    """The day a new meeting is put on: after the last meeting, else the trip's first day."""
    if meetings:
        return max(m.start for m in meetings).date()
    if book is not None and book.start_date:
        return book.start_date
    return date.today()


class MeetingEditor(QDialog):
    """Edit a meeting's title, day, times, zone, place, objective and participants.

    ``meeting()`` gives the edited meeting after the dialog was accepted. Accept refuses (with
    a message in the dialog) an empty title, an unknown zone, and an end before the start.
    """

    def __init__(
        self,
        book: Book,
        participants: Sequence[ParticipantEntry],
        meeting: Meeting | None,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
        context: AppContext | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.settings = settings
        self._original = meeting
        self.setWindowTitle("Edit meeting" if meeting else "New meeting")
        self.setMinimumWidth(560)

        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("e.g. Meeting with the Deputy Minister")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(date_format())
        if book is not None and book.start_date and book.end_date:
            # The calendar marks the trip's days: meetings belong on them.
            mark_days(self.date_edit.calendarWidget(), book.start_date, book.end_date)
        self.start_edit = TimeField()
        self.end_edit = TimeField()
        self.duration_label = QLabel()
        self.duration_label.setObjectName("durationLabel")
        self.zone_combo = QComboBox()
        self.zone_combo.setEditable(True)
        self.zone_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone_combo.addItems(all_zones())
        completer = QCompleter(list(all_zones()), self.zone_combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.zone_combo.setCompleter(completer)
        self.zone_combo.setToolTip("Type part of a city, e.g. Baku, to find its time zone.")
        self.location_edit = QLineEdit()
        self.location_edit.setPlaceholderText("Building, room, address")
        self.objective_edit = QPlainTextEdit()
        self.objective_edit.setPlaceholderText("What this meeting should achieve (Markdown)")
        self.objective_edit.setTabChangesFocus(True)
        self.objective_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        if context is not None:
            bind_spelling(self.objective_edit, context, lambda: book.id)
        self.people_list = QListWidget()
        self.people_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.people_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.people_list.setAccessibleName("Participants")
        self.error_label = error_label()

        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("to"))
        times.addWidget(self.end_edit)
        times.addWidget(self.duration_label, 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title", self.title_edit)
        form.addRow("&Day", self.date_edit)
        time_label = QLabel("T&ime")
        time_label.setBuddy(self.start_edit)
        form.addRow(time_label, times)
        form.addRow("Time &zone", self.zone_combo)
        form.addRow("&Location", self.location_edit)
        form.addRow("&Objective", self.objective_edit)
        people_label = "&Participants" if participants else "Participants"
        form.addRow(people_label, self.people_list)
        if not participants:
            hint = QLabel("Attach people to the book under Participants to choose them here.")
            hint.setWordWrap(True)
            hint.setEnabled(False)
            form.addRow("", hint)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

        self._fill(meeting, participants, day)
        # Show every participant without scrolling when there are few; scroll beyond ten.
        rows = min(10, max(3, self.people_list.count()))
        row_height = self.people_list.sizeHintForRow(0) if self.people_list.count() else 20
        self.people_list.setFixedHeight(rows * row_height + 2 * self.people_list.frameWidth() + 4)
        self._previous_start = self.start_edit.time()
        self.start_edit.timeChanged.connect(self._keep_duration)
        self.end_edit.timeChanged.connect(self._update_duration)
        self._update_duration()

    def _fill(
        self, meeting: Meeting | None, participants: Sequence[ParticipantEntry], day: date | None
    ) -> None:
        if meeting is None:
            start = datetime.combine(day or default_day(self.book, []), time(9, 0))
            meeting = Meeting(
                book_id=self.book.id,
                title="",
                start=start,
                end=start + timedelta(hours=1),
                timezone=default_timezone(self.book, self.settings),
            )
        self.title_edit.setText(meeting.title)
        self.date_edit.setDate(QDate(meeting.start.year, meeting.start.month, meeting.start.day))
        self.start_edit.setTime(QTime(meeting.start.hour, meeting.start.minute))
        self.end_edit.setTime(QTime(meeting.end.hour, meeting.end.minute))
        self.set_timezone(meeting.timezone)
        self.location_edit.setText(meeting.location)
        self.objective_edit.setPlainText(meeting.objective)
        self._days_after_start = (meeting.end.date() - meeting.start.date()).days
        chosen = set(meeting.participants)
        for entry in participants:
            person = entry.person
            role = entry.participant.role
            label = f"{person.name} — {role}" if role else person.name
            item = QListWidgetItem(label)
            item.setToolTip(", ".join(p for p in (person.title, person.organization) if p))
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = person.id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.people_list.addItem(item)
        # People no longer attached to the book stay on the meeting unless unticked here.
        self._kept_outside = [pid for pid in meeting.participants if pid not in _ids(participants)]

    # --- field helpers --------------------------------------------------------------------

    def set_timezone(self, zone: str) -> None:
        index = self.zone_combo.findText(zone)
        if index >= 0:
            self.zone_combo.setCurrentIndex(index)
        else:
            self.zone_combo.setEditText(zone)

    def timezone(self) -> str:
        return self.zone_combo.currentText().strip()

    def set_participants(self, person_ids: Sequence[str]) -> None:
        wanted = set(person_ids)
        for row in range(self.people_list.count()):
            item = self.people_list.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen_participants(self) -> list[str]:
        chosen = []
        for row in range(self.people_list.count()):
            item = self.people_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                chosen.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return chosen + self._kept_outside

    def _start_end(self) -> tuple[datetime, datetime]:
        qdate = self.date_edit.date()
        day = date(qdate.year(), qdate.month(), qdate.day())
        start_t = self.start_edit.time()
        end_t = self.end_edit.time()
        start = datetime.combine(day, time(start_t.hour(), start_t.minute()))
        end_day = day + timedelta(days=self._days_after_start)
        end = datetime.combine(end_day, time(end_t.hour(), end_t.minute()))
        return start, end

    def _keep_duration(self, new_start: QTime) -> None:
        """Moving the start moves the end too, as calendars do, keeping the length."""
        shift = self._previous_start.secsTo(new_start)
        self._previous_start = new_start
        moved = self.end_edit.time().addSecs(shift)
        if self._days_after_start or moved >= new_start:
            self.end_edit.setTime(moved)
        self._update_duration()

    def _update_duration(self) -> None:
        start, end = self._start_end()
        minutes = int((end - start).total_seconds() // 60)
        if minutes < 0:
            self.duration_label.setText("ends before it starts")
            self.duration_label.setStyleSheet("color: #b3261e;")
            return
        hours, rest = divmod(minutes, 60)
        text = f"{hours} h {rest:02d} min" if hours else f"{rest} min"
        self.duration_label.setText(f"({text})")
        self.duration_label.setStyleSheet("")

    # --- result ---------------------------------------------------------------------------

    def problem(self) -> str | None:
        """Why the fields cannot be saved, or None when they can."""
        if not self.title_edit.text().strip():
            return "Give the meeting a title."
        if not is_known_zone(self.timezone()):
            return f'"{self.timezone()}" is not a known time zone; pick one such as Asia/Baku.'
        start, end = self._start_end()
        if end < start:
            return "The meeting ends before it starts: set an end time after the start time."
        return None

    def meeting(self) -> Meeting:
        start, end = self._start_end()
        base = self._original or Meeting(book_id=self.book.id, title="", start=start, end=end)
        return replace(
            base,
            title=self.title_edit.text().strip(),
            start=start,
            end=end,
            timezone=self.timezone(),
            location=self.location_edit.text().strip(),
            objective=self.objective_edit.toPlainText().strip(),
            participants=self.chosen_participants(),
        )

    def accept(self) -> None:
        problem = self.problem()
        show_error(self.error_label, problem or "")
        if problem:
            return
        self.settings.setValue(LAST_ZONE_KEY, self.timezone())
        super().accept()


def _ids(participants: Sequence[ParticipantEntry]) -> set[str]:
    return {entry.person.id for entry in participants}
