"""The people library page: a filterable table of everyone, and the selected person's profile."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import Person
from ui import library_commands
from ui.context import AppContext
from ui.inline_message import InlineMessage
from ui.library_filter import LibraryFilterProxy
from ui.pages import BookPage
from ui.people_model import BOOKS, NAME, VERIFIED, PeopleModel
from ui.profile_editor import ProfileEditor


class PeoplePage(BookPage):
    """Everyone in the library, with a filter, sorting, and the selected person's profile."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = PeopleModel(context.store, self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._needs_reload = True
        self._own_change = False
        self._restoring = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter by name, title, organization or country")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter people")
        self.count_label = QLabel(self)
        self.new_button = QPushButton("New person", self)
        self.new_button.setToolTip("Add a person to the library")
        self.attach_button = QPushButton("Attach to book", self)
        self.attach_button.setToolTip("Add the selected people to the open book's participants")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected people from the library (undoable)")
        self.message = InlineMessage(self)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 10,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((190, 150, 180, 200, 100, 110, 60)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(BOOKS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VERIFIED, QHeaderView.ResizeMode.ResizeToContents)

        self.editor = ProfileEditor(context, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll.setMinimumWidth(420)

        tools = QHBoxLayout()
        tools.addWidget(self.filter_edit, 1)
        tools.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.table, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.message)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(scroll)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        title = QLabel("<h2>People</h2>", self)
        hint = QLabel(
            "Everyone you may meet, reused across books. Drag people onto a book's "
            "participants, or select them and choose “Attach to book”.",
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.splitter, 1)

        self.filter_edit.textChanged.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.new_button.clicked.connect(self.new_person)
        self.attach_button.clicked.connect(self.attach_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.editor.saved.connect(self._person_saved)
        focus_filter = QShortcut(QKeySequence.StandardKey.Find, self)
        focus_filter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus_filter.activated.connect(self.filter_edit.setFocus)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        context.events.people_changed.connect(self._library_changed)
        context.events.book_changed.connect(self._library_changed)

        self.reload()

    # --- BookPage -------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        super().set_book(book_id)
        self._update_buttons()

    def flush(self) -> None:
        self.editor.flush()

    def focus_record(self, record_id: str) -> None:
        if self._needs_reload:
            self.reload()
        if self.model.row_of(record_id) < 0:
            return
        if self._proxy_row(record_id) < 0:
            self.filter_edit.clear()
        self._select(record_id)

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the library again, keeping the selected person and the filter."""
        current = self.editor.person_id
        self._restoring = True
        try:
            self.model.reload()
        finally:
            self._restoring = False
        self._needs_reload = False
        if current is not None and self.model.row_of(current) >= 0:
            self._select(current)
            self.editor.refresh_usage()
        else:
            self.editor.discard()
        self._update_count()
        self._update_buttons()

    def _library_changed(self, *_: object) -> None:
        if self._own_change:
            return
        self._needs_reload = True
        if self.isVisible():
            # Coalesce a burst of changes (an import, an undo macro) into one reload.
            QTimer.singleShot(0, self._reload_if_needed)

    def _reload_if_needed(self) -> None:
        if self._needs_reload:
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._reload_if_needed()

    # --- selection and filter -------------------------------------------------------------

    def _proxy_row(self, person_id: str) -> int:
        source_row = self.model.row_of(person_id)
        if source_row < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()

    def _select(self, person_id: str) -> None:
        row = self._proxy_row(person_id)
        if row < 0:
            return
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.model.record_id(self.proxy.mapToSource(index).row()) for index in rows]

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._restoring:
            return
        if not current.isValid():
            return
        person_id = self.model.record_id(self.proxy.mapToSource(current).row())
        if person_id != self.editor.person_id:
            self.editor.load(person_id)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = "person" if total == 1 else "people"
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        self.count_label.setText(text)

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.delete_button.setEnabled(chosen)
        self.attach_button.setEnabled(chosen and self.book_id is not None)

    # --- actions --------------------------------------------------------------------------

    def new_person(self) -> str | None:
        """Add a person named "New person" and put the cursor in their name field."""
        self.editor.flush()
        person = Person(name="New person")
        if not library_commands.add_person(self.context, person, self.message.show_error):
            return None
        self.message.clear()
        self.filter_edit.clear()
        self.reload()
        self._select(person.id)
        self.editor.name_edit.setFocus()
        self.editor.name_edit.selectAll()
        return person.id

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.editor.flush()
        stack = self.context.undo_stack
        if len(ids) > 1:
            stack.beginMacro(f"Delete {len(ids)} people")
        try:
            for person_id in ids:
                library_commands.delete_person(self.context, person_id, self.message.show_error)
        finally:
            if len(ids) > 1:
                stack.endMacro()
        self.reload()

    def attach_selected(self) -> None:
        if self.book_id is None:
            return
        self.editor.flush()
        store = self.context.store
        attached = [p.person_id for p in store.list_participants(self.book_id)]
        ids = [person_id for person_id in self.selected_ids() if person_id not in attached]
        title = store.get_book(self.book_id).title
        if not ids:
            self.context.events.status_message.emit(f"Already in {title}")
            return
        if library_commands.place_participants(
            self.context, self.book_id, ids, len(attached), self.message.show_error
        ):
            noun = "person" if len(ids) == 1 else "people"
            self.context.events.status_message.emit(f"Attached {len(ids)} {noun} to {title}")

    def _person_saved(self, person: Person) -> None:
        self.model.update_person(person)
        self._own_change = True
        try:
            self.context.events.people_changed.emit()
        finally:
            self._own_change = False
