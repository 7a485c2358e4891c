"""What the people and notes library pages share: a filterable table and a record editor.

A subclass supplies the model, the editor, its words and its undoable add/delete/attach.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.library.library_filter import LibraryFilterProxy
from ui.library.record_editor import RecordEditor
from ui.library.summary_table import SummaryTableModel
from ui.widgets import message_boxes
from ui.widgets.inline_message import InlineMessage
from ui.widgets.labels import heading_label, hint_label
from ui.window.pages import BookPage
from ui.window.read_only import keep_for_browsing


class LibraryPage(BookPage):
    """A library of reusable records with a filter, sorting and the selected record's editor."""

    PAGE_TITLE = ""
    HINT = ""
    FILTER_HINT = ""
    NOUN = ("record", "records")
    NEW_LABEL = "New"
    COLUMN_WIDTHS: Sequence[int] = ()
    STRETCH_COLUMNS: Sequence[int] = ()
    SAMPLE_TEXT: dict[int, str] = {}  # noqa: RUF012 - read-only per class
    ICON_COLUMNS: Sequence[int] = ()  # columns that show the stale badge
    SETTINGS_KEY = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = self.make_model()
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._needs_reload = True
        self._own_change = False
        self._restoring = False

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.FILTER_HINT)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(f"Filter {self.NOUN[1]}")
        keep_for_browsing(self.filter_edit)  # filtering works on a read-only store too
        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.NEW_LABEL, self)
        self.attach_button = QPushButton("Attach to book", self)
        self.attach_button.setToolTip(f"Add the selected {self.NOUN[1]} to the open book")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip(
            f"Delete the selected {self.NOUN[1]} from the library and every book (undoable)"
        )
        self.message = InlineMessage(self)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 10,000 rows one by one.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate(self.COLUMN_WIDTHS):
            header.resizeSection(column, width)
        for column in self.STRETCH_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # Widths from the text a column holds (not ResizeToContents, which measures rows).
        metrics = self.table.fontMetrics()
        icon_room = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize) + 8
        for column, sample in self.SAMPLE_TEXT.items():
            room = icon_room if column in self.ICON_COLUMNS else 0
            header.resizeSection(column, metrics.horizontalAdvance(sample) + room + 16)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._restore_hidden_columns()

        self.editor = self.make_editor()
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        scroll.setMinimumWidth(440)

        tools = QHBoxLayout()
        tools.addWidget(self.filter_edit, 1)
        tools.addWidget(self.count_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.attach_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
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
        self.splitter.setSizes([620, 380])  # a ratio: QSplitter scales it to the width
        self.splitter.setChildrenCollapsible(False)

        title = heading_label(self.PAGE_TITLE, self)
        hint = hint_label(self.HINT, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.splitter, 1)

        self.filter_edit.textChanged.connect(self._filter_changed)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._current_changed)
        selection.selectionChanged.connect(self._update_buttons)
        self.new_button.clicked.connect(self.new_record)
        self.attach_button.clicked.connect(self.attach_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.editor.saved.connect(self._record_saved)
        focus_filter = QShortcut(QKeySequence.StandardKey.Find, self)
        focus_filter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        focus_filter.activated.connect(self.filter_edit.setFocus)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        self.library_signal().connect(self._library_changed)
        context.events.book_changed.connect(self._library_changed)
        # The table loads when first shown (or asked for a record): a large library must not
        # slow down the app's start.
        self._update_buttons()

    # --- for subclasses -------------------------------------------------------------------

    def make_model(self) -> SummaryTableModel:
        raise NotImplementedError

    def make_editor(self) -> RecordEditor:
        raise NotImplementedError

    def library_signal(self) -> SignalInstance:
        """The app event that says this library changed."""
        raise NotImplementedError

    def add_new(self) -> str | None:
        """Add a fresh record (undoably); its id, or None when refused."""
        raise NotImplementedError

    def delete_one(self, record_id: str) -> bool:
        raise NotImplementedError

    def uses(self, record_id: str) -> tuple[str, list[str]]:
        """The record's name and where books use it ("“Baku talks” (2 meetings)"), for the
        question asked before deleting."""
        raise NotImplementedError

    def attach(self, book_id: str, ids: list[str], row: int) -> bool:
        raise NotImplementedError

    def attached_ids(self, book_id: str) -> list[str]:
        raise NotImplementedError

    # --- BookPage -------------------------------------------------------------------------

    def set_book(self, book_id: str | None) -> None:
        super().set_book(book_id)
        self._update_buttons()

    def flush(self) -> None:
        self.editor.flush()

    def has_unsaved_changes(self) -> bool:
        return self.editor.dirty

    def focus_record(self, record_id: str) -> None:
        self.ensure_loaded()
        if self.model.row_of(record_id) < 0:
            return
        if self._proxy_row(record_id) < 0:
            self.filter_edit.clear()
        self.select(record_id)

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the library again, keeping the selected record and the filter."""
        current = self.editor.record_id
        self._restoring = True
        try:
            self.model.reload()
        finally:
            self._restoring = False
        self._needs_reload = False
        if current is not None and self.model.row_of(current) >= 0:
            self.select(current)
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

    def ensure_loaded(self) -> None:
        """Load the table now if it has not been loaded or is out of date."""
        if self._needs_reload:
            self.reload()

    def _reload_if_needed(self) -> None:
        if self._needs_reload and self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()

    # --- columns --------------------------------------------------------------------------

    def _column_menu(self, position: QPoint) -> None:
        """Right-click on the header: show or hide columns (narrow screens, personal taste)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in range(1, self.model.columnCount()):  # the first column always shows
            action = menu.addAction(str(self.model.headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: self.set_column_shown(c, shown))
        menu.popup(header.mapToGlobal(position))

    def set_column_shown(self, column: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not shown)
        hidden = [
            c
            for c in range(self.model.columnCount())
            if self.table.horizontalHeader().isSectionHidden(c)
        ]
        self.context.settings.setValue(f"{self.SETTINGS_KEY}/hidden_columns", hidden)

    def _restore_hidden_columns(self) -> None:
        stored = self.context.settings.value(f"{self.SETTINGS_KEY}/hidden_columns", [])
        values = stored if isinstance(stored, list) else [stored]
        for value in values:
            text = str(value)
            column = int(text) if text.isdigit() else -1
            if 0 < column < self.model.columnCount():
                self.table.horizontalHeader().setSectionHidden(column, True)

    # --- selection and filter -------------------------------------------------------------

    def _proxy_row(self, record_id: str) -> int:
        source_row = self.model.row_of(record_id)
        if source_row < 0:
            return -1
        return self.proxy.mapFromSource(self.model.index(source_row, 0)).row()

    def select(self, record_id: str) -> None:
        row = self._proxy_row(record_id)
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
        if self._restoring or not current.isValid():
            return
        record_id = self.model.record_id(self.proxy.mapToSource(current).row())
        if record_id != self.editor.record_id:
            self.editor.load(record_id)

    def _filter_changed(self, text: str) -> None:
        self.proxy.set_query(text)
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        noun = self.NOUN[0] if total == 1 else self.NOUN[1]
        text = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        self.count_label.setText(text)

    def _update_buttons(self) -> None:
        chosen = bool(self.table.selectionModel().selectedRows())
        self.delete_button.setEnabled(chosen)
        self.attach_button.setEnabled(chosen and self.book_id is not None)

    # --- actions --------------------------------------------------------------------------

    def new_record(self) -> str | None:
        """Add a record and put the cursor in its first field."""
        self.editor.flush()
        record_id = self.add_new()
        if record_id is None:
            return None
        self.message.clear()
        self.filter_edit.clear()
        self.reload()
        self.select(record_id)
        self.editor.first_field.setFocus()
        self.editor.first_field.selectAll()
        return record_id

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        self.editor.flush()
        if not self._confirm_delete(ids):
            return
        stack = self.context.undo_stack
        if len(ids) > 1:
            stack.beginMacro(f"Delete {len(ids)} {self.NOUN[1]}")
        try:
            deleted = sum(1 for record_id in ids if self.delete_one(record_id))
        finally:
            if len(ids) > 1:
                stack.endMacro()
        self.reload()
        if deleted:
            noun = self.NOUN[0] if deleted == 1 else self.NOUN[1]
            self.context.events.status_message.emit(
                f"Deleted {deleted} {noun} from the library and its books; Undo restores them."
            )

    def _confirm_delete(self, ids: list[str]) -> bool:
        """Ask first when books use what is about to go, naming them; else just delete."""
        used = [(name, places) for name, places in map(self.uses, ids) if places]
        if not used:
            return True
        lines = [f"{name}: {'; '.join(places)}" for name, places in used[:8]]
        if len(used) > 8:
            lines.append(f"…and {len(used) - 8} more")
        noun = self.NOUN[0] if len(ids) == 1 else f"{len(ids)} {self.NOUN[1]}"
        subject = used[0][0] if len(ids) == 1 else f"these {len(ids)} {self.NOUN[1]}"
        return message_boxes.ask(
            self,
            f"Delete {noun}?",
            f"Books use {subject}. Deleting removes {'it' if len(ids) == 1 else 'them'} from "
            "the library and from these books:",
            "Delete",
            informative="\n".join(lines) + "\n\nEdit ▸ Undo brings everything back.",
            destructive=True,
        )

    def attach_selected(self) -> None:
        """Add the selected records at the end of the open book (those not there yet)."""
        if self.book_id is None:
            return
        self.editor.flush()
        attached = self.attached_ids(self.book_id)
        ids = [record_id for record_id in self.selected_ids() if record_id not in attached]
        title = self.context.store.get_book(self.book_id).title
        if not ids:
            self.context.events.status_message.emit(f"Already in {title}")
            return
        if self.attach(self.book_id, ids, len(attached)):
            noun = self.NOUN[0] if len(ids) == 1 else self.NOUN[1]
            self.context.events.status_message.emit(f"Attached {len(ids)} {noun} to {title}")

    def _record_saved(self, record: object) -> None:
        self.model.update_from(record)
        self._own_change = True
        try:
            self.library_signal().emit()
        finally:
            self._own_change = False
