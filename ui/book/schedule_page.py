"""The Schedule page: a book's meetings by day, with add/edit/delete and undo."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Book, Meeting, ParticipantEntry
from app.errors import BriefBookError, NotFound
from ui.book.meeting_editor import MeetingEditor, default_day
from ui.book.schedule_model import DAY_ROLE, LOCATION, PARTICIPANTS, TIME, TITLE, ScheduleModel
from ui.commands.base import push_done
from ui.commands.schedule_commands import MeetingCommand
from ui.context import AppContext
from ui.widgets.icons import icon
from ui.widgets.labels import heading_label, hint_label
from ui.window.pages import BookPage


class _ScheduleDelegate(QStyledItemDelegate):
    """Roomier rows, and day rows drawn as a band so the days stand apart."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        extra = 14 if index.data(DAY_ROLE) else 8
        view = self.parent()
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if isinstance(view, QTreeView) and isinstance(text, str) and not index.data(DAY_ROLE):
            # Wrapped in the column's width: a long place or list of people takes two lines.
            width = max(view.columnWidth(index.column()) - 12, 40)
            flags = int(Qt.TextFlag.TextWordWrap)
            wrapped = option.fontMetrics.boundingRect(QRect(0, 0, width, 10_000), flags, text)
            return QSize(size.width(), max(size.height(), wrapped.height() + 6) + extra)
        return QSize(size.width(), size.height() + extra)

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if index.data(DAY_ROLE):
            option.backgroundBrush = option.palette.button()
            option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom


class SchedulePage(BookPage):
    """Meetings grouped by day; overlaps and meetings outside the trip are flagged."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.book: Book | None = None
        self.participants: list[ParticipantEntry] = []
        self.model = ScheduleModel(self)

        self.heading = heading_label("Schedule")
        self.summary = hint_label("")
        self.summary.setObjectName("scheduleSummary")

        self.add_button = QPushButton(icon("add"), "Add meeting…")
        self.edit_button = QPushButton(icon("rename"), "Edit…")
        self.delete_button = QPushButton(icon("delete"), "Delete")
        self.add_button.setToolTip("Add a meeting to this book's schedule")
        self.edit_button.setToolTip("Change the selected meeting (or double-click it)")
        self.add_button.clicked.connect(self.add_meeting)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(_ScheduleDelegate(self.view))
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setItemsExpandable(False)
        self.view.setRootIsDecorated(False)
        self.view.setIndentation(14)
        self.view.doubleClicked.connect(self._on_double_clicked)
        header = self.view.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(TIME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(LOCATION, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PARTICIPANTS, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(TITLE, 280)
        self.view.setColumnWidth(LOCATION, 260)
        # Long lists of participants wrap onto a second line instead of being cut off.
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionResized.connect(lambda *_: self.view.doItemsLayout())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setObjectName("emptySchedule")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.view)

        delete_action = QAction("Delete meeting", self)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(delete_action)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.stack, 1)

        context.events.book_changed.connect(self._on_book_changed)
        context.events.people_changed.connect(self.reload)
        self.set_book(None)

    # --- BookPage -------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        super().set_book(book_id)
        self.reload()

    def focus_record(self, record_id: str) -> None:
        if self._select(record_id):
            self.view.setFocus()

    def _select(self, record_id: str) -> bool:
        index = self.model.index_of_meeting(record_id)
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the open book's schedule, keeping the selected meeting selected."""
        selected = self.selected_meeting()
        store = self.context.store
        self.book = None
        self.participants = []
        meetings: list[Meeting] = []
        if self.book_id:
            try:
                self.book = store.get_book(self.book_id)
                self.participants = store.list_participant_entries(self.book_id)
                meetings = store.list_meetings(self.book_id)
            except NotFound:
                self.book_id = None
        names = {entry.person.id: entry.person.name for entry in self.participants}
        for meeting in meetings:
            for person_id in meeting.participants:
                if person_id not in names:
                    try:
                        names[person_id] = store.get_person(person_id).name
                    except NotFound:
                        continue
        self.model.set_schedule(meetings, self.book, names)
        self.view.expandAll()
        for row in range(self.model.rowCount()):
            self.view.setFirstColumnSpanned(row, QModelIndex(), True)
        self._update_texts(meetings)
        if selected is not None:
            # Reselect without taking the focus: a reload may follow a save made while the
            # officer types on another page (Ctrl+Z would then miss their typing).
            self._select(selected.id)
        self._update_buttons()

    def _update_texts(self, meetings: list[Meeting]) -> None:
        book = self.book
        self.add_button.setEnabled(book is not None)
        if book is None:
            self.heading.setText("Schedule")
            self.summary.setText("")
            self.empty_label.setText("Open a book to see its schedule.")
            self.stack.setCurrentWidget(self.empty_label)
            return
        self.heading.setText(f"Schedule — {book.title}")
        parts = []
        if book.start_date and book.end_date:
            parts.append(f"Trip: {book.start_date:%a %d %b} – {book.end_date:%a %d %b %Y}")
        elif book.start_date:
            parts.append(f"Trip starts {book.start_date:%a %d %b %Y}")
        days = self.model.rowCount()
        count = len(meetings)
        parts.append(f"{count} meeting{'s' if count != 1 else ''} on {days} day{'s' * (days != 1)}")
        overlaps = self.model.overlap_count()
        outside = self.model.outside_count()
        if overlaps:
            parts.append(f"⚠ {overlaps} meetings overlap")
        if outside:
            parts.append(f"⚠ {outside} outside the trip dates")
        self.summary.setText("   ·   ".join(parts))
        if meetings:
            self.stack.setCurrentWidget(self.view)
        else:
            self.empty_label.setText(
                "No meetings yet.\nUse “Add meeting…” to plan the first one; times are kept in "
                "the destination's local time."
            )
            self.stack.setCurrentWidget(self.empty_label)

    def _on_book_changed(self, book_id: str) -> None:
        if book_id and book_id == self.book_id:
            self.reload()

    # --- selection ------------------------------------------------------------------------

    def selected_meeting(self) -> Meeting | None:
        return self.model.meeting_at(self.view.currentIndex())

    def _update_buttons(self) -> None:
        has_meeting = self.selected_meeting() is not None
        self.edit_button.setEnabled(has_meeting)
        self.delete_button.setEnabled(has_meeting)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        meeting = self.model.meeting_at(index)
        if meeting is not None and not self.read_only:  # the editor dialog would write
            self.edit_meeting(meeting)

    # --- editing --------------------------------------------------------------------------

    def make_editor(self, meeting: Meeting | None) -> MeetingEditor:
        assert self.book is not None
        day = None
        if meeting is None:
            selected = self.selected_meeting()
            day = (
                selected.start.date() if selected else default_day(self.book, self.model.meetings())
            )
        return MeetingEditor(
            self.book,
            self.participants,
            meeting,
            self.context.settings,
            self,
            day=day,
            context=self.context,
        )

    def add_meeting(self) -> Meeting | None:
        """Ask for a new meeting and add it (undoable). Returns it, or None if cancelled."""
        if self.book is None:
            return None
        editor = self.make_editor(None)
        if editor.exec() != MeetingEditor.DialogCode.Accepted:
            return None
        meeting = editor.meeting()
        if not self._write(meeting, None, f'Add meeting "{meeting.title}"'):
            return None
        return meeting

    def edit_selected(self) -> None:
        meeting = self.selected_meeting()
        if meeting is not None:
            self.edit_meeting(meeting)

    def edit_meeting(self, meeting: Meeting) -> Meeting | None:
        editor = self.make_editor(meeting)
        if editor.exec() != MeetingEditor.DialogCode.Accepted:
            return None
        edited = editor.meeting()
        if edited == meeting:
            return meeting
        if not self._write(edited, meeting, f'Edit meeting "{edited.title}"'):
            return None
        return edited

    def delete_selected(self) -> None:
        meeting = self.selected_meeting()
        if meeting is None:
            return
        try:
            self.context.store.delete_meeting(meeting.id)
        except BriefBookError as error:
            self.context.events.user_error.emit(str(error))
            return
        push_done(
            self.context,
            MeetingCommand(self.context, f'Delete meeting "{meeting.title}"', meeting, None),
        )
        self.context.events.book_changed.emit(meeting.book_id)
        self.context.events.status_message.emit(f'Deleted "{meeting.title}".')

    def _write(self, meeting: Meeting, before: Meeting | None, label: str) -> bool:
        try:
            saved = self.context.store.save_meeting(meeting)
        except BriefBookError as error:
            self.context.events.user_error.emit(str(error))
            return False
        push_done(self.context, MeetingCommand(self.context, label, before, replace(saved)))
        self.context.events.book_changed.emit(saved.book_id)
        self.focus_record(saved.id)
        return True
