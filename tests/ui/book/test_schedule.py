"""The schedule page, its model, and the meeting editor."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QModelIndex, QRect, Qt, QTime

from app.domain import Book, Meeting
from app.errors import StoreWriteError
from app.sample import ASADOV_ID, KRESS_ID, SAMPLE_BOOK_ID
from ui.book.meeting_editor import (
    LAST_ZONE_KEY,
    MeetingEditor,
    default_timezone,
    zone_for_destination,
)
from ui.book.schedule_model import (
    LOCATION,
    MEETING_ID_ROLE,
    PARTICIPANTS,
    PROBLEMS_ROLE,
    ScheduleModel,
    schedule_problems,
)
from ui.book.schedule_page import SchedulePage


@pytest.fixture
def page(qtbot, sample_context):
    widget = SchedulePage(sample_context)
    qtbot.addWidget(widget)
    widget.set_book(SAMPLE_BOOK_ID)
    return widget


def _meeting(title: str, start: str, end: str, zone: str = "Asia/Baku") -> Meeting:
    return Meeting(
        book_id=SAMPLE_BOOK_ID,
        title=title,
        start=datetime.fromisoformat(start),
        end=datetime.fromisoformat(end),
        timezone=zone,
    )


def _fill(
    editor: MeetingEditor, title: str, day: QDate, start: QTime, end: QTime, people: list[str]
) -> None:
    editor.title_edit.clear()
    editor.title_edit.setText(title)
    editor.date_edit.setDate(day)
    editor.start_edit.setTime(start)
    editor.end_edit.setTime(end)
    editor.location_edit.setText("Azerbaijan Railways, Baku")
    editor.objective_edit.setPlainText("Ask about the **Middle Corridor** timetable.")
    editor.set_participants(people)


# --- the model --------------------------------------------------------------------------


def test_schedule_model_passes_the_model_tester(qtmodeltester, sample_context):
    store = sample_context.store
    model = ScheduleModel()
    qtmodeltester.check(model)
    names = {e.person.id: e.person.name for e in store.list_participant_entries(SAMPLE_BOOK_ID)}
    model.set_schedule(store.list_meetings(SAMPLE_BOOK_ID), store.get_book(SAMPLE_BOOK_ID), names)
    qtmodeltester.check(model)
    assert model.rowCount() == 2  # the sample's two days
    first_day = model.index(0, 0)
    assert "Tuesday 01 December 2026" in first_day.data()
    assert model.rowCount(first_day) == 4
    model.clear()
    qtmodeltester.check(model)


def test_meeting_rows_show_time_zone_title_place_and_people(page):
    model = page.model
    index = model.index_of_meeting(next(m.id for m in model.meetings() if "Asadov" in m.title))
    row = [index.siblingAtColumn(column).data() for column in range(4)]
    assert row[0] == "11:00–12:00  Asia/Baku"
    assert row[1] == "Meeting with Deputy Minister Asadov"
    assert "Ministry of Digital Development" in row[2]
    assert "Sameddin F. Asadov" in row[PARTICIPANTS]
    assert "Carl B. Kress" in row[PARTICIPANTS]


def test_overlaps_are_judged_in_absolute_time_and_touching_is_fine():
    book = Book(title="Trip", start_date=date(2026, 12, 1), end_date=date(2026, 12, 2))
    first = _meeting("A", "2026-12-01T10:00", "2026-12-01T11:00")
    touching = _meeting("B", "2026-12-01T11:00", "2026-12-01T12:00")
    # 09:30 in Istanbul is 10:30 in Baku: it overlaps A although its local time does not.
    other_zone = _meeting("C", "2026-12-01T09:30", "2026-12-01T09:45", "Europe/Istanbul")
    problems = schedule_problems([first, touching, other_zone], book)
    assert problems[first.id] == ['Overlaps "C".']
    assert problems[other_zone.id] == ['Overlaps "A".']
    assert problems[touching.id] == []


def test_meetings_outside_the_trip_dates_are_flagged():
    book = Book(title="Trip", start_date=date(2026, 12, 1), end_date=date(2026, 12, 2))
    early = _meeting("Early", "2026-11-30T10:00", "2026-11-30T11:00")
    late = _meeting("Late", "2026-12-03T10:00", "2026-12-03T11:00")
    inside = _meeting("Inside", "2026-12-02T10:00", "2026-12-02T11:00")
    problems = schedule_problems([early, late, inside], book)
    assert problems[early.id] == ["Before the trip starts (Tue 01 Dec 2026)."]
    assert problems[late.id] == ["After the trip ends (Wed 02 Dec 2026)."]
    assert problems[inside.id] == []


def test_the_page_flags_overlaps_and_out_of_trip_meetings_with_icon_and_tooltip(
    page, sample_context
):
    store = sample_context.store
    overlap = store.save_meeting(_meeting("Press call", "2026-12-01T11:30", "2026-12-01T11:45"))
    late = store.save_meeting(_meeting("Farewell", "2026-12-05T19:00", "2026-12-05T21:00"))
    page.reload()
    model = page.model
    flagged = model.index_of_meeting(overlap.id)
    assert flagged.data(PROBLEMS_ROLE) == ['Overlaps "Meeting with Deputy Minister Asadov".']
    assert not flagged.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert "⚠ Overlaps" in flagged.data(Qt.ItemDataRole.ToolTipRole)
    late_index = model.index_of_meeting(late.id)
    assert "After the trip ends" in late_index.data(Qt.ItemDataRole.ToolTipRole)
    clean = model.index_of_meeting(
        next(m.id for m in model.meetings() if m.title == "Delegation debrief")
    )
    assert clean.data(PROBLEMS_ROLE) == []
    blank = clean.data(Qt.ItemDataRole.DecorationRole)
    assert blank.cacheKey() != flagged.data(Qt.ItemDataRole.DecorationRole).cacheKey()
    # the press call and the Asadov meeting overlap; the farewell is after the trip
    assert "2 meetings overlap" in page.summary.text()
    assert "1 outside the trip dates" in page.summary.text()


# --- the editor -------------------------------------------------------------------------


def test_adding_a_meeting_through_the_editor_saves_it_with_undo(
    page, sample_context, monkeypatch, qtbot
):
    store = sample_context.store

    def fill_and_accept(editor: MeetingEditor) -> int:
        assert editor.timezone() == "Asia/Baku"  # the book's zone
        _fill(
            editor,
            "Call on the rail operator",
            QDate(2026, 12, 2),
            QTime(14, 0),
            QTime(15, 30),
            [ASADOV_ID],
        )
        editor.accept()
        return editor.result()

    monkeypatch.setattr(MeetingEditor, "exec", fill_and_accept)
    with qtbot.waitSignal(sample_context.events.book_changed) as changed:
        added = page.add_meeting()
    assert changed.args == [SAMPLE_BOOK_ID]
    assert added is not None
    saved = store.get_meeting(added.id)
    assert saved.title == "Call on the rail operator"
    assert saved.start == datetime(2026, 12, 2, 14, 0)
    assert saved.end == datetime(2026, 12, 2, 15, 30)
    assert saved.timezone == "Asia/Baku"
    assert saved.location == "Azerbaijan Railways, Baku"
    assert saved.objective == "Ask about the **Middle Corridor** timetable."
    assert saved.participants == [ASADOV_ID]
    assert page.selected_meeting() is not None
    assert page.selected_meeting().id == added.id
    assert sample_context.settings.value(LAST_ZONE_KEY) == "Asia/Baku"

    undo = sample_context.undo_stack
    undo.undo()
    assert added.id not in {m.id for m in store.list_meetings(SAMPLE_BOOK_ID)}
    assert not page.model.index_of_meeting(added.id).isValid()
    undo.redo()
    assert store.get_meeting(added.id).participants == [ASADOV_ID]
    assert page.model.index_of_meeting(added.id).isValid()


def test_editing_and_deleting_a_meeting_can_be_undone(page, sample_context, monkeypatch):
    store = sample_context.store
    debrief = next(
        m for m in store.list_meetings(SAMPLE_BOOK_ID) if m.title == "Delegation debrief"
    )
    page.focus_record(debrief.id)
    assert page.selected_meeting().id == debrief.id

    def move_later(editor: MeetingEditor) -> int:
        editor.start_edit.setTime(QTime(17, 0))  # the end follows, keeping the hour
        editor.set_participants([KRESS_ID, ASADOV_ID])
        editor.accept()
        return editor.result()

    monkeypatch.setattr(MeetingEditor, "exec", move_later)
    page.edit_selected()
    moved = store.get_meeting(debrief.id)
    assert (moved.start.hour, moved.end.hour) == (17, 18)
    assert moved.participants == [KRESS_ID, ASADOV_ID]

    page.delete_selected()
    assert debrief.id not in {m.id for m in store.list_meetings(SAMPLE_BOOK_ID)}
    undo = sample_context.undo_stack
    undo.undo()  # the delete
    assert store.get_meeting(debrief.id).start.hour == 17
    undo.undo()  # the edit
    restored = store.get_meeting(debrief.id)
    assert (restored.start, restored.participants) == (debrief.start, [KRESS_ID])


def test_end_before_start_is_refused_with_a_message(qtbot, sample_context):
    store = sample_context.store
    book = store.get_book(SAMPLE_BOOK_ID)
    editor = MeetingEditor(
        book, store.list_participant_entries(SAMPLE_BOOK_ID), None, sample_context.settings
    )
    qtbot.addWidget(editor)
    _fill(editor, "Backwards", QDate(2026, 12, 2), QTime(15, 0), QTime(14, 0), [])
    editor.accept()
    assert editor.result() != MeetingEditor.DialogCode.Accepted
    assert not editor.error_label.isHidden()
    assert "ends before it starts" in editor.error_label.text()
    assert "ends before it starts" in editor.duration_label.text()

    editor.end_edit.setTime(QTime(16, 0))
    editor.accept()
    assert editor.result() == MeetingEditor.DialogCode.Accepted
    assert editor.error_label.isHidden()


def test_the_editor_refuses_an_empty_title_and_an_unknown_zone(qtbot, sample_context):
    book = sample_context.store.get_book(SAMPLE_BOOK_ID)
    editor = MeetingEditor(book, [], None, sample_context.settings)
    qtbot.addWidget(editor)
    editor.accept()
    assert "title" in editor.error_label.text()
    editor.title_edit.setText("Dinner")
    editor.zone_combo.setEditText("Asia/Atlantis")
    editor.accept()
    assert "not a known time zone" in editor.error_label.text()
    assert editor.result() != MeetingEditor.DialogCode.Accepted


def test_the_zone_comes_from_the_book_then_its_destination_then_the_last_used(sample_context):
    settings = sample_context.settings
    assert default_timezone(Book(title="T", timezone="Europe/Paris"), settings) == "Europe/Paris"
    assert (
        default_timezone(Book(title="T", destination="Baku, Azerbaijan"), settings) == "Asia/Baku"
    )
    assert zone_for_destination("Tbilisi, Georgia") == "Asia/Tbilisi"
    assert zone_for_destination("Ankara") == "Europe/Istanbul"
    assert zone_for_destination("São Paulo, Brazil") == "America/Sao_Paulo"
    assert zone_for_destination("Somewhere") is None
    assert default_timezone(Book(title="T", destination="Somewhere"), settings) == "UTC"
    settings.setValue(LAST_ZONE_KEY, "Asia/Tashkent")
    assert default_timezone(Book(title="T", destination="Somewhere"), settings) == "Asia/Tashkent"
    assert default_timezone(None, settings) == "Asia/Tashkent"


def test_the_zone_box_finds_zones_by_part_of_a_city(qtbot, sample_context):
    book = sample_context.store.get_book(SAMPLE_BOOK_ID)
    editor = MeetingEditor(book, [], None, sample_context.settings)
    qtbot.addWidget(editor)
    completer = editor.zone_combo.completer()
    completer.setCompletionPrefix("bak")
    matches = [
        completer.completionModel().index(row, 0).data()
        for row in range(completer.completionCount())
    ]
    assert matches == ["Asia/Baku"]


def test_the_page_without_a_book_offers_nothing_to_edit(qtbot, sample_context):
    page = SchedulePage(sample_context)
    qtbot.addWidget(page)
    assert page.model.rowCount(QModelIndex()) == 0
    assert not page.add_button.isEnabled()
    assert page.add_meeting() is None
    assert page.stack.currentWidget() is page.empty_label


def test_meeting_ids_are_exposed_for_views(page):
    day = page.model.index(0, 0)
    first = page.model.index(0, 0, day)
    assert first.data(MEETING_ID_ROLE) == page.model.meeting_at(first).id
    assert day.data(MEETING_ID_ROLE) is None


def test_a_refused_write_is_reported_and_not_put_on_the_undo_stack(
    page, sample_context, monkeypatch, qtbot
):
    def refuse(*_args, **_kwargs):
        raise StoreWriteError("Could not save to the store: disk full.")

    def fill_and_accept(editor: MeetingEditor) -> int:
        _fill(editor, "Site visit", QDate(2026, 12, 2), QTime(8, 0), QTime(9, 0), [])
        editor.accept()
        return editor.result()

    monkeypatch.setattr(MeetingEditor, "exec", fill_and_accept)
    monkeypatch.setattr(sample_context.store, "save_meeting", refuse)
    with qtbot.waitSignal(sample_context.events.user_error) as reported:
        assert page.add_meeting() is None
    assert reported.args == ["Could not save to the store: disk full."]
    assert sample_context.undo_stack.count() == 0


def test_long_places_and_participant_lists_wrap_instead_of_being_cut(page, qtbot):
    page.resize(900, 600)
    page.show()
    view = page.view
    view.setColumnWidth(LOCATION, 160)
    qtbot.waitUntil(lambda: view.columnWidth(LOCATION) == 160)
    metrics = view.fontMetrics()
    checked = 0
    for day in range(page.model.rowCount()):
        day_index = page.model.index(day, 0)
        for row in range(page.model.rowCount(day_index)):
            for column in (LOCATION, PARTICIPANTS):
                index = page.model.index(row, column, day_index)
                text = index.data()
                rect = view.visualRect(index)
                needed = metrics.boundingRect(
                    QRect(0, 0, view.columnWidth(column) - 12, 10_000),
                    int(Qt.TextFlag.TextWordWrap),
                    text,
                )
                assert rect.height() >= needed.height(), text
                checked += 1
    assert checked >= 12
